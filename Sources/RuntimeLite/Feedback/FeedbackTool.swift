import Foundation
import HandbookModel
import MCP

/// The `feedback` tool, offered by servers that take feedback (`hbc serve --feedback`): a caller says whether the
/// answer with a trace id (every result carries its `traceId`) was right and, when it was not, which plan is; the
/// server keeps it per tenant and user in its state database (``FeedbackStore``) for `hbc feedback export`
/// (docs/feedback.md). The request comes from the answer remembered under the trace
/// (``remember(plans:request:traceID:caller:store:)``), or from the call's `request`.
enum FeedbackTool {
    static let name = "feedback"

    /// The tool as `tools/list` shows it: few words (every tool's tokens are read before each conversation);
    /// `request` (for a trace the server does not know) is accepted but not advertised.
    static let tool = Tool(
        name: name,
        description: "Was the answer with traceId right? plan: the right operation ids.",
        inputSchema: ToolCatalog.advertised(advertisedInput))

    private static let properties: [(String, JSONValue)] = [
        ("trace", .object(["type": .string("string"), "minLength": .int(1), "maxLength": .int(200)])),
        ("right", .object(["type": .string("boolean")])),
        (
            "plan",
            .object([
                "type": .string("array"), "items": .object(["type": .string("string")]),
                "minItems": .int(1), "maxItems": .int(10),
            ])
        ),
        ("comment", .object(["type": .string("string"), "maxLength": .int(2000)])),
    ]

    private static let advertisedInput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object(JSONObject(properties)),
        "required": .array([.string("trace"), .string("right")]),
    ])

    /// The schema calls are validated against: the advertised one and `request`, nothing else.
    static let input: JSONValue = .object([
        "type": .string("object"),
        "properties": .object(
            JSONObject(
                properties + [
                    ("request", .object(["type": .string("string"), "minLength": .int(1), "maxLength": .int(4000)]))
                ])),
        "required": .array([.string("trace"), .string("right")]),
        "additionalProperties": .bool(false),
    ])

    /// Why feedback was not recorded.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Records the call's feedback (arguments already validated against ``input``) for `caller` in `store`; the
    /// result says what was recorded.
    static func call(
        _ arguments: JSONObject, runtime: HandbookRuntime, caller: Caller, store: (any FeedbackStore)?,
        now: Date = Date()
    ) async throws -> JSONValue {
        guard let store else {
            throw Failure(
                description:
                    "this server does not take feedback (it was started without feedback or without a state database)")
        }
        let trace = arguments["trace"]?.stringValue ?? ""
        let answer = try await store.answer(trace: trace, for: caller)
        guard let request = arguments["request"]?.stringValue ?? answer?.request else {
            throw Failure(
                description: "no answer with trace '\(trace)' is known to this server for you; "
                    + "give the request too (\"request\": the words it was asked in)")
        }
        let plan = arguments["plan"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let unknown = try plan.filter {
            try runtime.reader.operation(id: $0) == nil && runtime.upstreams.tool(id: $0) == nil
        }
        guard unknown.isEmpty else {
            throw Failure(
                description: "no operation \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                    + "plan takes operation ids as search and plan give them")
        }
        let right = arguments["right"]?.boolValue ?? false
        try await store.record(
            UserFeedback(
                tenant: caller.tenant, user: caller.user, trace: trace, request: request,
                answered: answer?.operations ?? [], right: right, plan: plan,
                comment: arguments["comment"]?.stringValue,
                given: now.formatted(.iso8601)))
        var result: JSONObject = [
            "recorded": .bool(true), "trace": .string(trace), "request": .string(request), "right": .bool(right),
        ]
        if let answer { result["answered"] = .array(answer.operations.map(JSONValue.string)) }
        if !plan.isEmpty { result["plan"] = .array(plan.map(JSONValue.string)) }
        return .object(result)
    }

    /// Remembers the first plan of a `plan` tool result as what `caller` was answered under `traceID`, so feedback
    /// on the trace knows it; failures to remember are not the caller's concern and are ignored.
    static func remember(
        plans result: JSONValue, request: String?, traceID: String, caller: Caller, store: (any FeedbackStore)?
    ) async {
        let operations = result["plans"]?.arrayValue?.first?["operations"]?.arrayValue?.compactMap(\.stringValue) ?? []
        await remember(operations: operations, request: request, traceID: traceID, caller: caller, store: store)
    }

    /// Remembers `operations` (a plan that was run) as what `caller` was answered for `request` under `traceID`.
    static func remember(
        operations: [String], request: String?, traceID: String, caller: Caller, store: (any FeedbackStore)?
    ) async {
        guard let store, let request, !request.isEmpty else { return }
        let answer = AnsweredRequest(trace: traceID, request: request, operations: operations)
        try? await store.remember(answer, for: caller)
    }
}
