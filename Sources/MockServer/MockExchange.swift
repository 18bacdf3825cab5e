import HandbookModel

/// An HTTP request as the mock sees it, independent of the server that received it.
public struct MockRequest: Sendable {
    /// The method in upper case.
    public var method: String
    /// The raw (percent-encoded) path, without the query.
    public var path: String
    /// The raw query string after `?`, without it; empty when there is none.
    public var query: String
    /// Header fields in arrival order (names as received).
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// A request.
    public init(
        method: String, path: String, query: String = "", headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// A request for a target such as `/customers?limit=5`.
    public init(method: String, target: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.init(
            method: method, path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : "",
            headers: headers, body: body)
    }

    /// The values of the header `name` (case-insensitive), in order.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The first value of the header `name`.
    public func header(_ name: String) -> String? { headerValues(name).first }
}

/// A response the mock answers with.
public struct MockResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields to send (besides `Content-Length`).
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response with `value` as its body.
    public static func json(
        _ status: Int, _ value: JSONValue, mediaType: String = "application/json",
        headers: [(name: String, value: String)] = []
    ) -> MockResponse {
        MockResponse(
            status: status, headers: [("Content-Type", mediaType)] + headers,
            body: value.serializedData(sortKeys: false))
    }

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
