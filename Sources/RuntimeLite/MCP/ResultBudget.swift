import Foundation
import HandbookModel

/// Fits a tool result into a byte budget as valid JSON, so a client with a message size limit (the official MCP
/// clients read at most 1 MiB per SSE event) gets a shorter result instead of a broken stream. Objects shrink their
/// largest members first; arrays keep their first items; strings keep their first characters (a character is never
/// split). Every cut is listed with its JSON Pointer and how much was left out. Runs on results that are already
/// redacted.
struct ResultBudget: Sendable {
    /// One place where the result was cut.
    struct Cut: Sendable, Hashable {
        /// JSON Pointer to the array, string or object that was cut.
        var path: String
        /// Items, characters or members kept.
        var kept: Int
        /// Items, characters or members left out.
        var omitted: Int
        /// What ``kept`` and ``omitted`` count: `items`, `characters` or `members`.
        var unit: String

        /// The note added to the result.
        var json: JSONValue {
            .object(["path": .string(path), "kept": .integer(kept), "omitted": .integer(omitted), "unit": .string(unit)])
        }

        /// The note in words.
        var text: String { "\(path.isEmpty ? "/" : path): \(omitted) of \(kept + omitted) \(unit) left out" }
    }

    /// What a cut result tells the agent to do.
    static let hint = "the result was cut to fit the size limit (see omitted: what was left out where); ask for less: "
        + "page with the operation's limit/offset or cursor parameters, or pass a shape (describe lists the "
        + "operation's shapes; or a jq program such as [.items[] | {id, name}])"

    /// Most cuts listed in a result.
    static let listedCuts = 16

    /// Largest serialized result, in bytes.
    let maximumBytes: Int

    /// `result` fitted into the budget with the cuts made. When anything was cut, an object result also gets
    /// `"truncated": true`, `"omitted"` (the first ``listedCuts`` cuts) and `"hint"` (how to ask for less).
    func fit(_ result: JSONValue) -> (value: JSONValue, cuts: [Cut]) {
        let fitted = fitted(result)
        return (fitted.value, fitted.cuts)
    }

    /// A result fitted into the budget.
    struct Fitted {
        /// The result, cut where it had to be.
        var value: JSONValue
        /// The cuts made.
        var cuts: [Cut]
        /// The compact JSON of ``value`` when nothing was cut: measuring the result wrote it, so an answer need not
        /// write it again.
        var serialized: [UInt8]?
    }

    /// ``fit(_:)``, keeping the compact JSON written to measure the result when it fits as it is.
    func fitted(_ result: JSONValue) -> Fitted {
        let serialized = result.serializedData(sortKeys: false)
        guard serialized.count > maximumBytes else { return Fitted(value: result, cuts: [], serialized: serialized) }
        // Room for the notes themselves: at most `listedCuts` short objects.
        let reserve = min(Self.listedCuts * 160 + Self.hint.utf8.count + 16, maximumBytes / 4)
        var cuts: [Cut] = []
        let fitted = Self.trim(result, to: maximumBytes - reserve, at: "", cuts: &cuts)
        guard case .object(var object) = fitted else { return Fitted(value: fitted, cuts: cuts) }
        object["truncated"] = .bool(true)
        object["omitted"] = .array(cuts.prefix(Self.listedCuts).map(\.json))
        object["hint"] = .string(Self.hint)
        return Fitted(value: .object(object), cuts: cuts)
    }

    /// `text` cut to at most `maximumBytes` UTF-8 bytes on a character boundary, ending with `note` when cut.
    static func cut(_ text: String, toBytes maximumBytes: Int, note: String) -> String {
        guard text.utf8.count > maximumBytes else { return text }
        var used = note.utf8.count
        var end = text.startIndex
        for character in text {
            used += character.utf8.count
            if used > maximumBytes { break }
            end = text.index(after: end)
        }
        return String(text[..<end]) + note
    }

    static func size(_ value: JSONValue) -> Int { value.serializedData(sortKeys: false).count }

