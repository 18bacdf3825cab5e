import Foundation
import HandbookModel

/// One input of a learned plan whose value came from the request it was learned for, and which a new request fills
/// again with the value it states in the same place.
public struct PlanSlot: Sendable, Hashable, Codable {
    /// The plan input (`$inputs.NAME`).
    public var input: String
    /// The kind of value the request stated (``RequestValue/Kind``).
    public var kind: RequestValue.Kind
    /// Which value of its kind group it was in the request: 0 for the first number, 1 for the second, …
    public var ordinal: Int
    /// The value the input had when the plan was learned.
    public var example: String
    /// When the input took one `/`-separated part of the value (`octocat` of `octocat/Hello-World`): which.
    public var part: Int?
    /// When the input held the value inside other text (`repo:octocat/Hello-World is:open`): that text with
    /// ``valueMarker`` where the value goes.
    public var template: String?
    /// Whether the input is a string (a number the request states may fill a string input, as in an issue number
    /// used in a search query).
    public var isString: Bool
    /// The tokens of the learned request that stated the value (``RequestTokens``).
    public var position: Range<Int>?

    /// Where a template's value goes.
    public static let valueMarker = "{value}"

    /// The input's value from `text`, what a new request states in the value's place; `nil` when it lacks the part
    /// or is not a number where one is needed.
    func fill(from text: String) -> JSONValue? {
        var text = text
        if let part {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard part < parts.count else { return nil }
            text = String(parts[part])
        }
        if let template { text = template.replacingOccurrences(of: Self.valueMarker, with: text) }
        if isString || part != nil || template != nil { return .string(text) }
        let number = text.filter { !"#$€£,%".contains($0) }
        if let integer = Int64(number) { return .int(integer) }
        return Double(number).map(JSONValue.double)
    }
}

/// Turns a plan that ran for one request into one that serves every request of the same shape: each literal value
/// of its steps, and each input value, that the request stated becomes a typed, required plan input (a ``PlanSlot``);
/// inputs the request did not state become constants of the steps, so the learned plan needs nothing but what a new
/// request states.
public struct PlanGeneralization: Sendable {
    /// The plan with request values as inputs.
    public var plan: PlanTemplate
    /// The inputs that take a value of the request, in the order the request states them.
    public var slots: [PlanSlot]
    /// The request's shape.
    public var shape: RequestShape

    /// Generalizes `plan`, run with `inputs` for `request`.
    public init(request: String, plan: PlanTemplate, inputs: JSONObject) {
        shape = RequestShape(request)
        var builder = Builder(
            shape: shape, tokens: RequestTokens(request), schema: plan.inputs.objectValue ?? ["type": .string("object")]
        )
        var constants = JSONObject()
        for member in inputs.members {
            if builder.slot(for: member.value, input: member.key) == nil { constants[member.key] = member.value }
        }
        var steps = plan.steps
        for index in steps.indices {
            steps[index].arguments = builder.generalize(
                Self.substitute(constants, in: steps[index].arguments), key: steps[index].operation)
        }
        var generalized = plan
        generalized.steps = steps
        generalized.inputs = builder.inputSchema(droppingConstants: constants)
        self.plan = generalized
        slots = builder.slots.sorted { ($0.kind.group, $0.ordinal) < ($1.kind.group, $1.ordinal) }
    }

    /// The slots' values in `request`, a new request, when it gives one for every slot of a plan learned for
    /// `learned`: what stands where the value stood once the two requests are lined up (``RequestAlignment``), else
    /// what follows the word the value followed (``RequestAlignment/afterMention(of:)``), else (for stated values)
    /// the value of the same kind in the same order — the n-th number fills the slot that held the n-th number. `nil`
    /// when a slot stays empty.
    public static func fill(_ slots: [PlanSlot], learnedFrom learned: String, for request: String) -> JSONObject? {
        fill(
            slots, request: RequestShape(request),
            alignment: RequestAlignment(old: RequestTokens(learned), new: RequestTokens(request)))
    }

