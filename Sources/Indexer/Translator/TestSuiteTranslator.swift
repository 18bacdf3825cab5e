import Foundation
import HandbookModel

/// Compiles `tests/*.yaml` files into normalized ``RegressionTest``s.
struct TestSuiteTranslator {
    let diagnostics: DiagnosticCollector

    static let fileKeys: Set<String> = ["suite", "tests"]
    static let testKeys: Set<String> = ["name", "request", "expect", "steps"]
    static let stepKeys: Set<String> = ["id", "operation", "arguments", "expect"]
    static let stepExpectKeys: Set<String> = ["status", "denied_by", "assert"]
    private static let assertionOperators = Set(ResponseAssertion.Operator.allCases.map(\.rawValue))

    /// The tests of all files, with the operations and policies they name and where the arguments of the plans their
    /// steps make are written (by template id, `test:SUITE/NAME`).
    func translate(_ files: [ParsedYAMLFile]) -> (
        tests: [RegressionTest], operations: [NamedReference], policies: [NamedReference], planSources: [String: PlanSourceMap]
    ) {
        var tests: [RegressionTest] = []
        var operations: [NamedReference] = []
        var policies: [NamedReference] = []
        var planSources: [String: PlanSourceMap] = [:]
        var seenIDs = Set<String>()
        for parsed in files {
            let reader = YAMLFieldReader(file: parsed.file, diagnostics: diagnostics, rulePrefix: "tests")
            guard parsed.root.entries != nil, let list = parsed.root["tests"] else {
                diagnostics.error("tests.invalid", "a tests file must be a mapping with a `tests` list",
                                  at: parsed.file.location(parsed.root))
                continue
            }
            reader.checkKeys(parsed.root, known: Self.fileKeys, what: "a tests file")
            let defaultSuite = URL(fileURLWithPath: parsed.file.relativePath).deletingPathExtension().lastPathComponent
            let suite = reader.string(parsed.root, "suite", what: "a tests file") ?? defaultSuite
            for element in list.elements ?? [] {
                var stepLocations: [String: [String: SourceLocation]] = [:]
                guard let test = translateTest(element, suite: suite, reader: reader, operations: &operations,
                                               policies: &policies, stepLocations: &stepLocations)
                else { continue }
                guard seenIDs.insert(test.id).inserted else {
                    diagnostics.error("tests.duplicate-name", "suite '\(suite)' already has a test named '\(test.name)'",
                                      at: parsed.file.location(element))
                    continue
                }
                tests.append(test)
                planSources["test:\(test.id)"] = PlanSourceMap(template: parsed.file.location(element), arguments: stepLocations)
            }
        }
        return (tests, operations, policies, planSources)
    }

    private func translateTest(
        _ node: SourceNode, suite: String, reader: YAMLFieldReader, operations: inout [NamedReference],
        policies: inout [NamedReference], stepLocations: inout [String: [String: SourceLocation]]
    ) -> RegressionTest? {
        let file = reader.file
        guard node.entries != nil else {
            diagnostics.error("tests.invalid", "each test must be a mapping with a `name`", at: file.location(node))
            return nil
        }
        reader.checkKeys(node, known: Self.testKeys, what: "a test")
        guard let name = reader.string(node, "name", required: true, what: "a test") else { return nil }
        let what = "test '\(name)'"
        var expected: [String]?
        if let expect = node["expect"] {
            reader.checkKeys(expect, known: ["operations"], what: "the expect of \(what)")
            let listed = reader.strings(expect, "operations", what: what)
            expected = listed.map(\.0)
            for (operation, element) in listed {
                operations.append(NamedReference(name: operation, location: file.location(element), context: what))
            }
        }
        let request = reader.string(node, "request", what: what)
        if expected != nil, request == nil {
            diagnostics.error("tests.missing-key", "\(what) expects operations but has no `request` to select them for",
                              at: file.location(node))
        }
        var steps: [TestStep] = []
        if let list = node["steps"] {
            for (index, element) in (list.elements ?? []).enumerated() {
                guard let step = translateStep(element, index: index, earlier: steps, reader: reader, what: what,
                                               operations: &operations, policies: &policies)
                else { continue }
                steps.append(step)
                var locations: [String: SourceLocation] = [:]
                if let arguments = element["arguments"] { PlanSourceMap.record(arguments, at: "", in: file, into: &locations) }
                locations[""] = file.location(element)
                stepLocations[step.id] = stepLocations[step.id] ?? locations
            }
        }
        if expected == nil, steps.isEmpty {
            diagnostics.warning("tests.empty", "\(what) has neither `expect.operations` nor `steps`, so it checks nothing",
                                at: file.location(node))
        }
        return RegressionTest(
            suite: suite, name: name, request: request, expectedOperations: expected, steps: steps,
            source: SourceLocation(file: file.relativePath, line: Int(node.line), column: Int(node.column)))
    }