    private static func trim(_ value: JSONValue, to limit: Int, at path: String, cuts: inout [Cut]) -> JSONValue {
        let size = size(value)
        guard size > limit else { return value }
        switch value {
        case .string(let text): return .string(trim(text, to: limit, at: path, cuts: &cuts))
        case .array(let elements): return .array(trim(elements, to: limit, at: path, cuts: &cuts))
        case .object(let object): return .object(trim(object, size: size, to: limit, at: path, cuts: &cuts))
        case .null, .bool, .int, .double: return value
        }
    }

    /// The first characters of `text` whose JSON string (quotes and a closing `…` included) fits `limit` bytes.
    private static func trim(_ text: String, to limit: Int, at path: String, cuts: inout [Cut]) -> String {
        let ellipsis = "…"
        let room = limit - 2 - ellipsis.utf8.count
        var used = 0
        var kept = 0
        var end = text.startIndex
        if room > 0 {
            for character in text {
                used += escapedSize(character)
                if used > room { break }
                kept += 1
                end = text.index(after: end)
            }
        }
        cuts.append(Cut(path: path, kept: kept, omitted: text.count - kept, unit: "characters"))
        return room > 0 ? String(text[..<end]) + ellipsis : ""
    }

    /// The first items of `elements` that fit `limit` bytes; when not even the first fits whole, the first trimmed.
    private static func trim(_ elements: [JSONValue], to limit: Int, at path: String, cuts: inout [Cut]) -> [JSONValue] {
        let room = limit - 2
        var kept: [JSONValue] = []
        var used = 0
        for element in elements {
            let cost = size(element) + (kept.isEmpty ? 0 : 1)
            if used + cost > room { break }
            used += cost
            kept.append(element)
        }
        if kept.isEmpty, let first = elements.first, room > 2 {
            var inner: [Cut] = []
            let trimmed = trim(first, to: room, at: path + "/0", cuts: &inner)
            if size(trimmed) <= room {
                kept.append(trimmed)
                cuts += inner
            }
        }
        cuts.append(Cut(path: path, kept: kept.count, omitted: elements.count - kept.count, unit: "items"))
        return kept
    }

    /// `object` within `limit` bytes: its largest members trimmed first, each at most once; if that is not enough
    /// (many small members), its last members left out.
    private static func trim(
        _ object: JSONObject, size: Int, to limit: Int, at path: String, cuts: inout [Cut]
    ) -> JSONObject {
        var members = object.members
        var sizes = members.map { Self.size($0.value) }
        var total = size
        var trimmed = Set<Int>()
        while total > limit {
            let candidates = sizes.indices.filter { !trimmed.contains($0) && sizes[$0] > 2 && isContainer(members[$0].value) }
            guard let largest = candidates.max(by: { sizes[$0] < sizes[$1] }) else { break }
            trimmed.insert(largest)
            let target = max(2, sizes[largest] - (total - limit))
            let value = trim(members[largest].value, to: target, at: path + "/" + pointerToken(members[largest].key),
                             cuts: &cuts)
            let newSize = Self.size(value)
            total -= sizes[largest] - newSize
            sizes[largest] = newSize
            members[largest].value = value
        }
        var keptCount = members.count
        while total > limit, keptCount > 0 {
            keptCount -= 1
            total -= Self.size(.string(members[keptCount].key)) + 1 + sizes[keptCount] + (keptCount > 0 ? 1 : 0)
        }
        if keptCount < members.count {
            cuts.append(Cut(path: path, kept: keptCount, omitted: members.count - keptCount, unit: "members"))
        }
        return JSONObject(members.prefix(keptCount).map { ($0.key, $0.value) })
    }

    private static func isContainer(_ value: JSONValue) -> Bool {
        switch value {
        case .string, .array, .object: true
        case .null, .bool, .int, .double: false
        }
    }

    /// Bytes `character` takes inside a JSON string as the serializer writes it.
    private static func escapedSize(_ character: Character) -> Int {
        character.unicodeScalars.reduce(0) { total, scalar in
            switch scalar.value {
            case 0x22, 0x5C, 0x0A, 0x0D, 0x09: total + 2
            case 0x00..<0x20: total + 6
            default: total + String(scalar).utf8.count
            }
        }
    }

    private static func pointerToken(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