    /// ``fill(_:learnedFrom:for:)`` with the new request read and aligned already. What a slot finds in its place is
    /// read first, for every slot; a value so found fills no other slot by order (in "Create a playlist for user
    /// 31l77y… and call it Wedding Party", `31l77y…` follows "user", so the name is the other value). A slot takes
    /// no more words from its place than it learned ("user jmperezperez have" is `jmperezperez`). A stated
    /// value's slot takes the value of its kind after the word it followed ("titled Focus Mix" for "called Road
    /// Trip"), else one by order; a text value's slot takes a plain word after that word only when no value of its
    /// kind is left. A position stored from an older reading of the learned request that no longer says the slot's
    /// value is not used.
    static func fill(_ slots: [PlanSlot], request shape: RequestShape, alignment: RequestAlignment) -> JSONObject? {
        var placed: [String: JSONValue] = [:]
        var taken = Set<String>()
        func place(_ slot: PlanSlot, from text: String?) -> Bool {
            guard let text, let value = slot.fill(from: text) else { return false }
            placed[slot.input] = value
            taken.insert(text)
            return true
        }
        // Where each slot stood in the learned request, and what follows the word before it in the new one.
        var positions: [String: Range<Int>] = [:]
        var mentioned: [String: String] = [:]
        for slot in slots {
            guard let position = slot.position, alignment.locates(slot.example, at: position) else { continue }
            positions[slot.input] = position
            mentioned[slot.input] = alignment.afterMention(of: position)
        }
        for slot in slots {
            guard let position = positions[slot.input] else { continue }
            var found = alignment.counterpart(of: position, group: slot.kind.group)
            // A place longer than the value it held holds more than the value ("in ams3 named logs-archive" where
            // "in nyc1" stood): the value is looked for after its mention, or by order, below.
            if let text = found, text.split(separator: " ").count > position.count { found = nil }
            if !place(slot, from: found), slot.kind == .words, !place(slot, from: mentioned[slot.input]) {
                // "20 of wizzler's playlists" for "the first 10 playlists of user smedjan": the one owner the
                // request names.
                let owners = shape.owners.filter { !taken.contains($0) }
                if owners.count == 1 { _ = place(slot, from: owners[0]) }
            }
        }
        var byGroup: [String: [RequestValue]] = [:]
        for value in shape.values { byGroup[value.kind.group, default: []].append(value) }
        // A value of its kind after the word it followed ("post 9" for "post 7"), for every slot before any takes
        // one by order ("…in fra1 for our Postgres data" gives the region before the name is looked for).
        for slot in slots where placed[slot.input] == nil && slot.kind != .words {
            if let mention = mentioned[slot.input], !taken.contains(mention),
                byGroup[slot.kind.group]?.contains(where: { $0.text == mention }) == true
            {
                _ = place(slot, from: mention)
            }
        }
        var filled = JSONObject()
        for slot in slots {
            if placed[slot.input] == nil, slot.kind != .words {
                // Else the value of the same kind in the same order, else the first one no slot has taken, of the
                // slot's own kind first (an identifier's slot takes `pg-volume-01` before `Postgres`).
                let values = byGroup[slot.kind.group] ?? []
                let open = values.indices.filter { !taken.contains(values[$0].text) }
                let ownKind = open.filter { values[$0].kind == slot.kind }
                let index =
                    ownKind.contains(slot.ordinal)
                    ? slot.ordinal : ownKind.first ?? (open.contains(slot.ordinal) ? slot.ordinal : open.first)
                if let index {
                    _ = place(slot, from: values[index].text)
                } else if slot.kind.group == "text" {
                    _ = place(slot, from: mentioned[slot.input])
                }
            }
            guard let value = placed[slot.input] else { return nil }
            filled[slot.input] = value
        }
        return filled
    }

