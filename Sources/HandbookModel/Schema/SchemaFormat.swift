/// The `format` values the validator asserts, and how a value fails them.
///
/// Asserted: `date`, `date-time` (RFC 3339, time zone required), `time` (RFC 3339 time, time zone optional), `email`,
/// `uuid`, `uri` (must have a scheme), `ipv4`, `ipv6` on strings, and `int32`/`int64` ranges on numbers. Every other
/// format (`binary`, `byte`, `password`, vendor formats, …) is an annotation only, as are formats on values of other
/// types.
enum SchemaFormat {
    /// Why `instance` does not have `format` (a phrase like `must be a UUID …`), or `nil` when it does or the format
    /// is not asserted.
    static func violation(of format: String, by instance: JSONValue) -> String? {
        switch instance {
        case .string(let text): stringViolation(of: format, by: Array(text.utf8))
        case .int(let number): numberViolation(of: format, integer: number)
        case .double(let number): numberViolation(of: format, double: number)
        default: nil
        }
    }

    private static func stringViolation(of format: String, by text: [UInt8]) -> String? {
        switch format {
        case "date": isDate(text[...]) ? nil : "must be a date in the form YYYY-MM-DD"
        case "date-time":
            isDateTime(text) ? nil : "must be an RFC 3339 date-time with a time zone, such as 2024-05-01T12:00:00Z"
        case "time":
            isTime(text[...], offsetRequired: false) ? nil : "must be a time such as 12:00:00 or 12:00:00+02:00"
        case "email": isEmail(text) ? nil : "must be an email address such as name@example.com"
        case "uuid": isUUID(text) ? nil : "must be a UUID such as 123e4567-e89b-12d3-a456-426614174000"
        case "uri": isURI(text) ? nil : "must be an absolute URI with a scheme, such as https://example.com/"
        case "ipv4": isIPv4(text[...]) ? nil : "must be an IPv4 address such as 192.0.2.1"
        case "ipv6": isIPv6(text) ? nil : "must be an IPv6 address such as 2001:db8::1"
        default: nil
        }
    }

    private static func numberViolation(of format: String, integer: Int64) -> String? {
        format == "int32" && Int32(exactly: integer) == nil ? int32Message : nil
    }

    private static func numberViolation(of format: String, double: Double) -> String? {
        switch format {
        case "int32": Int32(exactly: double) == nil ? int32Message : nil
        case "int64": Int64(exactly: double) == nil ? "must be a 64-bit integer" : nil
        default: nil
        }
    }

    private static let int32Message = "must be a 32-bit integer (from -2147483648 to 2147483647)"

    // MARK: Dates and times (RFC 3339)

    private static func isDateTime(_ text: [UInt8]) -> Bool {
        guard text.count > 11, text[10] == UInt8(ascii: "T") || text[10] == UInt8(ascii: "t") else { return false }
        return isDate(text[..<10]) && isTime(text[11...], offsetRequired: true)
    }

