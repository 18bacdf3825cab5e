import Foundation
import HandbookModel
import Logging

/// Executes one operation for an agent: validate the arguments, pass the guardrails, build and authenticate the
/// request, send it, evaluate and redact the response, and log the call.
///
/// Nothing is sent when the arguments are invalid, a guardrail denies the call, or a required confirmation is not
/// given. Secrets are added to the request last and masked in everything returned.
public struct OperationRunner: Sendable {
    /// Asks a person to confirm a call.
    public typealias Confirmer = @Sendable (_ operation: APIOperation, _ arguments: JSONObject, _ message: String) async -> ConfirmationAnswer

    /// What asking for confirmation gave.
    public enum ConfirmationAnswer: Sendable {
        /// The person confirmed.
        case confirmed
        /// The person declined or cancelled.
        case declined
        /// The client cannot ask (it does not support MCP elicitation).
        case unsupported
        /// No answer came within the confirmation timeout.
        case unanswered(after: Duration)
    }

    let reader: BundleReader
    let guardrails: GuardrailEngine
    let evaluator: ResponseEvaluator
    let client: any UpstreamSending
    let apis: [String: APIConnection]
    /// Every secret in use: masked in the operation id and message of every result (an agent may send a secret
    /// back as an operation id, and the result and the log quote it).
    let secrets: KnownSecrets
    let logger: Logger
    /// The contracts of operations run lately, decoded once.
    let contracts = OperationContracts()
    /// The schema components calls needed lately, decoded once (shared with the evaluator and `describe`).
    var components = SchemaComponents()

    /// Runs `operationID` with `arguments`; `confirm` is asked when a guardrail requires confirmation (`nil` or
    /// `.unsupported`: the client cannot be asked, so such calls are refused with an explanation).
    public func execute(
        operationID: String, arguments: JSONObject, traceID: String, confirm: Confirmer?
    ) async -> ExecutionResult {
        await ToolCallSpans.operation(operationID, traceID: traceID) {
            await run(operationID: operationID, arguments: arguments, traceID: traceID, confirm: confirm)
        }
    }

    /// Sends the calls of every API `service` connects per user with the calling user's own token
    /// (docs/connections.md).
    public func authenticatePerUser(through service: ConnectionService) async {
        for (id, connection) in apis where service.isPerUser(id) {
            await connection.authenticator.authenticate(perUserThrough: service, group: id)
        }
    }

    /// The link `caller` must open before calls to the API `group` can be sent, when that API's calls carry each
    /// user's own token and the caller has none yet (`nil` otherwise).
    public func connectURL(ifNeededFor caller: Caller, group: String) async -> String? {
        await apis[group]?.authenticator.connectURLIfNeeded(for: caller)
    }