    private func translateStep(
        _ node: SourceNode, index: Int, earlier: [TestStep], reader: YAMLFieldReader, what: String,
        operations: inout [NamedReference], policies: inout [NamedReference]
    ) -> TestStep? {
        let file = reader.file
        reader.checkKeys(node, known: Self.stepKeys, what: "a step of \(what)")
        guard let operation = reader.string(node, "operation", required: true, what: "a step of \(what)") else {
            return nil
        }
        operations.append(NamedReference(name: operation, location: node["operation"].map(file.location) ?? file.location(node),
                                         context: what))
        let id = reader.string(node, "id", what: "a step of \(what)") ?? "step\(index + 1)"
        if earlier.contains(where: { $0.id == id }) {
            diagnostics.error("tests.duplicate-step", "\(what) has two steps with id '\(id)'", at: file.location(node))
        }
        var arguments = JSONObject()
        if let argumentNode = node["arguments"] {
            guard case .object(let object) = argumentNode.json else {
                diagnostics.error("tests.invalid", "`arguments` of a step of \(what) must be a mapping", at: file.location(argumentNode))
                return nil
            }
            arguments = object
            checkStepReferences(argumentNode, earlier: earlier, file: file, what: what)
        }
        var expectation = StepExpectation(status: nil, deniedBy: nil, assertions: [])
        if let expect = node["expect"] {
            reader.checkKeys(expect, known: Self.stepExpectKeys, what: "the expect of a step of \(what)")
            if let status = reader.count(expect, "status", what: what) {
                if !(100...599).contains(status) {
                    diagnostics.error("tests.invalid", "status \(status) in \(what) is not an HTTP status", at: expect["status"].map(file.location))
                }
                expectation.status = status
            }
            if let policy = reader.string(expect, "denied_by", what: what) {
                expectation.deniedBy = policy
                policies.append(NamedReference(name: policy, location: expect["denied_by"].map(file.location) ?? file.location(expect),
                                               context: what))
            }
            for assertion in expect["assert"]?.elements ?? [] {
                if let translated = translateAssertion(assertion, file: file, what: what) {
                    expectation.assertions.append(translated)
                }
            }
        }
        return TestStep(id: id, operation: operation, arguments: arguments, expectation: expectation)
    }

    private func translateAssertion(_ node: SourceNode, file: SourceFile, what: String) -> ResponseAssertion? {
        guard let path = node["path"]?.string else {
            diagnostics.error("tests.invalid", "an assertion in \(what) needs a `path` (JSONPath such as $.items[0].id)",
                              at: file.location(node))
            return nil
        }
        if !path.hasPrefix("$") {
            diagnostics.error("tests.invalid-path", "assertion path '\(path)' in \(what) must start with '$'",
                              at: node["path"].map(file.location))
        }
        let operators = (node.entries ?? []).filter { $0.key != "path" }
        guard operators.count == 1, let entry = operators.first,
              let comparison = ResponseAssertion.Operator(rawValue: entry.key)
        else {
            diagnostics.error("tests.invalid-assertion",
                              "an assertion in \(what) needs exactly one operator besides `path`",
                              at: file.location(node), hint: "one of: \(Self.assertionOperators.sorted().joined(separator: ", "))")
            return nil
        }
        if comparison == .matches, let pattern = entry.value.string, (try? ECMARegex(pattern)) == nil {
            diagnostics.error("tests.invalid-pattern", "'\(pattern)' in \(what) is not a valid regular expression",
                              at: file.location(entry.value))
        }
        return ResponseAssertion(path: path, comparison: comparison, expected: entry.value.json)
    }

    /// Reports `$steps.NAME…` expressions that name no earlier step.
    private func checkStepReferences(_ node: SourceNode, earlier: [TestStep], file: SourceFile, what: String) {
        switch node.value {
        case .scalar(let text, _):
            guard text.hasPrefix("$steps.") else { return }
            let name = text.dropFirst("$steps.".count).prefix { $0 != "." && $0 != "#" }
            if !earlier.contains(where: { $0.id == name }) {
                diagnostics.error("tests.unknown-step", "'\(text)' in \(what) names no earlier step '\(name)'",
                                  at: file.location(node), hint: "give the earlier step `id: \(name)`")
            }
        case .mapping(let entries):
            for entry in entries { checkStepReferences(entry.value, earlier: earlier, file: file, what: what) }
        case .sequence(let elements):
            for element in elements { checkStepReferences(element, earlier: earlier, file: file, what: what) }
        }
    }
}