    /// `value` with `$inputs.NAME` replaced by the constant for NAME, where there is one.
    private static func substitute(_ constants: JSONObject, in value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text) where text.hasPrefix("$inputs."):
            return constants[String(text.dropFirst("$inputs.".count))] ?? value
        case .array(let elements): return .array(elements.map { substitute(constants, in: $0) })
        case .object(let object):
            return .object(JSONObject(object.members.map { ($0.key, substitute(constants, in: $0.value)) }))
        default: return value
        }
    }

    /// Collects slots while walking a plan.
    private struct Builder {
        let shape: RequestShape
        let tokens: RequestTokens
        var schema: JSONObject
        var slots: [PlanSlot] = []
        private var properties: JSONObject
        private var required: [String]

        init(shape: RequestShape, tokens: RequestTokens, schema: JSONObject) {
            self.shape = shape
            self.tokens = tokens
            self.schema = schema
            properties = schema["properties"]?.objectValue ?? JSONObject()
            required = schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }

        /// The slot for a literal `value` that the request states (whole, as one `/`-separated part, or inside
        /// other text): for a plan input the agent passed, a slot named `input`; for a literal of the steps, the
        /// slot already made for the same use of the same request value, or a new one named after `key` (made
        /// unique). `nil` when the request does not state the value.
        mutating func slot(for value: JSONValue, input: String? = nil, key: String = "value") -> PlanSlot? {
            let literal: String
            switch value {
            case .string(let text) where !text.hasPrefix("$"): literal = text
            case .int(let number): literal = String(number)
            case .double(let number): literal = String(number)
            default: return nil
            }
            guard let use = locate(literal, in: shape.values, tokens: tokens, isString: value.stringValue != nil)
            else { return nil }
            let kind = use.index.map { shape.values[$0].kind } ?? .words
            let ordinal =
                use.index.map { index in
                    shape.values[..<index].filter { $0.kind.group == kind.group }.count
                } ?? 0
            var slot = PlanSlot(
                input: "", kind: kind, ordinal: ordinal, example: literal, part: use.part,
                template: use.template, isString: value.stringValue != nil, position: use.position)
            if input == nil,
                let existing = slots.first(where: {
                    var same = $0
                    same.input = ""
                    return same == slot
                })
            {
                return existing
            }
            var name = input ?? key
            var suffix = 2
            while input == nil, slots.contains(where: { $0.input == name }) || properties[name] != nil {
                name = "\(key)_\(suffix)"
                suffix += 1
            }
            slot.input = name
            slots.append(slot)
            if properties[name] == nil { properties[name] = Self.schema(of: value) }
            if !required.contains(name) { required.append(name) }
            return slot
        }

        /// Where the request states `literal`: the first value equal to it, else the first with a `/`-separated
        /// part equal to it, else (for strings) the first value of three or more characters inside it, else (for
        /// strings) the first run of the request's words equal to it. `index` is the value's, `nil` for words.
        private func locate(
            _ literal: String, in values: [RequestValue], tokens: RequestTokens, isString: Bool
        )
            -> (index: Int?, part: Int?, template: String?, position: Range<Int>?)?
        {
            func position(_ index: Int) -> Range<Int>? { tokens.positions(covering: values[index].range) }
            if let index = values.firstIndex(where: { $0.matches(literal: literal) }) {
                return (index, nil, nil, position(index))
            }
            guard isString else { return nil }
            for (index, value) in values.enumerated() where value.text.contains("/") {
                let parts = value.text.split(separator: "/", omittingEmptySubsequences: false)
                if let part = parts.firstIndex(where: { $0.caseInsensitiveCompare(literal) == .orderedSame }) {
                    return (index, part, nil, position(index))
                }
            }
            if !literal.contains(PlanSlot.valueMarker) {
                for (index, value) in values.enumerated() where value.text.count >= 3 {
                    // Only at word boundaries: `5000` is not inside `50000`.
                    if let range = literal.range(of: value.text, options: .caseInsensitive),
                        range.lowerBound == literal.startIndex
                            || !literal[literal.index(before: range.lowerBound)].isAlphanumeric,
                        range.upperBound == literal.endIndex || !literal[range.upperBound].isAlphanumeric
                    {
                        return (
                            index, nil, literal.replacingCharacters(in: range, with: PlanSlot.valueMarker),
                            position(index)
                        )
                    }
                }
            }
            guard literal.count >= 2, let words = tokens.find(words: literal) else { return nil }
            return (nil, nil, nil, words)
        }

        /// `value` with every literal the request states replaced by `$inputs.SLOT`; members are named after their
        /// key, array elements after their parent's.
        mutating func generalize(_ value: JSONValue, key: String) -> JSONValue {
            switch value {
            case .array(let elements):
                return .array(elements.map { generalize($0, key: key) })
            case .object(let object):
                return .object(JSONObject(object.members.map { ($0.key, generalize($0.value, key: $0.key)) }))
            default:
                guard let slot = slot(for: value, key: Self.inputName(key)) else { return value }
                return .string("$inputs." + slot.input)
            }
        }

        /// The inputs schema: the plan's own, less the inputs that became constants, plus one required property per
        /// new slot.
        func inputSchema(droppingConstants constants: JSONObject) -> JSONValue {
            var result = schema
            var kept = JSONObject()
            for member in properties.members where constants[member.key] == nil { kept[member.key] = member.value }
            result["type"] = .string("object")
            result["properties"] = .object(kept)
            let stillRequired = required.filter { constants[$0] == nil }
            result["required"] = stillRequired.isEmpty ? nil : .array(stillRequired.map(JSONValue.string))
            return .object(result)
        }

        private static func schema(of value: JSONValue) -> JSONValue {
            switch value {
            case .int: .object(["type": .string("integer")])
            case .double: .object(["type": .string("number")])
            default: .object(["type": .string("string")])
            }
        }

        /// An input name from an argument key: its letters, digits and underscores (`credit_limit`, `customer_id`).
        private static func inputName(_ key: String) -> String {
            let cleaned = String(key.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
            return cleaned.isEmpty ? "value" : cleaned
        }
    }
}

private extension Character {
    var isAlphanumeric: Bool { isLetter || isNumber }
}
