import HandbookModel

/// The plan stage's type check: every argument of every step of a plan template must fit the parameter or body field
/// it feeds.
///
/// - `$inputs.NAME` must be one of the template's inputs (when it declares them), of a type the target accepts;
/// - `$steps.ID.response.body#/pointer` must name an earlier step, the pointer must lead somewhere in that
///   operation's success response schema (a schema without declared properties is open), and what it reaches must be
///   of a type the target accepts; `$steps.ID.response.status` is an integer;
/// - a constant must be valid against the target schema;
/// - every argument must be a parameter of the operation (or `body`).
///
/// Types fit when each JSON type of the source is one of the target's (an integer fits a number); a source or target
/// that declares no type, and any `oneOf`/`anyOf` branch that fits, are accepted. Steps that expect a failure status
/// (`$statusCode == 4xx`) are not checked: tests send wrong arguments on purpose. Problems of templates the handbook
/// writes (tests, Arazzo workflows) are errors at the argument's source location; a derived template (lookup chain,
/// link) with a problem is left out.
struct PlanBindingChecker {
    let handbook: CompiledHandbook
    /// Where the bindings of handbook-authored templates are written, by template id.
    let sources: [String: PlanSourceMap]
    let diagnostics: DiagnosticCollector

    /// One thing wrong with a binding.
    struct Problem: Equatable {
        var rule: String
        var step: String
        /// JSON Pointer of the argument within the step's arguments.
        var pointer: String
        /// What is wrong, after "step `ID`".
        var message: String
        var hint: String?
    }

    /// The templates to keep: every authored one (their problems reported as errors) and the derived ones whose
    /// bindings hold.
    func check(_ templates: [PlanTemplate]) -> [PlanTemplate] {
        let context = Context(handbook)
        var reports: [(key: String, template: PlanTemplate, problem: Problem, location: SourceLocation?)] = []
        let kept = templates.filter { template in
            let problems = problems(in: template, context)
            guard !problems.isEmpty else { return true }
            switch template.origin {
            case .dependency, .composed:
                return false
            case .test, .arazzo:
                for problem in problems {
                    let location = sources[template.id]?.location(step: problem.step, pointer: problem.pointer)
                    let key = "\(location?.description ?? template.id)|\(problem.rule)|\(problem.message)"
                    reports.append((key, template, problem, location))
                }
                return true
            }
        }
        // A workflow inlined into others has a mistake of its own reported once, as a problem of that workflow.
        var chosen: [String: Int] = [:]
        for (index, report) in reports.enumerated() {
            let depth = report.problem.step.count { $0 == "/" }
            if let current = chosen[report.key], reports[current].problem.step.count(where: { $0 == "/" }) <= depth { continue }
            chosen[report.key] = index
        }
        for index in chosen.values.sorted() {
            let (_, template, problem, location) = reports[index]
            let what = template.origin == .test
                ? "test `\(template.id.dropFirst("test:".count))`" : "workflow `\(template.id.dropFirst("arazzo:".count))`"
            diagnostics.error(problem.rule, "\(what) step `\(problem.step)` \(problem.message)", at: location, hint: problem.hint)
        }
        return kept
    }

    /// What the checks look up, computed once per run.
    private struct Context {
        let operations: [String: APIOperation]
        let schemas: [String: BindingSchema]
        let validators: [String: JSONSchemaValidator]

        init(_ handbook: CompiledHandbook) {
            operations = Dictionary(handbook.operations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var components: [String: [String: JSONValue]] = [:]
            for api in handbook.apis { components[api.id] = [:] }
            for component in handbook.schemas { components[component.apiID, default: [:]][component.name] = component.schema }
            schemas = components.mapValues { BindingSchema(components: $0) }
            validators = components.mapValues { byName in
                JSONSchemaValidator(direction: .request, maximumViolations: 1) { reference in
                    SchemaComponent.name(fromReference: reference).flatMap { byName[$0] }
                }
            }
        }

        func schema(_ apiID: String) -> BindingSchema { schemas[apiID] ?? BindingSchema(components: [:]) }
    }

    /// The step being checked.
    private struct StepScope {
        let template: PlanTemplate
        let step: PlanStep
        let operation: APIOperation
        /// Earlier steps' operations, by step id.
        let earlier: [String: APIOperation]
    }

