import Foundation

/// The one rule for showing values in anything the runtime returns or logs (violation messages, denial reasons,
/// response bodies, errors): secrets are masked first, then the text is shortened, and values at locations the
/// handbook redacts are never shown.
///
/// Masking replaces every occurrence of every secret, in any letter case (an API may echo it lower-cased), with `***`,
/// longest secret first. Text that was cut (at a size
/// limit) may end in the first part of a secret; ``mask(_:truncated:)`` masks such a tail as well, and
/// ``shorten(_:limit:)`` masks before it cuts, so a cut never leaves part of a secret behind.
public struct ValueQuoting: Sendable {
    /// What stands for a masked secret.
    public static let maskText = "***"
    /// What stands for a value at a redacted location.
    public static let withheldText = "[redacted]"
    /// Secrets shorter than this are not masked (they would mask ordinary text).
    public static let minimumSecretLength = 4
    /// The shortest tail of a cut text that is masked as the beginning of a secret.
    static let minimumTailLength = 3

    /// Quotes values as they are: nothing is secret and nothing is withheld.
    public static let plain = ValueQuoting(secrets: [], withheld: [])

    /// The texts to mask, longest first.
    public let secrets: [String]
    /// JSON Pointers (into the document being quoted) whose values are never shown, nor any value containing them.
    public let withheld: [String]

    /// A rule masking `secrets` (shorter than ``minimumSecretLength`` ones are ignored) and withholding the values at,
    /// under or above the JSON Pointers `withheld`.
    public init(secrets: some Sequence<String>, withheld: [String] = []) {
        self.secrets = Set(secrets).filter { $0.count >= Self.minimumSecretLength }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        self.withheld = withheld
    }

    /// This rule also withholding the values at the JSON Pointers `pointers` of `document` (the locations a redaction
    /// removed): they are never quoted, and their strings are masked wherever else they appear (an API may repeat a
    /// redacted value in a message).
    public func withholding(_ pointers: [String], of document: JSONValue) -> ValueQuoting {
        guard !pointers.isEmpty else { return self }
        var values: [String] = []
        for pointer in pointers {
            if let value = document.value(at: pointer) { Self.collectStrings(value, into: &values) }
        }
        return ValueQuoting(secrets: secrets + values, withheld: withheld + pointers)
    }

    private static func collectStrings(_ value: JSONValue, into strings: inout [String]) {
        switch value {
        case .string(let text): strings.append(text)
        case .array(let elements): for element in elements { collectStrings(element, into: &strings) }
        case .object(let object): for member in object { collectStrings(member.value, into: &strings) }
        default: break
        }
    }

    /// `text` with every secret replaced by ``maskText``; when `truncated` (the text was cut at its end), a tail that
    /// is the beginning of a secret too.
    public func mask(_ text: String, truncated: Bool = false) -> String {
        guard !secrets.isEmpty else { return text }
        var masked = text
        for secret in secrets where Self.contains(masked, secret) {
            masked = masked.replacingOccurrences(of: secret, with: Self.maskText, options: .caseInsensitive)
        }
        if truncated { masked = maskingSecretTail(masked) }
        return masked
    }

    /// Whether `text` contains `secret` in any letter case. Every string of a result passes here, so when both are
    /// ASCII (where letter case pairs only `A-Z` with `a-z`) their bytes are compared directly; otherwise Foundation's
    /// case-insensitive search decides.
    private static func contains(_ text: String, _ secret: String) -> Bool {
        let ascii = text.utf8.withContiguousStorageIfAvailable { haystack in
            secret.utf8.withContiguousStorageIfAvailable { needle in asciiContains(haystack, needle) } ?? nil
        } ?? nil
        return ascii ?? (text.range(of: secret, options: .caseInsensitive) != nil)
    }

    /// Whether ASCII `haystack` contains ASCII `needle`, ignoring letter case; `nil` when either is not ASCII.
    private static func asciiContains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard haystack.allSatisfy({ $0 < 0x80 }), needle.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard let first = needle.first.map(lowercased), needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where lowercased(haystack[start]) == first {
            var index = 1
            while index < needle.count, lowercased(haystack[start + index]) == lowercased(needle[index]) { index += 1 }
            if index == needle.count { return true }
        }
        return false
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// `value` with secrets masked in every string and member name; a top-level string that was cut also loses a tail
    /// that begins a secret.
    public func mask(_ value: JSONValue, truncated: Bool = false) -> JSONValue {
        guard !secrets.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(mask(text, truncated: truncated))
        case .array(let elements): return .array(elements.map { mask($0) })
        case .object(let object):
            return .object(JSONObject(object.members.map { (mask($0.key), mask($0.value)) }))
        default: return value
        }
    }

    /// Text for a message: masked, then cut to at most `limit` characters (ending in `…` when cut).
    public func shorten(_ text: String, limit: Int) -> String {
        let masked = mask(text)
        guard masked.count > limit else { return masked }
        return String(masked.prefix(max(1, limit - 1))) + "…"
    }

    /// `value` as compact JSON for a message: ``withheldText`` when `pointer` is at, under or above a withheld
    /// location, else masked and shortened to `limit` characters. `pointer` is `nil` for values that are not from the
    /// quoted document (schema constants, policy limits).
    public func quote(_ value: JSONValue, at pointer: String?, limit: Int) -> String {
        if let pointer, isWithheld(pointer) { return Self.withheldText }
        return shorten(value.serialized, limit: limit)
    }

    /// Whether a value at `pointer` must not be shown: it is a withheld location, lies inside one, or contains one.
    public func isWithheld(_ pointer: String) -> Bool {
        withheld.contains { location in
            Self.pointer(pointer, isWithin: location) || Self.pointer(location, isWithin: pointer)
        }
    }

    private static func pointer(_ inner: String, isWithin outer: String) -> Bool {
        inner == outer || outer.isEmpty || inner.hasPrefix(outer + "/")
    }

    /// `text` with a tail that is the beginning of a secret (ignoring replacement characters left by a cut through a
    /// multi-byte character) replaced by ``maskText``.
    private func maskingSecretTail(_ text: String) -> String {
        let kept = text.unicodeScalars.reversed().drop { $0 == "\u{FFFD}" }.reversed()
        let body = String(String.UnicodeScalarView(kept))
        for secret in secrets {
            var length = min(secret.count - 1, body.count)
            while length >= Self.minimumTailLength {
                if body.suffix(length).lowercased() == secret.prefix(length).lowercased() {
                    return String(body.dropLast(length)) + Self.maskText
                }
                length -= 1
            }
        }
        return text
    }
}
