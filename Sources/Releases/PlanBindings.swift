import Compatibility
import HandbookModel

/// The values a plan's steps set and read, checked against operation contracts.
enum PlanBindings {
    /// The first binding of `plan` that touches an operation in `changed` and no longer exists in `contracts`, as a
    /// sentence; `nil` when all hold (or cannot be checked: free-form schemas are given the benefit of the doubt).
    static func firstBrokenBinding(
        in plan: PlanTemplate, changed: Set<String>, contracts: [String: OperationContract]
    ) -> String? {
        let operationOfStep = Dictionary(plan.steps.map { ($0.id, $0.operation) }, uniquingKeysWith: { first, _ in first })
        for step in plan.steps {
            if changed.contains(step.operation), let contract = contracts[step.operation],
               let broken = brokenArgument(step, contract.operation, components: contract.components) {
                return broken
            }
            // Values later steps read from earlier responses.
            for expression in strings(in: step.arguments) {
                guard let (stepID, pointer) = stepResponsePointer(expression),
                      let producer = operationOfStep[stepID], changed.contains(producer),
                      let contract = contracts[producer]
                else { continue }
                if responseLacks(pointer, contract) {
                    return "\(expression) (step \(step.id)) reads #\(pointer), which the response of \(producer) no longer has"
                }
            }
            // Success criteria read the step's own response.
            if changed.contains(step.operation), let contract = contracts[step.operation] {
                for criterion in step.successCriteria {
                    guard let pointer = ownResponsePointer(criterion), responseLacks(pointer, contract) else { continue }
                    return "step \(step.id) checks \(criterion), but the response of \(step.operation) no longer has #\(pointer)"
                }
            }
        }
        return nil
    }

    private static func brokenArgument(
        _ step: PlanStep, _ operation: APIOperation, components: [String: JSONValue]
    ) -> String? {
        guard let arguments = step.arguments.objectValue else { return nil }
        for (name, value) in arguments {
            if name == "body" {
                guard let body = operation.requestBody else {
                    return "step \(step.id) sends a body, which \(operation.id) no longer takes"
                }
                guard let fields = value.objectValue,
                      let schema = body.content.first(where: { $0.mediaType.contains("json") })?.schema
                        ?? body.content.first?.schema
                else { continue }
                let walk = SchemaPointerWalk(components: components)
                for field in fields.keys where walk.reach(schema, tokens: [field]).isDeclared == false {
                    return "step \(step.id) sets body field \(field), which \(operation.id) no longer accepts"
                }
                continue
            }
            if !operation.parameters.contains(where: { $0.name == name }) {
                return "step \(step.id) sets parameter \(name), which \(operation.id) no longer has"
            }
        }
        return nil
    }

    /// Whether the success response schema of `contract` certainly lacks `pointer`.
    private static func responseLacks(_ pointer: String, _ contract: OperationContract) -> Bool {
        guard let schema = successSchema(contract.operation) else { return false }
        return SchemaPointerWalk(components: contract.components).reach(schema, pointer: pointer).isDeclared == false
    }

    /// The JSON schema of the lowest documented 2xx response.
    static func successSchema(_ operation: APIOperation) -> JSONValue? {
        let successes = operation.responses.filter { $0.status.hasPrefix("2") }.sorted { $0.status < $1.status }
        for response in successes {
            if let schema = response.content.first(where: { $0.mediaType.contains("json") })?.schema
                ?? response.content.first?.schema {
                return schema
            }
        }
        return nil
    }

    /// `$steps.ID.response.body#/pointer` → (ID, /pointer); a whole body (`…response.body`) gives an empty pointer.
    static func stepResponsePointer(_ expression: String) -> (String, String)? {
        guard expression.hasPrefix("$steps.") else { return nil }
        let parts = expression.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let head = parts[0].split(separator: ".").map(String.init)
        guard head.count == 4, head[2] == "response", head[3] == "body" else { return nil }
        return (head[1], parts.count == 2 ? parts[1] : "")
    }

    /// The pointer of a `$response.body#/pointer …` success criterion.
    static func ownResponsePointer(_ criterion: String) -> String? {
        let trimmed = criterion.trimmingPrefix(while: \.isWhitespace)
        guard trimmed.hasPrefix("$response.body#") else { return nil }
        let pointer = trimmed.dropFirst("$response.body#".count).prefix { !$0.isWhitespace }
        return String(pointer)
    }

    /// Every string inside a JSON value.
    private static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let elements): elements.flatMap(strings)
        case .object(let object): object.members.flatMap { strings(in: $0.value) }
        default: []
        }
    }
}
