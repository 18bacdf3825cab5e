/// Why an upstream call produced no (complete) response, worded for the agent: what happened and whether the API
/// may have applied the request.
public enum UpstreamFailure: Error, Sendable, CustomStringConvertible {
    /// The call's total time ran out: `status` and `receivedBytes` say how far the response had come (no status:
    /// no response headers yet, waiting for a connection, for the connection, or for the API).
    case timedOut(after: Duration, attempts: Int, status: Int?, receivedBytes: Int, repeatable: Bool)
    /// No connection could be made, so nothing was sent.
    case connectionFailed(reason: String, attempts: Int)
    /// The API closed the connection after the request was sent: before its response headers (`status` nil) or
    /// while sending its body.
    case interrupted(status: Int?, receivedBytes: Int, attempts: Int, repeatable: Bool)
    /// The caller cancelled the call.
    case cancelled(attempts: Int)
    /// The URL is not a valid absolute http(s) URL.
    case invalidURL(String)

    /// Whether another attempt may succeed (a connection failure, an interrupted connection or a timeout).
    var isTransient: Bool {
        switch self {
        case .timedOut, .connectionFailed, .interrupted: true
        case .cancelled, .invalidURL: false
        }
    }

    /// Whether the request certainly did not reach the API (no connection was made).
    var nothingSent: Bool {
        if case .connectionFailed = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .timedOut(let after, let attempts, let status, let bytes, let repeatable):
            let progress = status.map { "it answered \($0) but the body was still arriving after \(bytes) bytes" }
                ?? "no response headers arrived"
            return "the API did not answer completely within the call's total time limit of \(Self.seconds(after)) "
                + "(\(progress); \(Self.count(attempts))); \(Self.applied(repeatable))"
        case .connectionFailed(let reason, let attempts):
            return "the API could not be reached: \(reason) (\(Self.count(attempts))); nothing was sent"
        case .interrupted(let status, let bytes, let attempts, let repeatable):
            let what = status.map {
                "the API closed the connection while sending its response (status \($0), \(bytes) bytes received), "
                    + "so the response is incomplete"
            } ?? "the API closed the connection after the request was sent, before answering"
            return "\(what) (\(Self.count(attempts))); \(Self.applied(repeatable))"
        case .cancelled(let attempts):
            return "the call was cancelled (\(Self.count(attempts))); the request may have been applied"
        case .invalidURL(let url):
            return "invalid upstream URL \(url)"
        }
    }

    private static func applied(_ repeatable: Bool) -> String {
        repeatable
            ? "the request may have been applied; this method is idempotent, so repeating it is safe"
            : "the request may have been applied; check its effect before repeating it"
    }

    private static func count(_ attempts: Int) -> String { "\(attempts) attempt\(attempts == 1 ? "" : "s")" }

    private static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }
}
