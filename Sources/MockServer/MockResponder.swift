import Foundation
import HandbookModel

/// Answers requests for a handbook's APIs from their specs alone, like Prism: routes the request to its operation,
/// validates it against the contract, and answers the operation's documented success response — its first example,
/// or data generated from its schema, the same for the same request.
///
/// A `Prefer` header chooses another documented response (`Prefer: code=404`), a named example
/// (`Prefer: example=NAME`) or generated data despite examples (`Prefer: dynamic=true`).
public struct MockResponder: Sendable {
    /// One API's routes and schema tools.
    private struct API: Sendable {
        let generator: SchemaDataGenerator
        let requestValidator: MockRequestValidator
    }

    /// The operations served, by id.
    public let operations: [String: APIOperation]
    /// The router over those operations.
    public let router: MockRouter
    private let apis: [String: API]

    /// A responder for `operations`, resolving `#/components/schemas/NAME` references with `components[apiID][NAME]`
    /// and accepting paths under `basePaths` too.
    public init(operations: [APIOperation], components: [String: [String: JSONValue]], basePaths: [String] = []) {
        self.operations = Dictionary(operations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        router = MockRouter(
            routes: operations.map { MockRouter.Route(operationID: $0.id, method: $0.method, template: $0.path) },
            basePaths: basePaths)
        var apis: [String: API] = [:]
        for apiID in Set(operations.map(\.apiID)) {
            let table = components[apiID] ?? [:]
            let resolve: @Sendable (String) -> JSONValue? = { reference in
                SchemaComponent.name(fromReference: reference).flatMap { table[$0] }
            }
            apis[apiID] = API(
                generator: SchemaDataGenerator(resolveReference: resolve),
                requestValidator: MockRequestValidator(resolveReference: resolve))
        }
        self.apis = apis
    }

    /// A responder for the operations of a bundle (of the API `apiID` only, when given), accepting paths under the
    /// path of each API's first spec server as well (`https://api.stripe.com/v1` → `/v1`).
    public init(bundle reader: BundleReader, apiID: String? = nil) throws(BundleError) {
        let descriptors = try reader.apis().filter { apiID == nil || $0.id == apiID }
        let wanted = Set(descriptors.map(\.id))
        var operations: [APIOperation] = []
        for summary in try reader.operationSummaries() where wanted.contains(summary.apiID) {
            // Webhooks are requests the API sends: nothing to answer.
            if let operation = try reader.operation(id: summary.id), operation.webhook == nil {
                operations.append(operation)
            }
        }
        var components: [String: [String: JSONValue]] = [:]
        for operation in operations {
            var pending = Self.schemas(of: operation).flatMap(SchemaReferences.names)
            while let name = pending.popLast() {
                guard components[operation.apiID]?[name] == nil,
                    let schema = try reader.schemaComponent(apiID: operation.apiID, name: name)
                else { continue }
                components[operation.apiID, default: [:]][name] = schema
                pending += SchemaReferences.names(in: schema)
            }
        }
        let basePaths = descriptors.compactMap { $0.specServers.first.flatMap(MockRouter.basePath(ofServer:)) }
        self.init(operations: operations, components: components, basePaths: basePaths)
    }

    private static func schemas(of operation: APIOperation) -> [JSONValue] {
        operation.parameters.map(\.schema)
            + (operation.requestBody?.content ?? []).compactMap(\.schema)
            + operation.responses.flatMap { $0.content.compactMap(\.schema) + $0.headers.compactMap(\.schema) }
    }

    /// The generator for the schemas of the API `apiID`.
    public func generator(forAPI apiID: String) -> SchemaDataGenerator? { apis[apiID]?.generator }

    /// The answer to `request`.
    public func respond(to request: MockRequest) -> MockResponse {
        let route: MockRouter.Route
        let pathValues: [String: String]
        switch router.match(method: request.method, path: request.path) {
        case .found(let found, let parameters):
            route = found
            pathValues = parameters
        case .methodNotAllowed(let allowed):
            return .json(
                405,
                .object([
                    "error": .string("method not allowed"),
                    "message": .string(
                        "\(request.path) does not take \(request.method); it takes \(allowed.joined(separator: ", "))"),
                    "allowed": .array(allowed.map(JSONValue.string)),
                ]), headers: [("Allow", allowed.joined(separator: ", "))])
        case .notFound:
            return .json(
                404,
                .object([
                    "error": .string("not found"),
                    "message": .string("no operation of the API matches \(request.method) \(request.path)"),
                ]))
        }
        guard let operation = operations[route.operationID], let api = apis[operation.apiID] else {
            return .json(
                500, .object(["error": .string("internal error"), "message": .string("the operation is missing")]))
        }
        if case .failure(let failure) = api.requestValidator.validate(request, for: operation, pathValues: pathValues) {
            var body: JSONObject = [
                "error": .string(failure.status == 415 ? "unsupported media type" : "invalid request"),
                "operation": .string(operation.id),
                "violations": .array(
                    failure.violations.map { violation in
                        .object(["path": .string(violation.path), "message": .string(violation.message)])
                    }),
            ]
            if !failure.acceptedMediaTypes.isEmpty {
                body["accepted"] = .array(failure.acceptedMediaTypes.map(JSONValue.string))
            }
            return .json(failure.status, .object(body))
        }
        return answer(operation, api: api, request: request)
    }

    // MARK: Answering

    private func answer(_ operation: APIOperation, api: API, request: MockRequest) -> MockResponse {
        let preferences = MockPreferences(request.headerValues("Prefer"))
        guard let chosen = Self.response(of: operation, preferring: preferences.code) else {
            return .json(
                500,
                .object([
                    "error": .string("no response documented"),
                    "message": .string(
                        preferences.code.map { "\(operation.id) documents no \($0) response" }
                            ?? "\(operation.id) documents no response"),
                ]))
        }
        let (response, status) = chosen
        guard let content = Self.content(of: response, accepting: request.header("Accept")) else {
            return MockResponse(status: status)
        }
        let value: JSONValue
        if !preferences.dynamic,
            let example = preferences.example.flatMap({ name in
                content.examples.first { $0.name == name }
            }) ?? content.examples.first
        {
            value = example.value
        } else if let schema = content.schema {
            let sortedQuery = request.query.split(separator: "&").map(String.init).sorted().joined(separator: "&")
            var random = SeededRandom(seeding: [
                operation.id, request.method, request.path, sortedQuery, String(decoding: request.body, as: UTF8.self),
            ])
            value = api.generator.value(for: schema, random: &random)
        } else {
            return MockResponse(status: status, headers: [("Content-Type", content.mediaType)])
        }
        if case .string(let text) = value, !content.mediaType.contains("json") {
            return MockResponse(status: status, headers: [("Content-Type", content.mediaType)], body: Array(text.utf8))
        }
        return .json(status, value, mediaType: content.mediaType)
    }

    /// The documented response to answer and its status code: the one `code` names (exactly or as `4XX`), else the
    /// lowest 2xx, else `default` (as 200), else the first documented.
    private static func response(of operation: APIOperation, preferring code: Int?) -> (OperationResponse, Int)? {
        if let code {
            let family = "\(code / 100)XX"
            guard
                let response = operation.responses.first(where: { $0.status == String(code) })
                    ?? operation.responses.first(where: { $0.status.uppercased() == family })
                    ?? operation.responses.first(where: { $0.status == "default" })
            else { return nil }
            return (response, code)
        }
        let successes = operation.responses.compactMap { response -> (OperationResponse, Int)? in
            if let status = Int(response.status), (200..<300).contains(status) { return (response, status) }
            return response.status.uppercased() == "2XX" ? (response, 200) : nil
        }
        if let lowest = successes.min(by: { $0.1 < $1.1 }) { return lowest }
        if let fallback = operation.responses.first(where: { $0.status == "default" }) { return (fallback, 200) }
        return operation.responses.first.map { ($0, Int($0.status) ?? 200) }
    }

    /// The media type to answer in: the first the `Accept` header takes, else the first JSON one, else the first.
    private static func content(of response: OperationResponse, accepting accept: String?) -> MediaTypeContent? {
        let wanted = (accept ?? "").split(separator: ",").map { MockRequestValidator.baseMediaType(String($0)) }
            .filter { !$0.isEmpty && $0 != "*/*" }
        for type in wanted {
            if let content = response.content.first(where: {
                MockRequestValidator.mediaType(type, accepts: MockRequestValidator.baseMediaType($0.mediaType))
            }) {
                return content
            }
        }
        return response.content.first { $0.mediaType.contains("json") } ?? response.content.first
    }
}