    /// Every problem of a template's bindings, in step order.
    private func problems(in template: PlanTemplate, _ context: Context) -> [Problem] {
        var problems: [Problem] = []
        var earlier: [String: APIOperation] = [:]
        for step in template.steps {
            guard let operation = context.operations[step.operation] else { continue }
            defer { earlier[step.id] = operation }
            guard !Self.expectsFailure(step) else { continue }
            let scope = StepScope(template: template, step: step, operation: operation, earlier: earlier)
            let parameters = SchemaDocument.arguments(of: operation)["properties"]?.objectValue ?? JSONObject()
            for member in step.arguments.objectValue?.members ?? [] {
                let pointer = "/" + JSONPointer.escape(member.key)
                guard let target = parameters[member.key] else {
                    problems.append(Problem(
                        rule: "plans.unknown-argument", step: step.id, pointer: pointer,
                        message: "passes `\(member.key)`, which operation `\(operation.id)` does not take",
                        hint: HandbookValidator.suggestion(for: member.key, among: parameters.keys)
                            ?? "its arguments are \(parameters.keys.map { "`\($0)`" }.joined(separator: ", "))"))
                    continue
                }
                check(member.value, against: [target], at: pointer, scope, context, into: &problems)
            }
        }
        return problems
    }

    /// Checks an argument value (or a part of one) against the schemas it may have to fit (`nil`: unknown).
    private func check(
        _ value: JSONValue, against targets: [JSONValue]?, at pointer: String, _ scope: StepScope, _ context: Context,
        into problems: inout [Problem]
    ) {
        let schema = context.schema(scope.operation.apiID)
        if case .string(let text) = value, Self.isExpression(text) {
            if let problem = checkBinding(text, against: targets, at: pointer, scope, context) { problems.append(problem) }
            return
        }
        if !Self.containsExpression(value) {
            guard let targets, let validator = context.validators[scope.operation.apiID] else { return }
            let results = targets.map { validator.validate(value, against: $0) }
            guard !results.contains(where: \.isEmpty), let violation = results.first?.first else { return }
            // Named by the innermost part at fault, so the same constant is reported alike whether a body is checked
            // whole or member by member.
            let part = value.value(at: violation.path) ?? value
            problems.append(Problem(
                rule: "plans.invalid-constant", step: scope.step.id, pointer: pointer + violation.path,
                message: "passes \(part.serialized) to \(Self.label(pointer + violation.path)): \(violation.message)"))
            return
        }
        switch value {
        case .object(let object):
            for member in object.members {
                let token = JSONPointer.escape(member.key)
                check(member.value, against: Self.children(targets, token, schema), at: pointer + "/" + token, scope, context,
                      into: &problems)
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                check(element, against: Self.children(targets, "\(index)", schema), at: pointer + "/\(index)", scope,
                      context, into: &problems)
            }
        default:
            break
        }
    }

    /// The schemas a member or element of a value fitting `targets` must fit; `nil` when they do not say.
    private static func children(_ targets: [JSONValue]?, _ token: String, _ schema: BindingSchema) -> [JSONValue]? {
        guard let targets else { return nil }
        var found: [JSONValue] = []
        for target in targets {
            switch schema.walk(target, pointer: "/" + token) {
            case .unknown: return nil
            case .missing: continue
            case .schemas(let schemas): found += schemas
            }
        }
        return found.isEmpty ? nil : found
    }

