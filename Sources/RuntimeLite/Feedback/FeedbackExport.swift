import HandbookModel

/// Turns stored feedback (``UserFeedback``) into handbook feedback entries for review, and writes them as a
/// `feedback/*.yaml` file that `hbc build` reads as is (docs/feedback.md):
/// - right, with the operations that were answered: they are the entry's plan;
/// - wrong, with the right plan: that plan, and the answered operations it does not call as wrong;
/// - wrong, without a plan: the answered plan's last operation (the one answering the request) as wrong;
/// - anything else says nothing a build could use and is left out.
public enum FeedbackExport {
    /// The entries, in the order the feedback was given, and how many pieces of feedback were left out.
    public static func entries(_ feedback: [UserFeedback]) -> (entries: [FeedbackEntry], leftOut: Int) {
        var entries: [FeedbackEntry] = []
        for given in feedback {
            var entry = FeedbackEntry(
                request: given.request, trace: given.trace, source: "\(given.tenant)/\(given.user)",
                comment: given.comment)
            let plan = given.right && given.plan.isEmpty ? given.answered : given.plan
            entry.plan = plan.enumerated().map { index, id in
                PlanStep(id: "s\(index + 1)", operation: id, arguments: .object([:]), successCriteria: [])
            }
            if !given.right {
                entry.wrong =
                    plan.isEmpty ? Array(given.answered.suffix(1)) : given.answered.filter { !plan.contains($0) }
            }
            guard !entry.plan.isEmpty || !entry.wrong.isEmpty, !given.request.isEmpty else { continue }
            entries.append(entry)
        }
        return (entries, feedback.count - entries.count)
    }

    /// `entries` as a feedback file: every value a JSON string or list (valid YAML), a comment line on top.
    public static func yaml(_ entries: [FeedbackEntry], header: String) -> String {
        func quoted(_ text: String) -> String { JSONValue.string(text).serialized }
        func list(_ ids: [String]) -> String { "[" + ids.map(quoted).joined(separator: ", ") + "]" }
        var lines = header.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }
        lines.append(entries.isEmpty ? "feedback: []" : "feedback:")
        for entry in entries {
            lines.append("  - request: \(quoted(entry.request))")
            if !entry.plan.isEmpty { lines.append("    plan: \(list(entry.planOperations))") }
            if !entry.operations.isEmpty { lines.append("    operations: \(list(entry.operations))") }
            if !entry.wrong.isEmpty { lines.append("    wrong: \(list(entry.wrong))") }
            if let trace = entry.trace { lines.append("    trace: \(quoted(trace))") }
            if let source = entry.source { lines.append("    source: \(quoted(source))") }
            if let comment = entry.comment { lines.append("    comment: \(quoted(comment))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
