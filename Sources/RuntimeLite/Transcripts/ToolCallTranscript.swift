import Foundation
import HandbookModel

/// What one tool call did, kept after it for people and agents asking "why did the agent do that": the request, the
/// context selected, the plans, every upstream call with its status, timing, evaluation and guardrail decision.
///
/// Built from the answer the agent got, after masking: secrets and redacted values are masked exactly as in the
/// result, and response bodies are left out (their size is noted), so a transcript never holds more than the agent
/// saw. Keyed by the trace id every tool result carries (`traceId`).
public struct ToolCallTranscript: Sendable, Hashable {
    /// The trace id of the call (the `traceId` of its result and of its log line).
    public var traceID: String
    /// The tool called.
    public var tool: String
    /// When the call started.
    public var startedAt: Date
    /// How long it took, in milliseconds.
    public var durationMilliseconds: Double
    /// Whether the result was a tool error.
    public var isError: Bool
    /// The tenant the caller acted in.
    public var tenant: String
    /// The calling user.
    public var user: String
    /// The handbook served, its content hash and the environment calls went to.
    public var handbook: String
    /// See ``handbook``.
    public var contentHash: String
    /// See ``handbook``.
    public var environment: String
    /// The tool's arguments, secrets masked.
    public var request: JSONValue
    /// The structured result, masked as returned, response bodies replaced by a note of their size.
    public var result: JSONValue

    /// A transcript.
    public init(
        traceID: String, tool: String, startedAt: Date, durationMilliseconds: Double, isError: Bool, tenant: String,
        user: String, handbook: String, contentHash: String, environment: String, request: JSONValue, result: JSONValue
    ) {
        self.traceID = traceID
        self.tool = tool
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.isError = isError
        self.tenant = tenant
        self.user = user
        self.handbook = handbook
        self.contentHash = contentHash
        self.environment = environment
        self.request = request
        self.result = result
    }

    /// The outcome the result states (`succeeded`, `denied`, …), else `error` or `ok`.
    public var outcome: String {
        result["outcome"]?.stringValue ?? (isError ? "error" : "ok")
    }

    /// Every upstream call the tool made, in order, as the result reports them: an `execute` of one operation, the
    /// steps of a plan, the calls of each attempt of a `run`. Each has the operation, outcome, status, duration,
    /// attempts, the guardrail policy that decided, the message and the evaluation.
    public var calls: [JSONValue] {
        if let steps = result["steps"]?.arrayValue { return steps }
        if let attempts = result["transcript"]?["attempts"]?.arrayValue {
            return attempts.flatMap { attempt in
                (attempt["calls"]?.arrayValue ?? []).map { call in
                    var call = call.objectValue ?? JSONObject()
                    call["plan"] = attempt["plan"]
                    return .object(call)
                }
            }
        }
        if result["operation"] != nil, result["outcome"] != nil { return [result] }
        return []
    }

    /// The structured form (what `hbc trace show --json` prints and `hbc://traces/{id}` returns).
    public var json: JSONValue { form(listingCalls: true) }

    /// What a store keeps: ``json`` without `calls`, which ``init(json:)`` derives again from the result (an
    /// `execute`'s call is its whole result: kept once, not twice).
    public var storedForm: JSONValue { form(listingCalls: false) }

    private func form(listingCalls: Bool) -> JSONValue {
        var object: JSONObject = [
            "traceId": .string(traceID),
            "tool": .string(tool),
            "startedAt": .string(
                startedAt.formatted(
                    .iso8601.time(includingFractionalSeconds: true).year().month().day()
                        .dateTimeSeparator(.standard).timeZone(separator: .omitted))),
            "durationMs": .double((durationMilliseconds * 10).rounded() / 10),
            "isError": .bool(isError),
            "outcome": .string(outcome),
            "caller": .object(["tenant": .string(tenant), "user": .string(user)]),
            "handbook": .object([
                "name": .string(handbook), "contentHash": .string(contentHash), "environment": .string(environment),
            ]),
            "request": request,
        ]
        if listingCalls { object["calls"] = .array(calls) }
        object["result"] = result
        return .object(object)
    }

    /// Reads the structured form back; `nil` when `json` is not one.
    public init?(json: JSONValue) {
        guard let traceID = json["traceId"]?.stringValue, let tool = json["tool"]?.stringValue,
            let started = json["startedAt"]?.stringValue,
            let startedAt = try? Date(
                started,
                strategy: .iso8601.time(includingFractionalSeconds: true).year()
                    .month().day().dateTimeSeparator(.standard).timeZone(separator: .omitted))
        else { return nil }
        self.init(
            traceID: traceID, tool: tool, startedAt: startedAt,
            durationMilliseconds: json["durationMs"]?.doubleValue ?? 0, isError: json["isError"]?.boolValue ?? false,
            tenant: json["caller"]?["tenant"]?.stringValue ?? "", user: json["caller"]?["user"]?.stringValue ?? "",
            handbook: json["handbook"]?["name"]?.stringValue ?? "",
            contentHash: json["handbook"]?["contentHash"]?.stringValue ?? "",
            environment: json["handbook"]?["environment"]?.stringValue ?? "",
            request: json["request"] ?? .object([:]), result: json["result"] ?? .object([:]))
    }
}
