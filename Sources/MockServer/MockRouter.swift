import Foundation

/// Finds the operation a request addresses from its method and path, by the operations' path templates.
///
/// Templates such as `/customers/{customer_id}` or `/files/{name}.{ext}` match segment by segment; segment values are
/// percent-decoded (so `%2F` inside a value stays part of it). When several templates match, the one with literal
/// segments earliest wins (`/customers/search` beats `/customers/{customer_id}`). Paths may also carry an API's base
/// path (such as `/v1`) in front.
public struct MockRouter: Sendable {
    /// One operation's method and path template.
    public struct Route: Sendable, Hashable {
        /// The operation id.
        public var operationID: String
        /// The HTTP method in upper case.
        public var method: String
        /// The path template.
        public var template: String
        fileprivate var segments: [[Part]]

        /// A route for the operation `operationID` at `method` `template`.
        public init(operationID: String, method: String, template: String) {
            self.operationID = operationID
            self.method = method.uppercased()
            self.template = template
            segments = MockRouter.pathSegments(template).map(Part.parse)
        }
    }

    /// What matching a request found.
    public enum Match: Sendable, Equatable {
        /// The route, with its path parameters by name (percent-decoded).
        case found(Route, parameters: [String: String])
        /// The path matches, but not with this method; the methods it takes.
        case methodNotAllowed(allowed: [String])
        /// No template matches the path.
        case notFound
    }

    /// A piece of a template segment: literal text or a parameter.
    fileprivate enum Part: Sendable, Hashable {
        case literal(String)
        case parameter(String)

        static func parse(_ segment: String) -> [Part] {
            var parts: [Part] = []
            var rest = Substring(segment)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
                parts.append(.parameter(String(rest[rest.index(after: open)..<close])))
                rest = rest[rest.index(after: close)...]
            }
            if !rest.isEmpty || parts.isEmpty { parts.append(.literal(String(rest))) }
            return parts
        }
    }

    /// The routes, in the order given.
    public let routes: [Route]
    /// Path prefixes requests may carry in front of the templates, such as `/v1`.
    public let basePaths: [String]

    /// A router over `routes`, also accepting paths under any of `basePaths`.
    public init(routes: [Route], basePaths: [String] = []) {
        self.routes = routes
        self.basePaths = basePaths.filter { !$0.isEmpty && $0 != "/" }
    }

    /// The operation `method` `path` addresses; `path` is the raw (percent-encoded) path without the query.
    public func match(method: String, path: String) -> Match {
        var candidates = [path]
        for base in basePaths where path == base || path.hasPrefix(base + "/") {
            candidates.append(String(path.dropFirst(base.count)))
        }
        var allowed: [String] = []
        for candidate in candidates {
            let segments = Self.pathSegments(candidate).map { $0.removingPercentEncoding ?? $0 }
            var best: (route: Route, parameters: [String: String], rank: [Int])?
            for route in routes {
                guard let (parameters, rank) = Self.bind(route.segments, to: segments) else { continue }
                guard route.method == method.uppercased() else {
                    if !allowed.contains(route.method) { allowed.append(route.method) }
                    continue
                }
                if best == nil || rank.lexicographicallyPrecedes(best!.rank) { best = (route, parameters, rank) }
            }
            if let best { return .found(best.route, parameters: best.parameters) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed.sorted())
    }

    /// The base path of a server URL (`https://api.stripe.com/v1` → `/v1`), or `nil` when it has none or it is
    /// templated.
    public static func basePath(ofServer url: String) -> String? {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            rest = rest[slash...]
        }
        let path = rest.hasSuffix("/") ? String(rest.dropLast()) : String(rest)
        guard path.hasPrefix("/"), !path.contains("{"), path.count > 1 else { return nil }
        return path
    }

    /// The segments of a path, ignoring a trailing slash.
    private static func pathSegments(_ path: String) -> [String] {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if segments.first == "" { segments.removeFirst() }
        if segments.count > 1, segments.last == "" { segments.removeLast() }
        return segments
    }

    /// The parameters `template` binds in `segments`, with a rank where lower is more specific (per segment: 0 for
    /// literal, 1 for mixed, 2 for a lone parameter); `nil` when it does not match.
    private static func bind(_ template: [[Part]], to segments: [String]) -> ([String: String], [Int])? {
        guard template.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        var rank: [Int] = []
        for (parts, segment) in zip(template, segments) {
            guard bind(parts[...], to: Substring(segment), into: &parameters) else { return nil }
            if parts.count > 1 {
                rank.append(1)
            } else if case .literal = parts[0] {
                rank.append(0)
            } else {
                rank.append(2)
            }
        }
        return (parameters, rank)
    }

    private static func bind(
        _ parts: ArraySlice<Part>, to text: Substring, into parameters: inout [String: String]
    )
        -> Bool
    {
        guard let part = parts.first else { return text.isEmpty }
        switch part {
        case .literal(let literal):
            guard text.hasPrefix(literal) else { return false }
            return bind(parts.dropFirst(), to: text.dropFirst(literal.count), into: &parameters)
        case .parameter(let name):
            if parts.count == 1 {
                guard !text.isEmpty else { return false }
                parameters[name] = String(text)
                return true
            }
            guard !text.isEmpty else { return false }
            var end = text.index(after: text.startIndex)
            while true {
                var attempt = parameters
                attempt[name] = String(text[..<end])
                if bind(parts.dropFirst(), to: text[end...], into: &attempt) {
                    parameters = attempt
                    return true
                }
                guard end < text.endIndex else { break }
                end = text.index(after: end)
            }
            return false
        }
    }
}
