import Foundation

/// The decoded query string of a request (`+` is a space, `%XX` escapes are decoded; the first of repeated names
/// wins).
struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    /// Decodes `query` (without the leading `?`); malformed percent escapes are a `400`.
    init(query: String) throws(APIError) {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw .badRequest("The query string is not validly percent-encoded.")
            }
            if values[name] == nil { values[name] = value }
        }
    }

    /// The value of `name`, `nil` when absent.
    subscript(name: String) -> String? { values[name] }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
