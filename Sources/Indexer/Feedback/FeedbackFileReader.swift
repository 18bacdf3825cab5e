import HandbookModel

/// Reads the entries of `feedback/*.yaml` files:
///
/// ```yaml
/// feedback:
///   - request: raise the credit limit of Globex to 5000
///     plan:                                    # the right plan, in order
///       - searchCustomers
///       - operation: updateCustomer
///         arguments: { id: "$steps.s1.response.body#/items/0/id" }
///     wrong: [createCustomer]                  # operations that are wrong for it
///   - request: which products sell best
///     operations: [salesByProduct]             # the right operations, in any order
///     trace: 5f0c…                             # optional: the answer it is about
///     source: support ticket 4711              # optional
///     comment: …                               # optional
/// ```
///
/// Plan steps are named `s1`, `s2`, … in order, so arguments of later steps bind earlier results with
/// `$steps.s1.response.body#/pointer`.
struct FeedbackFileReader {
    let diagnostics: DiagnosticCollector

    /// Where feedback files are found, relative to the handbook folder.
    static let globs = ["feedback/**/*.yaml", "feedback/**/*.yml"]

    static let entryKeys: Set<String> = [
        "request", "plan", "operations", "wrong", "trace", "source", "comment",
    ]
    static let stepKeys: Set<String> = ["operation", "arguments"]
    private static let entryHint =
        "write each entry as {request: TEXT, plan: [ID, …] | operations: [ID, …], wrong: [ID, …]}"

    /// The entries of parsed feedback files, in the order given, each file's entries in written order.
    func read(_ files: [(file: SourceFile, root: SourceNode)]) -> [FeedbackSource] {
        var sources: [FeedbackSource] = []
        for (file, root) in files {
            let fields = YAMLFieldReader(file: file, diagnostics: diagnostics, rulePrefix: "feedback")
            fields.checkKeys(root, known: ["feedback"], what: "a feedback file")
            guard let entries = root["feedback"]?.elements else {
                diagnostics.error(
                    "feedback.invalid", "a feedback file needs a list 'feedback'", at: file.start,
                    hint: "feedback: [{request: TEXT, plan: [OPERATION, …]}]")
                continue
            }
            for node in entries {
                if let source = entry(node, in: file, fields: fields) { sources.append(source) }
            }
        }
        return sources
    }

    private func entry(_ node: SourceNode, in file: SourceFile, fields: YAMLFieldReader) -> FeedbackSource? {
        guard node.entries != nil else {
            diagnostics.error(
                "feedback.invalid", "a feedback entry must be a mapping", at: file.location(node),
                hint: Self.entryHint)
            return nil
        }
        fields.checkKeys(node, known: Self.entryKeys, what: "a feedback entry")
        guard let request = fields.string(node, "request", what: "a feedback entry") else {
            if node["request"] == nil {
                diagnostics.error(
                    "feedback.invalid", "a feedback entry needs 'request'", at: file.location(node),
                    hint: Self.entryHint)
            }
            return nil
        }
        guard !request.allSatisfy(\.isWhitespace) else {
            diagnostics.error(
                "feedback.invalid", "'request' of a feedback entry is empty",
                at: file.location(node["request"] ?? node))
            return nil
        }
        var named: [(id: String, location: SourceLocation)] = []
        guard let plan = steps(node["plan"], in: file, named: &named) else { return nil }
        let operations = fields.strings(node, "operations", what: "a feedback entry")
        let wrong = fields.strings(node, "wrong", what: "a feedback entry")
        named += (operations + wrong).map { ($0.0, file.location($0.1)) }
        let right = Set(plan.map(\.operation) + operations.map(\.0))
        if let contradiction = wrong.first(where: { right.contains($0.0) }) {
            diagnostics.error(
                "feedback.invalid", "'\(contradiction.0)' is named both right and wrong for the request",
                at: file.location(contradiction.1), hint: "keep it in one of plan/operations and wrong")
            return nil
        }
        if plan.isEmpty, operations.isEmpty, wrong.isEmpty {
            diagnostics.warning(
                "feedback.empty",
                "the feedback entry names no plan, operations or wrong operations, so it "
                    + "steers nothing", at: file.location(node), hint: Self.entryHint)
        }
        let location = file.location(node)
        let entry = FeedbackEntry(
            request: request, plan: plan, operations: operations.map(\.0), wrong: wrong.map(\.0),
            trace: fields.string(node, "trace", what: "a feedback entry"),
            source: fields.string(node, "source", what: "a feedback entry"),
            comment: fields.string(node, "comment", what: "a feedback entry"),
            location: "\(file.relativePath):\(location.line ?? 0)")
        return FeedbackSource(entry: entry, location: location, operationLocations: named)
    }

    /// The steps of a `plan` list (empty without one), or `nil` when it is malformed (reported).
    private func steps(
        _ node: SourceNode?, in file: SourceFile, named: inout [(id: String, location: SourceLocation)]
    ) -> [PlanStep]? {
        guard let node else { return [] }
        guard let elements = node.elements else {
            diagnostics.error(
                "feedback.invalid", "'plan' must be a list of operation ids or {operation, arguments}",
                at: file.location(node), hint: "plan: [searchCustomers, updateCustomer]")
            return nil
        }
        var steps: [PlanStep] = []
        for (index, element) in elements.enumerated() {
            let id = "s\(index + 1)"
            if let operation = element.string, element.entries == nil {
                named.append((operation, file.location(element)))
                steps.append(PlanStep(id: id, operation: operation, arguments: .object([:]), successCriteria: []))
                continue
            }
            guard element.entries != nil, let operationNode = element["operation"],
                let operation = operationNode.string, operationNode.entries == nil
            else {
                diagnostics.error(
                    "feedback.invalid", "a plan step must be an operation id or a mapping with 'operation'",
                    at: file.location(element), hint: "- operation: ID\n  arguments: {NAME: VALUE}")
                return nil
            }
            YAMLFieldReader(file: file, diagnostics: diagnostics, rulePrefix: "feedback")
                .checkKeys(element, known: Self.stepKeys, what: "a plan step")
            let arguments = element["arguments"]
            if let arguments, arguments.entries == nil {
                diagnostics.error(
                    "feedback.invalid", "'arguments' of a plan step must be a mapping",
                    at: file.location(arguments), hint: "arguments: {NAME: VALUE or $steps.s1.response.body#/pointer}")
                return nil
            }
            named.append((operation, file.location(operationNode)))
            steps.append(
                PlanStep(
                    id: id, operation: operation, arguments: arguments?.json ?? .object([:]),
                    successCriteria: []))
        }
        return steps
    }
}