    private static func isDate(_ text: ArraySlice<UInt8>) -> Bool {
        let start = text.startIndex
        guard text.count == 10, text[start + 4] == UInt8(ascii: "-"), text[start + 7] == UInt8(ascii: "-"),
              let year = number(text, at: start, digits: 4), let month = number(text, at: start + 5, digits: 2),
              let day = number(text, at: start + 8, digits: 2), (1...12).contains(month) else { return false }
        let isLeapYear = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// `HH:MM:SS[.fraction]` followed by `Z` or `±HH:MM` (optional unless `offsetRequired`); second 60 is a leap
    /// second.
    private static func isTime(_ text: ArraySlice<UInt8>, offsetRequired: Bool) -> Bool {
        var index = text.startIndex
        guard text.count >= 8, let hour = number(text, at: index, digits: 2), text[index + 2] == UInt8(ascii: ":"),
              let minute = number(text, at: index + 3, digits: 2), text[index + 5] == UInt8(ascii: ":"),
              let second = number(text, at: index + 6, digits: 2), hour < 24, minute < 60, second <= 60
        else { return false }
        index += 8
        if index < text.endIndex, text[index] == UInt8(ascii: ".") {
            index += 1
            let digitsStart = index
            while index < text.endIndex, isDigit(text[index]) { index += 1 }
            guard index > digitsStart else { return false }
        }
        guard index < text.endIndex else { return !offsetRequired }
        switch text[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"): return index + 1 == text.endIndex
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard text.endIndex - index == 6, let offsetHour = number(text, at: index + 1, digits: 2),
                  text[index + 3] == UInt8(ascii: ":"), let offsetMinute = number(text, at: index + 4, digits: 2)
            else { return false }
            return offsetHour < 24 && offsetMinute < 60
        default: return false
        }
    }

    // MARK: Identifiers and addresses

    private static func isEmail(_ text: [UInt8]) -> Bool {
        guard let at = text.firstIndex(of: UInt8(ascii: "@")), at > 0, at < text.count - 1,
              !text.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return false }
        let local = text[..<at]
        let domain = text[(at + 1)...]
        guard !domain.contains(UInt8(ascii: "@")), local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".")
        else { return false }
        return !containsEmptyLabel(local) && !containsEmptyLabel(domain)
    }

    /// Whether dot-separated `text` has an empty label (a leading, trailing or doubled dot).
    private static func containsEmptyLabel(_ text: ArraySlice<UInt8>) -> Bool {
        text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).contains(where: \.isEmpty)
    }

    private static func isUUID(_ text: [UInt8]) -> Bool {
        guard text.count == 36 else { return false }
        for (index, byte) in text.enumerated() {
            let isDashPosition = index == 8 || index == 13 || index == 18 || index == 23
            guard isDashPosition ? byte == UInt8(ascii: "-") : isHexDigit(byte) else { return false }
        }
        return true
    }

    /// An RFC 3986 scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`), a colon, and no whitespace.
    private static func isURI(_ text: [UInt8]) -> Bool {
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")), colon > 0, isLetter(text[0]),
              text[..<colon].allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "+")
                  || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
        else { return false }
        return !text.contains(where: { $0 <= 0x20 || $0 == 0x7F })
    }

    /// Four decimal octets without leading zeros.
    private static func isIPv4(_ text: ArraySlice<UInt8>) -> Bool {
        let octets = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            guard (1...3).contains(octet.count), octet.allSatisfy(isDigit),
                  octet.count == 1 || octet.first != UInt8(ascii: "0"),
                  let value = number(octet, at: octet.startIndex, digits: octet.count) else { return false }
            return value <= 255
        }
    }

    /// Eight groups of 1–4 hex digits, at most one `::` standing for one or more zero groups, and optionally an IPv4
    /// address as the last two groups.
    private static func isIPv6(_ text: [UInt8]) -> Bool {
        guard text.count >= 2, text.count <= 45 else { return false }
        let colon = UInt8(ascii: ":")
        guard let gap = (0..<(text.count - 1)).first(where: { text[$0] == colon && text[$0 + 1] == colon }) else {
            return groupCount(text[...], allowsIPv4: true) == 8
        }
        guard let head = groupCount(text[..<gap], allowsIPv4: false),
              let tail = groupCount(text[(gap + 2)...], allowsIPv4: true) else { return false }
        return head + tail <= 7
    }

    /// The number of 16-bit groups in colon-separated `text`, or `nil` when a group is malformed (another `::`
    /// included).
    private static func groupCount(_ text: ArraySlice<UInt8>, allowsIPv4: Bool) -> Int? {
        guard !text.isEmpty else { return 0 }
        let groups = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var count = 0
        for (index, group) in groups.enumerated() {
            if allowsIPv4, index == groups.count - 1, group.contains(UInt8(ascii: ".")) {
                guard isIPv4(group) else { return nil }
                count += 2
            } else {
                guard (1...4).contains(group.count), group.allSatisfy(isHexDigit) else { return nil }
                count += 1
            }
        }
        return count
    }

    // MARK: Bytes

    /// The decimal number in `digits` bytes at `index`, or `nil` when one of them is not a digit.
    private static func number(_ text: ArraySlice<UInt8>, at index: Int, digits: Int) -> Int? {
        guard index >= text.startIndex, index + digits <= text.endIndex else { return nil }
        var value = 0
        for byte in text[index..<(index + digits)] {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
    }
}
