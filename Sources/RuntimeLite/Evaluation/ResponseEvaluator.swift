import HandbookModel

/// What checking a response against the operation's documented responses found.
public struct ResponseEvaluation: Sendable, Hashable {
    /// The documented response the status matched (`200`, `2XX` or `default`), or `nil` when none did.
    public var matchedResponse: String?
    /// Whether the body was checked against a documented schema.
    public var schemaChecked: Bool
    /// Where the body departs from the schema (empty when it conforms or was not checked).
    public var violations: [SchemaViolation]
    /// Other findings, such as an undocumented status or a body that is not JSON.
    public var findings: [String]

    /// Whether the response conforms to the spec.
    public var conforms: Bool { matchedResponse != nil && violations.isEmpty && findings.isEmpty }
}

/// Checks upstream responses against the operation's documented status codes and response schemas, so a drift
/// between an API and its spec is reported to the agent instead of passed through silently.
public struct ResponseEvaluator: Sendable {
    private let component: @Sendable (_ apiID: String, _ name: String) -> JSONValue?

    /// An evaluator resolving schema components (by API id and name) with `component`.
    public init(component: @escaping @Sendable (_ apiID: String, _ name: String) -> JSONValue?) {
        self.component = component
    }

    /// Evaluates a response with `status` whose body parsed as `body` (`nil`: empty or not JSON). Whatever the
    /// evaluation quotes from the response (values in violations, the content type) goes through `quoting`: secrets
    /// masked, values at redacted locations never shown.
    public func evaluate(
        _ operation: APIOperation, status: Int, contentType: String?, body: JSONValue?, bodyIsJSON: Bool,
        truncated: Bool, quoting: ValueQuoting
    ) -> ResponseEvaluation {
        var evaluation = ResponseEvaluation(matchedResponse: nil, schemaChecked: false, violations: [], findings: [])
        guard let response = Self.documentedResponse(for: status, in: operation) else {
            let documented = operation.responses.map(\.status).joined(separator: ", ")
            evaluation.findings.append("status \(status) is not documented (documented: \(documented.isEmpty ? "none" : documented))")
            return evaluation
        }
        evaluation.matchedResponse = response.status
        guard !response.content.isEmpty else { return evaluation }
        let mediaType = contentType?.split(separator: ";").first.map {
            String(MediaTypeHeader.trimmed($0)).lowercased()
        }
        let content = response.content.first { $0.mediaType.lowercased() == mediaType }
            ?? response.content.first { MediaTypeHeader.namesJSON($0.mediaType) }
            ?? response.content.first
        if let mediaType, let content, !Self.mediaType(mediaType, matches: content.mediaType) {
            let documented = response.content.map(\.mediaType).joined(separator: ", ")
            let quoted = quoting.shorten(mediaType, limit: 100)
            evaluation.findings.append("content type \(quoted) is not documented (documented: \(documented))")
        }
        guard let content, let schema = content.schema, MediaTypeHeader.namesJSON(content.mediaType) else {
            return evaluation
        }
        if truncated {
            evaluation.findings.append("the body was cut at the size limit, so it was not checked against the schema")
            return evaluation
        }
        guard bodyIsJSON, let body else {
            evaluation.findings.append("the body is not valid JSON although the spec documents a JSON schema")
            return evaluation
        }
        evaluation.schemaChecked = true
        let component = component
        let validator = JSONSchemaValidator(direction: .response, maximumViolations: 10, quoting: quoting) { reference in
            SchemaComponent.name(fromReference: reference).flatMap { component(operation.apiID, $0) }
        }
        evaluation.violations = validator.validate(body, against: schema)
        return evaluation
    }

    /// The documented response for a status: exact code, then `2XX`-style range, then `default`.
    static func documentedResponse(for status: Int, in operation: APIOperation) -> OperationResponse? {
        let exact = String(status)
        let range = "\(status / 100)XX"
        return operation.responses.first { $0.status == exact }
            ?? operation.responses.first { $0.status.uppercased() == range }
            ?? operation.responses.first { $0.status == "default" }
    }

    private static func mediaType(_ actual: String, matches documented: String) -> Bool {
        let documented = documented.lowercased()
        if documented == actual || documented == "*/*" { return true }
        if documented.hasSuffix("/*") { return actual.hasPrefix(documented.dropLast()) }
        return actual.hasSuffix("+json") && documented == "application/json"
    }
}
