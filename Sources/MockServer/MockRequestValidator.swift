import Foundation
import HandbookModel

/// Checks a request against its operation's contract: path, query, header and cookie parameters read by their OpenAPI
/// style and coerced to their schema types, required parameters, and the request body's media type and schema.
public struct MockRequestValidator: Sendable {
    /// Why a request is refused.
    public struct Failure: Sendable, Error {
        /// 400 for invalid parameters or bodies, 415 for a media type the operation does not take.
        public var status: Int
        /// What is wrong, with JSON Pointers such as `/query/limit` or `/body/email`.
        public var violations: [SchemaViolation]
        /// The media types the operation accepts (for 415).
        public var acceptedMediaTypes: [String] = []
    }

    /// Headers OpenAPI says parameters never describe.
    private static let reservedHeaders: Set<String> = ["accept", "content-type", "authorization"]

    private let validator: JSONSchemaValidator
    private let coercion: MockValueCoercion

    /// A validator resolving component references with `resolveReference`.
    public init(resolveReference: @escaping @Sendable (String) -> JSONValue?) {
        validator = JSONSchemaValidator(direction: .request, maximumViolations: 20, resolveReference: resolveReference)
        coercion = MockValueCoercion(resolveReference: resolveReference)
    }

    /// The request's parameters (by location, then name) and body, coerced, when they conform; else why not.
    public func validate(
        _ request: MockRequest, for operation: APIOperation, pathValues: [String: String]
    )
        -> Result<JSONObject, Failure>
    {
        let query = MockFormFields(request.query)
        let cookies = Self.cookies(request)
        var violations: [SchemaViolation] = []
        var arguments = JSONObject()
        for parameter in operation.parameters {
            let name = parameter.name
            let pointer = "/\(parameter.location.rawValue)/\(JSONPointer.escape(name))"
            let value: JSONValue?
            switch parameter.location {
            case .path: value = pathValues[name].map { delimited($0, parameter) }
            case .query: value = queryValue(parameter, query)
            case .header:
                guard !Self.reservedHeaders.contains(name.lowercased()) else { continue }
                let values = request.headerValues(name)
                value = values.isEmpty ? nil : delimited(values.joined(separator: ","), parameter)
            case .cookie: value = cookies[name].map { delimited($0, parameter) }
            }
            guard let value else {
                if parameter.required {
                    violations.append(
                        SchemaViolation(
                            path: pointer, keyword: "required",
                            message: "missing required \(parameter.location.rawValue) parameter '\(name)'"))
                }
                continue
            }
            violations += validator.validate(value, against: parameter.schema, at: pointer)
            var group = arguments[parameter.location.rawValue]?.objectValue ?? [:]
            group[name] = value
            arguments[parameter.location.rawValue] = .object(group)
        }
        if let body = operation.requestBody {
            switch validateBody(request, body) {
            case .success(let value?): arguments["body"] = value
            case .success(nil): break
            case .failure(let failure) where failure.status == 415: return .failure(failure)
            case .failure(let failure): violations += failure.violations
            }
        }
        return violations.isEmpty ? .success(arguments) : .failure(Failure(status: 400, violations: violations))
    }

    // MARK: Parameters

    /// A query parameter by its style: `form` (exploded as repeated names, else comma lists), `spaceDelimited`,
    /// `pipeDelimited` or `deepObject`.
    private func queryValue(_ parameter: OperationParameter, _ query: MockFormFields) -> JSONValue? {
        let types = coercion.types(of: parameter.schema)
        let style = parameter.style ?? "form"
        let explode = parameter.explode ?? (style == "form")
        if types.contains("object"), query.hasBracketedMembers(of: parameter.name) {  // deepObject
            return coercion.tree(query.tree(under: parameter.name), for: parameter.schema)
        }
        if types.contains("object"), style == "form", explode, !types.contains("string") {
            let properties = coercion.resolved(parameter.schema)["properties"]?.objectValue?.keys ?? []
            let members = properties.compactMap { name in query.values(of: name).first.map { (name, $0) } }
            if !members.isEmpty {
                return coercion.tree(.object(JSONObject(members.map { ($0.0, .string($0.1)) })), for: parameter.schema)
            }
        }
        let values = query.values(of: parameter.name)
        guard let first = values.first else { return nil }
        if types.contains("array") {
            let items = coercion.subschema(of: parameter.schema, member: nil)
            let separator: Character? =
                switch style {
                case "spaceDelimited": " "
                case "pipeDelimited": "|"
                case "form" where !explode: ","
                default: nil
                }
            let texts =
                separator.map { first.split(separator: $0, omittingEmptySubsequences: false).map(String.init) }
                ?? values
            return .array(texts.map { coercion.scalar($0, for: items) })
        }
        return coercion.scalar(first, for: parameter.schema)
    }

