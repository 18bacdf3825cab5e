import HandbookModel

/// A validated `CustomerUpdate` body: the columns to change and their new values.
///
/// Rules (violations are `422 validation_error` with the offending `field`): only `credit_limit` (0…1000000,
/// stored rounded to the cent), `segment` (enum), `email` (an address) and `phone` (E.164 or `null`) are allowed.
/// The caller has already checked that the body is a non-empty JSON object (`400` otherwise).
struct CustomerUpdate: Sendable {
    /// Column name (from a fixed list, never from the request) and value to store.
    private(set) var assignments: [(column: String, value: SQLiteValue)] = []

    /// Validates a non-empty JSON object.
    init(_ object: JSONObject) throws(APIError) {
        for (key, value) in object {
            switch key {
            case "credit_limit":
                guard let amount = Self.number(value), (0...1_000_000).contains(amount) else {
                    throw .validation("credit_limit must be a number between 0 and 1000000", "field", key)
                }
                assignments.append(("credit_limit_cents", .integer(Money.cents(dollars: amount))))
            case "segment":
                guard let text = value.stringValue, let segment = Segment(rawValue: text) else {
                    let allowed = Segment.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .validation("segment must be one of: \(allowed)", "field", key)
                }
                assignments.append(("segment", .text(segment.rawValue)))
            case "email":
                guard let text = value.stringValue, Self.isEmail(text) else {
                    throw .validation("email must be an e-mail address", "field", key)
                }
                assignments.append(("email", .text(text)))
            case "phone":
                if value == .null {
                    assignments.append(("phone", .null))
                } else if let text = value.stringValue, Self.isPhoneNumber(text) {
                    assignments.append(("phone", .text(text)))
                } else {
                    throw .validation("phone must be an E.164 number (^\\+[1-9][0-9]{6,14}$) or null", "field", key)
                }
            default:
                throw .validation(
                    "unknown property \(key); allowed: credit_limit, segment, email, phone", "field", key)
            }
        }
    }

    /// A finite JSON number (Booleans and strings are not numbers).
    private static func number(_ value: JSONValue) -> Double? {
        guard let number = value.doubleValue, number.isFinite else { return nil }
        return number
    }

    /// `+`, a digit 1–9, then 6 to 14 digits.
    static func isPhoneNumber(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard (8...16).contains(scalars.count), scalars[0] == "+", ("1"..."9").contains(scalars[1]) else { return false }
        return scalars.dropFirst(2).allSatisfy { ("0"..."9").contains($0) }
    }

    /// An address `local@domain`: a dot-atom local part of printable ASCII and a domain of at least two
    /// letter-digit-hyphen labels.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].utf8.count), (3...253).contains(parts[1].utf8.count)
        else { return false }
        let specials = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
        let local = parts[0]
        let localAllowed = local.unicodeScalars.allSatisfy { scalar in
            ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || specials.contains(scalar) || scalar == "."
        }
        guard localAllowed, !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                }
        }
    }
}
