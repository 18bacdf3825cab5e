import Foundation

/// The check every path parameter value passes before it is put in a URL, whatever its type or style: it must not
/// be empty and must not be, or contain, a dot segment (`.` or `..`) an upstream could resolve to another resource.
///
/// Values are percent-encoded before they are sent, but servers and proxies in front of an API differ in how often
/// they decode and what they treat as a separator. So the value is judged as the most lenient of them would read it:
/// percent-decoded repeatedly (`%252e` → `%2e` → `.`), with overlong UTF-8 forms of `.`, `/` and `\` decoded,
/// compatibility characters folded (a full-width `．` is a `.`), and split at `/` and `\`; no part may be only dots
/// (`.`, `..`, `...`), and no part may be empty, once a `;parameter` suffix, anything after a NUL and trailing spaces
/// are dropped (`..;x`, `..%00`, `.. ` are dot segments to some servers).
enum PathValueCheck {
    /// The most decoding rounds tried; a value still changing after them is refused.
    private static let decodingRounds = 4

    /// Why `value` cannot be a path parameter value, or `nil` when it can.
    static func problem(with value: String) -> String? {
        guard !value.isEmpty else { return "path parameters must not be empty" }
        guard let decoded = leniently(decoded: value) else {
            return "'\(value)' is encoded too many times to be a path segment"
        }
        let parts = decoded.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }.map(segmentName)
        if parts.contains(where: { !$0.isEmpty && $0.allSatisfy { $0 == "." } }) {
            return "'\(value)' is or contains a dot segment ('.' or '..'), which could reach another resource"
        }
        if parts.count > 1, parts.contains(where: \.isEmpty) {
            return "'\(value)' contains an empty path segment"
        }
        if parts.allSatisfy(\.isEmpty) { return "'\(value)' is empty once decoded" }
        return nil
    }

    /// The name a lenient server reads in one segment: without a `;parameter` suffix (Tomcat reads `..;x` as `..`),
    /// cut at a NUL, and without trailing spaces (Windows servers trim them, and read `...` as `..`).
    private static func segmentName(_ part: Substring) -> Substring {
        var name = part.prefix { $0 != ";" && $0 != "\u{0}" }
        while name.last == " " { name = name.dropLast() }
        return name
    }

    /// `value` decoded as leniently as any server might, or `nil` when it keeps changing.
    private static func leniently(decoded value: String) -> String? {
        var current = folded(value)
        for _ in 0..<decodingRounds {
            let next = folded(percentDecoded(current))
            if next == current { return current }
            current = next
        }
        return nil
    }

    /// Percent-decodes every valid `%XX`, reading overlong UTF-8 forms of `.`, `/` and `\` as those characters and any
    /// other invalid byte sequence as U+FFFD.
    private static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "%"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.dropFirst().prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
                utf8 = utf8.dropFirst()
            }
        }
        return String(decoding: overlongFormsReplaced(bytes), as: UTF8.self)
    }

    /// `bytes` with the two- and three-byte overlong encodings of ASCII characters replaced by the characters.
    private static func overlongFormsReplaced(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if index + 1 < bytes.count, bytes[index] & 0xFE == 0xC0, bytes[index + 1] & 0xC0 == 0x80 {
                result.append((bytes[index] & 0x01) << 6 | bytes[index + 1] & 0x3F)
                index += 2
            } else if index + 2 < bytes.count, bytes[index] == 0xE0, bytes[index + 1] & 0xE0 == 0x80,
                      bytes[index + 2] & 0xC0 == 0x80 {
                result.append((bytes[index + 1] & 0x1F) << 6 | bytes[index + 2] & 0x3F)
                index += 3
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }

    /// Compatibility characters folded to their plain forms (NFKC), as some servers normalize paths.
    private static func folded(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping
    }
}