    /// A `simple`-style value (path, header, cookie): arrays from comma lists, objects from `key,value` pairs (or
    /// `key=value` when exploded); `label` and `matrix` path prefixes are removed.
    private func delimited(_ raw: String, _ parameter: OperationParameter) -> JSONValue {
        var text = raw
        switch parameter.style {
        case "label": if text.hasPrefix(".") { text.removeFirst() }
        case "matrix": if let equals = text.firstIndex(of: "=") { text = String(text[text.index(after: equals)...]) }
        default: break
        }
        let types = coercion.types(of: parameter.schema)
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if types.contains("array") {
            let items = coercion.subschema(of: parameter.schema, member: nil)
            return .array(parts.map { coercion.scalar($0, for: items) })
        }
        if types.contains("object"), !types.contains("string") {
            var members: [(String, JSONValue)] = []
            if parameter.explode == true {
                for part in parts {
                    let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                    members.append((pair[0], .string(pair.count > 1 ? pair[1] : "")))
                }
            } else {
                for index in stride(from: 0, to: parts.count - 1, by: 2) {
                    members.append((parts[index], .string(parts[index + 1])))
                }
            }
            return coercion.tree(.object(JSONObject(members)), for: parameter.schema)
        }
        return coercion.scalar(text, for: parameter.schema)
    }

    private static func cookies(_ request: MockRequest) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in request.headerValues("Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, cookies[parts[0]] == nil {
                    cookies[parts[0]] = parts[1].removingPercentEncoding ?? parts[1]
                }
            }
        }
        return cookies
    }

    // MARK: Body

    /// The parsed body (`nil` when there is none or it is not JSON or a form), or why it is refused.
    private func validateBody(_ request: MockRequest, _ body: OperationRequestBody) -> Result<JSONValue?, Failure> {
        let accepted = body.content.map(\.mediaType)
        guard !request.body.isEmpty else {
            guard body.required else { return .success(nil) }
            return .failure(
                Failure(
                    status: 400,
                    violations: [
                        SchemaViolation(
                            path: "/body", keyword: "required",
                            message: "the request body is required (\(accepted.joined(separator: " or ")))")
                    ]))
        }
        let declared = request.header("Content-Type").map(Self.baseMediaType)
        let content =
            declared.flatMap { type in body.content.first { Self.mediaType($0.mediaType, accepts: type) } }
            ?? (declared == nil ? body.content.first : nil)
        guard let content else {
            return .failure(
                Failure(
                    status: 415,
                    violations: [
                        SchemaViolation(
                            path: "/header/Content-Type", keyword: "contentType",
                            message:
                                "media type '\(declared ?? "")' is not accepted; send one of: \(accepted.joined(separator: ", "))"
                        )
                    ],
                    acceptedMediaTypes: accepted))
        }
        let mediaType = declared ?? Self.baseMediaType(content.mediaType)
        let value: JSONValue
        if mediaType.contains("json") {
            do {
                value = try JSONValue.parse(request.body)
            } catch {
                return .failure(
                    Failure(
                        status: 400,
                        violations: [
                            SchemaViolation(
                                path: "/body", keyword: "json", message: "is not valid JSON: \(error)")
                        ]))
            }
        } else if mediaType == "application/x-www-form-urlencoded" {
            let fields = MockFormFields(String(decoding: request.body, as: UTF8.self))
            value = coercion.tree(fields.tree(under: nil), for: content.schema ?? .object([:]))
        } else {
            return .success(nil)
        }
        guard let schema = content.schema else { return .success(value) }
        let violations = validator.validate(value, against: schema, at: "/body")
        return violations.isEmpty ? .success(value) : .failure(Failure(status: 400, violations: violations))
    }

    /// `application/json` from `Application/JSON; charset=utf-8`.
    static func baseMediaType(_ text: String) -> String {
        (text.split(separator: ";").first.map(String.init) ?? text).trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Whether the documented media type `documented` (possibly a wildcard such as `application/*`) covers `actual`.
    static func mediaType(_ documented: String, accepts actual: String) -> Bool {
        let documented = baseMediaType(documented)
        if documented == actual || documented == "*/*" { return true }
        if documented.hasSuffix("/*") { return actual.hasPrefix(documented.dropLast()) }
        return false
    }
}
