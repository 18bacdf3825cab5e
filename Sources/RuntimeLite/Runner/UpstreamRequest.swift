import Foundation
import HandbookModel

/// An HTTP request for the upstream API, built from an operation and validated arguments.
public struct UpstreamRequest: Sendable, Hashable {
    /// The HTTP method.
    public var method: String
    /// The full URL: the environment's base URL, the expanded path and the query string.
    public var url: String
    /// Header fields, in order.
    public var headers: [(name: String, value: String)]
    /// The body bytes, when there is a body.
    public var body: [UInt8]?

    public static func == (lhs: UpstreamRequest, rhs: UpstreamRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
    }

    /// The value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Why a request cannot be built from the arguments (reported to the agent as a tool error).
public struct RequestBuildError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The argument at fault.
    public var argument: String
    /// Why.
    public var reason: String

    public var description: String { "argument '\(argument)': \(reason)" }
}
