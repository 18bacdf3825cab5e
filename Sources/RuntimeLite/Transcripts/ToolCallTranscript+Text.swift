import Foundation
import HandbookModel

extension ToolCallTranscript {
    /// The transcript for people (`hbc trace show`): the call, the request, the context and plans considered, each
    /// upstream call with its outcome, status, timing, evaluation and guardrail decision, and how it ended.
    public var text: String {
        var lines = [
            "trace \(traceID)  \(tool)  \(outcome)  \(Self.milliseconds(durationMilliseconds))  "
                + (json["startedAt"]?.stringValue ?? ""),
            "  caller \(tenant)/\(user) · \(handbook) \(contentHash.prefix(19)) · environment \(environment)",
            "request: " + Self.cut(request.serialized, 600),
        ]
        let context = result["transcript"]?["context"]?.arrayValue ?? result["results"]?.arrayValue ?? []
        if !context.isEmpty {
            lines.append("context selected:")
            for item in context.prefix(10) {
                let score = item["score"]?.doubleValue.map { " · score " + String(format: "%.3f", $0) } ?? ""
                lines.append(
                    "  \(item["kind"]?.stringValue ?? "-") \(item["id"]?.stringValue ?? "?")"
                        + (item["title"]?.stringValue.map { " — \($0)" } ?? "") + score)
            }
        }
        let plans = result["transcript"]?["plans"]?.arrayValue ?? result["plans"]?.arrayValue ?? []
        if !plans.isEmpty {
            lines.append("plans considered:")
            for plan in plans.prefix(5) {
                let operations = plan["operations"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " → ")
                lines.append(
                    "  \(plan["id"]?.stringValue ?? "?")" + (operations.map { "  \($0)" } ?? "")
                        + (plan["why"]?.stringValue.map { "  (\($0))" } ?? ""))
            }
        }
        if let plan = result["plan"]?.stringValue ?? result["plan"]?["id"]?.stringValue {
            lines.append("plan run: \(plan)")
        }
        let calls = calls
        if !calls.isEmpty {
            lines.append("calls:")
            for (index, call) in calls.enumerated() { lines += Self.lines(of: call, number: index + 1) }
        }
        for attempt in result["transcript"]?["attempts"]?.arrayValue ?? [] {
            if let failure = attempt["failure"]?.stringValue {
                lines.append(
                    "attempt \(attempt["plan"]?.stringValue ?? "?") failed: \(failure)"
                        + (attempt["decision"]?.stringValue.map { "; then: \($0)" } ?? ""))
            }
        }
        if let message = result["message"]?.stringValue ?? result["error"]?.stringValue {
            lines.append("message: " + Self.cut(message, 600))
        }
        return lines.joined(separator: "\n")
    }

    /// One upstream call: outcome, status, timing, attempts, guardrail decision, evaluation.
    private static func lines(of call: JSONValue, number: Int) -> [String] {
        let step = call["step"]?.stringValue.map { "\($0): " } ?? ""
        var head =
            "  \(number). \(step)\(call["method"]?.stringValue.map { "\($0) " } ?? "")"
            + "\(call["operation"]?.stringValue ?? "?") → \(call["outcome"]?.stringValue ?? "?")"
        if let status = call["status"]?.doubleValue { head += " \(Int(status))" }
        if let duration = call["durationMs"]?.doubleValue { head += " · \(milliseconds(duration))" }
        if let attempts = call["attempts"]?.doubleValue { head += " · \(Int(attempts)) attempts" }
        var lines = [head]
        if let policy = call["policy"]?.stringValue {
            lines.append("     guardrail: \(call["outcome"]?.stringValue ?? "decided") by policy \(policy)")
        }
        if let message = call["message"]?.stringValue { lines.append("     message: " + cut(message, 400)) }
        for violation in call["violations"]?.arrayValue?.prefix(5) ?? [] {
            lines.append(
                "     argument \(violation["path"]?.stringValue ?? ""): \(violation["message"]?.stringValue ?? "")")
        }
        if let evaluation = call["evaluation"] {
            let conforms = evaluation["conforms"]?.boolValue == true
            lines.append(
                "     evaluation: " + (conforms ? "conforms" : "does not conform")
                    + (evaluation["documentedResponse"]?.stringValue.map { " to response \($0)" } ?? ""))
            for violation in evaluation["violations"]?.arrayValue?.prefix(5) ?? [] {
                lines.append(
                    "       \(violation["path"]?.stringValue ?? ""): \(violation["message"]?.stringValue ?? "")")
            }
        }
        if let redacted = call["redacted"]?.arrayValue, !redacted.isEmpty {
            lines.append("     redacted: " + redacted.compactMap(\.stringValue).joined(separator: ", "))
        }
        return lines
    }

    private static func milliseconds(_ value: Double) -> String {
        String(format: "%.1f ms", value)
    }

    private static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
