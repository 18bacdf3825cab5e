import Foundation
import HandbookModel

/// Builds the upstream HTTP request of a call from the operation's spec and the arguments.
///
/// Parameters are serialized by their OpenAPI style (path: `simple`, `label`, `matrix`; query: `form`,
/// `spaceDelimited`, `pipeDelimited`, `deepObject`; header and cookie: `simple`/`form`). The host always comes from the
/// environment's base URL, never from arguments: path values are percent-encoded so `/`, `?`, `#` cannot escape
/// their segment, and every path value — scalar, array element, object member, whatever the parameter's type or
/// style — passes ``PathValueCheck`` (no empty value, no `.` or `..`, encoded or not). Header values with control
/// characters are refused, and header parameters named like a header that frames or routes the request (`Host`,
/// `Content-Length`, `Transfer-Encoding`, `Connection`, …, see ``reservedHeaders``) or that the runtime sets itself
/// are never forwarded.
public struct RequestBuilder: Sendable {
    /// Header names (lower case) an argument never sets: hop-by-hop and framing headers, routing headers, and the
    /// ones the runtime writes itself (`Content-Type`, `Accept`, `Cookie`; credentials replace their own header).
    static let reservedHeaders: Set<String> = [
        "host", "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "trailers", "transfer-encoding", "upgrade", "content-length", "content-encoding", "expect",
        "http2-settings", "forwarded", "via", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
        "x-forwarded-port", "x-forwarded-prefix", "x-original-url", "x-rewrite-url", "x-http-method-override",
        "x-http-method", "x-method-override", "content-type", "accept", "cookie",
    ]

    /// The base URL of the environment (scheme, host, optional base path).
    public let baseURL: String

