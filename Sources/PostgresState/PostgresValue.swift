import NIOCore
import PostgresNIO

/// A value bound to a statement's `$n` placeholder or read from a result column of a ``PostgresStateDatabase``.
public enum PostgresValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// `bigint` (also read from `integer` and `smallint` columns).
    case integer(Int64)
    /// `double precision`.
    case real(Double)
    /// `text`.
    case text(String)
    /// `bytea`.
    case bytes([UInt8])
    /// `boolean`.
    case boolean(Bool)

    /// The text, when this is text.
    public var text: String? { if case .text(let value) = self { value } else { nil } }
    /// The integer, when this is an integer.
    public var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    /// The number, when this is a real or an integer.
    public var real: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }
    /// The bytes, when this is `bytea`.
    public var bytes: [UInt8]? { if case .bytes(let value) = self { value } else { nil } }
    /// The truth value, when this is a boolean.
    public var boolean: Bool? { if case .boolean(let value) = self { value } else { nil } }

    /// Appends the value to a statement's bindings.
    func bind(to bindings: inout PostgresBindings) {
        switch self {
        case .null: bindings.appendNull()
        case .integer(let value): bindings.append(value)
        case .real(let value): bindings.append(value)
        case .text(let value): bindings.append(value)
        case .bytes(let value): bindings.append(ByteBuffer(bytes: value))
        case .boolean(let value): bindings.append(value)
        }
    }

    /// The value of a result cell, by its column's type (`text` for types without a case of their own).
    init(_ cell: PostgresCell) throws {
        guard cell.bytes != nil else {
            self = .null
            return
        }
        switch cell.dataType {
        case .int2, .int4, .int8: self = .integer(try cell.decode(Int64.self))
        case .float4, .float8: self = .real(try cell.decode(Double.self))
        case .bytea: self = .bytes(Array(buffer: try cell.decode(ByteBuffer.self)))
        case .bool: self = .boolean(try cell.decode(Bool.self))
        default: self = .text(try cell.decode(String.self))
        }
    }
}
