import HandbookModel

extension SQLiteValue {
    /// The value as text (`""` for null; numbers in decimal).
    var string: String {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .null, .blob: ""
        }
    }

    /// The value as a whole number (0 for null or text).
    var int64: Int64 {
        switch self {
        case .integer(let number): number
        case .real(let number): Int64(number)
        default: 0
        }
    }

    /// The value as a double, `nil` for null or text.
    var double: Double? {
        switch self {
        case .integer(let number): Double(number)
        case .real(let number): number
        default: nil
        }
    }
}