    /// A builder for calls to `baseURL`.
    public init(baseURL: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The request for calling `operation` with `arguments` (already validated against its schema).
    public func build(_ operation: APIOperation, arguments: JSONObject) throws(RequestBuildError) -> UpstreamRequest {
        var path = operation.path
        var query: [String] = []
        var headers: [(String, String)] = []
        var cookies: [String] = []
        for parameter in operation.parameters {
            guard let value = arguments[parameter.name], value != .null else { continue }
            switch parameter.location {
            case .path:
                let serialized = try pathValue(parameter, value)
                path = path.replacingOccurrences(of: "{\(parameter.name)}", with: serialized)
            case .query:
                query += queryPairs(parameter, value)
            case .header:
                guard !Self.isReserved(header: parameter.name) else { continue }
                let text = Self.plain(value, separator: ",")
                guard !text.unicodeScalars.contains(where: { $0 != "\t" && ($0.value < 0x20 || $0.value == 0x7F) }) else {
                    throw RequestBuildError(
                        argument: parameter.name, reason: "header values must not contain line breaks or control characters")
                }
                headers.append((parameter.name, text))
            case .cookie:
                cookies.append("\(parameter.name)=\(Self.percentEncoded(Self.plain(value, separator: ",")))")
            }
        }
        if !cookies.isEmpty { headers.append(("Cookie", cookies.joined(separator: "; "))) }
        var body: [UInt8]?
        if let bodyValue = arguments["body"], let requestBody = operation.requestBody {
            let content =
                requestBody.content.first { MediaTypeHeader.namesJSON($0.mediaType) } ?? requestBody.content.first
            let mediaType = content?.mediaType ?? "application/json"
            if mediaType == "application/x-www-form-urlencoded", case .object(let object) = bodyValue {
                body = Array(object.members.map { member in
                    Self.percentEncoded(member.key) + "="
                        + Self.percentEncoded(Self.plain(member.value, separator: ","))
                }.joined(separator: "&").utf8)
            } else {
                body = bodyValue.serializedData(sortKeys: false)
            }
            headers.append(("Content-Type", mediaType.contains("*") ? "application/json" : mediaType))
        }
        if let accept = Self.acceptHeader(operation) { headers.append(("Accept", accept)) }
        var url = baseURL + path
        if !query.isEmpty { url += "?" + query.joined(separator: "&") }
        return UpstreamRequest(method: operation.method, url: url, headers: headers.map { ($0.0, $0.1) }, body: body)
    }

    /// Whether a header parameter must not be forwarded (see ``reservedHeaders``); pseudo-headers (`:authority`) too.
    static func isReserved(header name: String) -> Bool {
        let lowered = name.lowercased().trimmingCharacters(in: .whitespaces)
        return reservedHeaders.contains(lowered) || lowered.hasPrefix(":") || lowered.isEmpty
    }

    private static func acceptHeader(_ operation: APIOperation) -> String? {
        let types = Set(operation.responses.flatMap { $0.content.map(\.mediaType) })
        if types.isEmpty { return nil }
        if types.contains(where: MediaTypeHeader.namesJSON) { return "application/json" }
        return types.sorted().joined(separator: ", ")
    }

    // MARK: Path

    private func pathValue(_ parameter: OperationParameter, _ value: JSONValue) throws(RequestBuildError) -> String {
        try Self.checkPathLeaves(value, parameter: parameter.name)
        let style = parameter.style ?? "simple"
        let explode = parameter.explode ?? false
        let text: String
        switch value {
        case .array(let elements):
            let parts = elements.map { Self.encodedSegment(Self.plain($0, separator: ",")) }
            switch style {
            case "label": text = "." + parts.joined(separator: explode ? "." : ",")
            case "matrix":
                text = explode ? parts.map { ";\(parameter.name)=\($0)" }.joined() : ";\(parameter.name)=" + parts.joined(separator: ",")
            default: text = parts.joined(separator: ",")
            }
        case .object(let object):
            let pairs = object.members.map { (Self.encodedSegment($0.key), Self.encodedSegment(Self.plain($0.value, separator: ","))) }
            let joined = explode ? pairs.map { "\($0)=\($1)" }.joined(separator: ",") : pairs.map { "\($0),\($1)" }.joined(separator: ",")
            switch style {
            case "label": text = "." + joined
            case "matrix": text = ";" + (explode ? pairs.map { "\($0)=\($1)" }.joined(separator: ";") : "\(parameter.name)=" + joined)
            default: text = joined
            }
        default:
            let encoded = Self.encodedSegment(Self.plain(value, separator: ","))
            switch style {
            case "label": text = "." + encoded
            case "matrix": text = ";\(parameter.name)=" + encoded
            default: text = encoded
            }
        }
        if let problem = PathValueCheck.problem(with: text) {
            throw RequestBuildError(argument: parameter.name, reason: problem)
        }
        return text
    }

    /// Checks every scalar in a path value (the value, each array element, each object member's name and value).
    private static func checkPathLeaves(_ value: JSONValue, parameter: String) throws(RequestBuildError) {
        switch value {
        case .array(let elements):
            guard !elements.isEmpty else {
                throw RequestBuildError(argument: parameter, reason: "path parameters must not be empty")
            }
            for element in elements { try checkPathLeaves(element, parameter: parameter) }
        case .object(let object):
            guard !object.isEmpty else {
                throw RequestBuildError(argument: parameter, reason: "path parameters must not be empty")
            }
            for member in object {
                try checkPathLeaves(.string(member.key), parameter: parameter)
                try checkPathLeaves(member.value, parameter: parameter)
            }
        default:
            if let problem = PathValueCheck.problem(with: plain(value, separator: ",")) {
                throw RequestBuildError(argument: parameter, reason: problem)
            }
        }
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, so a value stays inside its path segment.
    static func encodedSegment(_ text: String) -> String { percentEncoded(text) }

    // MARK: Query

    private func queryPairs(_ parameter: OperationParameter, _ value: JSONValue) -> [String] {
        let name = Self.percentEncoded(parameter.name)
        let style = parameter.style ?? "form"
        let explode = parameter.explode ?? (style == "form")
        func encode(_ text: String) -> String { Self.percentEncoded(text) }
        switch value {
        case .array(let elements):
            let texts = elements.map { Self.plain($0, separator: ",") }
            switch style {
            case "spaceDelimited": return ["\(name)=" + texts.map(encode).joined(separator: "%20")]
            case "pipeDelimited": return ["\(name)=" + texts.map(encode).joined(separator: "|")]
            default:
                return explode ? texts.map { "\(name)=\(encode($0))" } : ["\(name)=" + texts.map(encode).joined(separator: ",")]
            }
        case .object(let object):
            if style == "deepObject" {
                return object.members.map { "\(name)%5B\(encode($0.key))%5D=\(encode(Self.plain($0.value, separator: ",")))" }
            }
            if explode { return object.members.map { "\(encode($0.key))=\(encode(Self.plain($0.value, separator: ",")))" } }
            return ["\(name)=" + object.members.map { "\(encode($0.key)),\(encode(Self.plain($0.value, separator: ",")))" }.joined(separator: ",")]
        default:
            return ["\(name)=\(encode(Self.plain(value, separator: ",")))"]
        }
    }

    // MARK: Values

    /// A scalar as text (`true`, `42`, `1.5`, the string itself); arrays and objects as compact JSON.
    static func plain(_ value: JSONValue, separator: String) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .int(let integer): String(integer)
        case .double(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        case .string(let text): text
        case .array(let elements): elements.map { plain($0, separator: separator) }.joined(separator: separator)
        case .object: value.serialized
        }
    }

    /// Percent-encodes every byte but RFC 3986 unreserved characters (`A–Z a–z 0–9 - . _ ~`).
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