    private func run(
        operationID: String, arguments: JSONObject, traceID: String, confirm: Confirmer?
    ) async -> ExecutionResult {
        let clock = ContinuousClock()
        let start = clock.now
        var result = ExecutionResult(
            traceID: traceID, operation: operationID, outcome: .succeeded, status: nil, body: nil, truncated: false,
            evaluation: nil, redacted: [], message: nil, violations: [], policy: nil, durationMilliseconds: 0,
            attempts: 0)
        func finish(_ result: ExecutionResult) -> ExecutionResult {
            var result = result
            let quoting = secrets.quoting()
            result.operation = quoting.mask(result.operation)
            result.message = result.message.map { quoting.mask($0) }
            result.durationMilliseconds = (clock.now - start).milliseconds
            log(result)
            return result
        }
        guard let operation = contracts.contract(operationID, reading: reader) else {
            result.outcome = .unknownOperation
            result.message = "no operation '\(operationID)'; use the search tool to find operation ids"
            return finish(result)
        }
        guard operation.webhook == nil else {
            result.outcome = .unknownOperation
            result.message = "'\(operationID)' is a webhook: a request the API sends, which cannot be executed"
            return finish(result)
        }
        guard let connection = apis[operation.apiID] else {
            result.outcome = .unknownOperation
            result.message = "API '\(operation.apiID)' has no base URL in this environment"
            return finish(result)
        }
        let validator = JSONSchemaValidator(direction: .request, quoting: connection.quoting()) { [components, reader] in
            components.component(apiID: operation.apiID, reference: $0, reading: reader)
        }
        let violations = validator.validate(.object(arguments), against: SchemaDocument.arguments(of: operation))
        guard violations.isEmpty else {
            result.outcome = .invalidArguments
            result.violations = violations
            result.message = "the arguments do not match the operation's schema; fix them and call again"
            return finish(result)
        }
        if let refusal = await guardrails.refusal(
            of: operation, arguments: arguments, confirm: confirm, result: &result)
        {
            result.message = refusal
            return finish(result)
        }
        let request: UpstreamRequest
        do {
            request = try await connection.authenticator.authenticate(
                RequestBuilder(baseURL: connection.baseURL).build(operation, arguments: arguments))
        } catch let error as RequestBuildError {
            result.outcome = .invalidArguments
            result.message = connection.mask(error.description)
            return finish(result)
        } catch let missing as Credentials.MissingSecrets {
            result.outcome = .missingCredentials
            result.message = missing.description
            return finish(result)
        } catch let required as ConnectionRequired {
            result.outcome = .missingCredentials
            result.message = required.description
            result.connection = required
            return finish(result)
        } catch {
            result.outcome = .unreachable
            result.message = connection.mask("\(error)")
            return finish(result)
        }
        let response: UpstreamResponse
        do {
            response = try await UpstreamCallSpan.send(request, template: operation.path, client.send)
        } catch {
            result.outcome = .unreachable
            result.message = connection.mask(error.description)
            return finish(result)
        }
        result.status = response.status
        result.attempts = response.attempts
        result.truncated = response.truncated
        let parsed = Self.parseBody(response)
        // Redaction first: redacted values are never quoted by the evaluation and are masked wherever else they
        // appear, like secrets, and masking comes before anything is cut.
        // A body that could not be parsed cannot have redacted fields removed from it: it is withheld whole.
        let withheldWhole = parsed.json == nil && parsed.text != nil && guardrails.redactsResponses(of: operation)
        let original = withheldWhole ? nil : parsed.json ?? parsed.text.map(JSONValue.string)
        let redaction = withheldWhole
            ? (body: JSONValue.string(Self.withheldUnparsedBody), removed: [""])
            : original.map { guardrails.redact($0, for: operation) }
        let quoting = connection.quoting().withholding(redaction?.removed ?? [], of: original ?? .null)
        result.evaluation = ToolCallSpans.evaluation {
            evaluator.evaluate(
                operation, status: response.status, contentType: response.contentType, body: parsed.json,
                bodyIsJSON: parsed.isJSON, truncated: response.truncated, quoting: quoting)
        }
        if let redaction {
            result.body = quoting.mask(redaction.body, truncated: response.truncated)
            result.redacted = redaction.removed
        }
        if !(200..<300).contains(response.status) {
            result.outcome = .upstreamError
            result.message = "the API answered \(response.status)"
        }
        return finish(result)
    }

    /// What stands for a body withheld because the fields a policy redacts could not be found in it.
    static let withheldUnparsedBody = "[withheld: a guardrail redacts fields of this operation's responses, and this "
        + "body is not complete JSON (cut at the size limit, malformed or not JSON), so they cannot be removed]"

    private static func parseBody(_ response: UpstreamResponse) -> (json: JSONValue?, isJSON: Bool, text: String?) {
        guard !response.body.isEmpty else { return (nil, false, nil) }
        let contentType = response.contentType?.lowercased() ?? ""
        let first = response.body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if MediaTypeHeader.namesJSON(contentType) || first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            if let json = try? JSONValue.parse(response.body) { return (json, true, nil) }
        }
        return (nil, false, String(decoding: response.body, as: UTF8.self))
    }

    private func log(_ result: ExecutionResult) {
        var metadata: Logger.Metadata = [
            "trace_id": .string(result.traceID),
            "tool": "execute",
            "operation": .string(result.operation),
            "outcome": .string(result.outcome.rawValue),
            "duration_ms": .stringConvertible((result.durationMilliseconds * 10).rounded() / 10),
        ]
        if let status = result.status { metadata["upstream_status"] = .stringConvertible(status) }
        if let policy = result.policy { metadata["policy"] = .string(policy) }
        if !result.redacted.isEmpty { metadata["redacted"] = .array(result.redacted.map { .string($0) }) }
        logger.info("call", metadata: metadata)
    }
}

/// How the runtime reaches one API in the current environment.
public struct APIConnection: Sendable {
    /// The base URL for the environment.
    public var baseURL: String
    /// Adds authentication.
    public var authenticator: Authenticator
    /// The secret values (including tokens obtained while serving), to mask in anything returned.
    let secrets: KnownSecrets

    /// A connection.
    public init(baseURL: String, authenticator: Authenticator, secrets: KnownSecrets) {
        self.baseURL = baseURL
        self.authenticator = authenticator
        self.secrets = secrets
    }

    /// The masking rule for this call's messages and results (see ``ValueQuoting``).
    func quoting() -> ValueQuoting {
        secrets.quoting()
    }

    /// `text` with every secret value replaced by `***`.
    func mask(_ text: String) -> String {
        quoting().mask(text)
    }
}