    /// The problem with a runtime expression bound to an argument, if any.
    private func checkBinding(
        _ expression: String, against targets: [JSONValue]?, at pointer: String, _ scope: StepScope, _ context: Context
    ) -> Problem? {
        let step = scope.step.id
        let source: (alternatives: [Set<String>?], schema: BindingSchema)
        if expression.hasPrefix("$inputs.") {
            let name = String(expression.dropFirst("$inputs.".count))
            let schema = context.schema(scope.operation.apiID)
            let inputs = scope.template.inputs
            if let property = inputs["properties"]?[name] {
                source = (schema.typeAlternatives(property), schema)
            } else if let declared = inputs["properties"]?.objectValue, !declared.isEmpty,
                      inputs["additionalProperties"] == nil || inputs["additionalProperties"] == .bool(false),
                      !name.contains("."), !name.contains("#") {
                return Problem(
                    rule: "plans.unknown-input", step: step, pointer: pointer,
                    message: "binds `\(expression)`, but the plan has no input `\(name)`",
                    hint: HandbookValidator.suggestion(for: name, among: declared.keys) ?? "declare it under `inputs`")
            } else {
                return nil
            }
        } else {
            let parts = expression.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let head = parts[0].dropFirst("$steps.".count)
            let stepID = String(head.prefix { $0 != "." })
            let rest = head.dropFirst(stepID.count)
            guard let producer = scope.earlier[stepID] else {
                let known = scope.earlier.keys.sorted()
                return Problem(
                    rule: "plans.unknown-step", step: step, pointer: pointer,
                    message: "binds `\(expression)`, but no earlier step is called `\(stepID)`",
                    hint: HandbookValidator.suggestion(for: stepID, among: known)
                        ?? (known.isEmpty ? "it is the first step" : "earlier steps: \(known.joined(separator: ", "))"))
            }
            let schema = context.schema(producer.apiID)
            switch rest {
            case ".response.status":
                source = ([["integer"]], schema)
            case ".response.body":
                let responsePointer = parts.count == 2 ? parts[1] : ""
                var reached: [JSONValue] = []
                var missing: String?
                for response in Self.successSchemas(of: producer) {
                    switch schema.walk(response, pointer: responsePointer) {
                    case .unknown: return nil
                    case .missing(let token): missing = token
                    case .schemas(let schemas): reached += schemas
                    }
                }
                if reached.isEmpty {
                    guard let missing else { return nil }
                    return Problem(
                        rule: "plans.unknown-pointer", step: step, pointer: pointer,
                        message: "binds `\(expression)`, but the success response of `\(producer.id)` has no "
                            + "`\(missing)` there",
                        hint: "check the pointer against the operation's response schema")
                }
                source = (reached.flatMap(schema.typeAlternatives), schema)
            default:
                return nil
            }
        }
        guard let targets, !source.alternatives.contains(where: { $0 == nil }) else { return nil }
        let targetSchema = context.schema(scope.operation.apiID)
        var targetTypes = Set<String>()
        for target in targets {
            guard let types = targetSchema.types(target) else { return nil }
            targetTypes.formUnion(types)
        }
        let sourceAlternatives = source.alternatives.compactMap { $0 }
        guard !sourceAlternatives.contains(where: { BindingSchema.fits($0, in: targetTypes) }) else { return nil }
        let sourceTypes = sourceAlternatives.reduce(into: Set<String>()) { $0.formUnion($1) }
        return Problem(
            rule: "plans.binding-type", step: step, pointer: pointer,
            message: "binds `\(expression)` (\(BindingSchema.describe(sourceTypes))) to \(Self.label(pointer)) "
                + "(\(BindingSchema.describe(targetTypes)))")
    }

    // MARK: Helpers

    /// The JSON schemas of an operation's success (2xx) responses.
    static func successSchemas(of operation: APIOperation) -> [JSONValue] {
        operation.responses.filter { $0.status.hasPrefix("2") }.compactMap { response in
            (response.content.first { $0.mediaType.contains("json") } ?? response.content.first)?.schema
        }
    }

    /// Whether a step's success criteria expect a failure status, as tests of refusals do.
    static func expectsFailure(_ step: PlanStep) -> Bool {
        step.successCriteria.contains { criterion in
            let parts = criterion.split(separator: " ")
            guard parts.count == 3, parts[0] == "$statusCode", parts[1] == "==", let status = Int(parts[2]) else {
                return false
            }
            return status >= 400
        }
    }

    static func isExpression(_ text: String) -> Bool {
        text.hasPrefix("$inputs.") || text.hasPrefix("$steps.")
    }

    static func containsExpression(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): isExpression(text)
        case .array(let elements): elements.contains(where: containsExpression)
        case .object(let object): object.members.contains { containsExpression($0.value) }
        default: false
        }
    }

    /// How a message names the argument at `pointer`: `parameter \`customer_id\``, `body field \`credit_limit\``.
    static func label(_ pointer: String) -> String {
        let tokens = JSONPointer.tokens(pointer)
        guard let first = tokens.first else { return "the arguments" }
        if first == "body" {
            return tokens.count == 1 ? "the request body" : "body field `\(tokens.dropFirst().joined(separator: "."))`"
        }
        return "parameter `\(tokens.joined(separator: "."))`"
    }
}
