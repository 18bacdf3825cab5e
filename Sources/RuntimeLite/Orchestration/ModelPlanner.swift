import HandbookModel
import LanguageModels

/// Asks a language model for a plan when the planner is unsure or cannot fill a plan's inputs. The model sees the
/// request and the operations search selected (contracts and responses), and must answer with a plan in the plan
/// model (`{"steps": [{"id", "operation", "arguments"}]}`). Its plan passes the checks every plan passes
/// (``PlanCheck``, argument schemas and guardrails of the calls whose arguments are known) before anything runs; a
/// refused plan is sent back once with the reasons.
struct ModelPlanner: Sendable {
    let model: any LanguageModel
    let runtime: HandbookRuntime
    /// What the caller may see and call: the model's plan passes ``PlanCheck`` with it.
    var visibility: Visibility = .everything

    /// How many operations the model is shown, and how much of each response schema.
    static let operations = 8
    static let responseSchemaCharacters = 1500

    /// What asking gave: the plan (when one passed the checks) and each exchange, for the transcript.
    struct Answer: Sendable {
        var candidate: RunCandidate?
        var exchanges: [JSONValue] = []
    }

    static let system = """
        You plan HTTP API calls for a user's request. Answer with one JSON object and nothing else: \
        {"steps": [{"id": "s1", "operation": "<operation id>", "arguments": {...}}]}. Arguments are the operation's \
        parameters by name, with the JSON request body under "body"; use the values the request states. A later step \
        reads an earlier response with the string "$steps.<id>.response.body#/<json pointer>", e.g. \
        "$steps.s1.response.body#/items/0/id". Use only the operations listed, and as few calls as answer the \
        request. If they cannot answer it, answer {"steps": []}.
        """

    /// A plan for `request` from the model, `why` it is asked.
    func plan(for request: String, why: String, operations ids: [String]) async -> Answer {
        var answer = Answer()
        var messages = [ChatMessage(role: .user, content: prompt(for: request, operations: ids))]
        for round in 1...2 {
            let completion: ChatCompletion
            do {
                completion = try await model.complete(system: Self.system, messages: messages)
            } catch {
                answer.exchanges.append(exchange(why: why, round: round, completion: nil, result: "error: \(error)"))
                return answer
            }
            let problems: [String]
            switch parsed(completion.text) {
            case .success(let plan):
                problems = check(plan)
                if problems.isEmpty {
                    answer.exchanges.append(
                        exchange(why: why, round: round, completion: completion, result: "accepted"))
                    answer.candidate = RunCandidate(
                        plan: plan, source: .model, proposedInputs: JSONObject(), score: nil,
                        reasons: ["planned by \(model.name): \(why)"])
                    return answer
                }
            case .failure(let problem):
                problems = [problem.description]
            }
            answer.exchanges.append(
                exchange(
                    why: why, round: round, completion: completion,
                    result: "refused: " + problems.joined(separator: "; ")))
            messages.append(ChatMessage(role: .assistant, content: completion.text))
            messages.append(
                ChatMessage(
                    role: .user,
                    content: """
                        That plan was refused: \(problems.joined(separator: "; ")). Answer with a corrected plan, as one \
                        JSON object only.
                        """))
        }
        return answer
    }

    /// The request and the contracts of the operations to choose from.
    private func prompt(for request: String, operations ids: [String]) -> String {
        var lines = ["Request: \(request)", "", "Operations:"]
        let reader = runtime.reader
        for id in ids.prefix(Self.operations) {
            guard let operation = try? reader.operation(id: id) else { continue }
            let document = SchemaDocument { try? reader.schemaComponent(apiID: operation.apiID, name: $0) }
            lines.append("- \(operation.id): \(operation.method) \(operation.path) — \(operation.summary ?? "")")
            lines.append("  arguments: " + document.selfContained(SchemaDocument.arguments(of: operation)).serialized)
            if let response = operation.responses.filter({ $0.status.hasPrefix("2") }).min(by: { $0.status < $1.status }
            ),
                let schema = response.content.first(where: { $0.mediaType.contains("json") })?.schema
            {
                let text = document.selfContained(schema).serialized
                lines.append(
                    "  returns \(response.status): "
                        + (text.count > Self.responseSchemaCharacters
                            ? String(text.prefix(Self.responseSchemaCharacters)) + "…" : text))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The plan in a model's answer: the JSON object in it (fenced or not), as a composed plan.
    func parsed(_ text: String) -> Result<PlanTemplate, PlanExecutor.Invalid> {
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end,
            let json = try? JSONValue.parse(String(text[start...end]))
        else { return .failure(PlanExecutor.Invalid(description: "the answer holds no JSON object")) }
        do {
            var plan = try PlanExecutor.composedPlan(json)
            plan.id = "model:" + plan.operations.joined(separator: ">")
            plan.title = "Plan by \(model.name)"
            plan.inputs = .object(["type": .string("object")])
            return .success(plan)
        } catch {
            return .failure(error)
        }
    }

    /// What keeps `plan` from running: the checks of every plan, and for each call whose arguments are all known,
    /// its argument schema and a guardrail that denies it.
    func check(_ plan: PlanTemplate) -> [String] {
        var problems = PlanCheck.problems(in: plan, inputs: JSONObject(), runtime: runtime, visibility: visibility)
        guard problems.isEmpty else { return problems }
        for step in plan.steps {
            let call = PlannedCall.of(step, inputs: JSONObject(), runtime: runtime)
            guard call.waitsFor.isEmpty else { continue }
            problems += call.problems.map { "step \(step.id): \($0)" }
            if let guardrail = call.guardrail, guardrail.hasPrefix("deny") {
                problems.append("step \(step.id): \(guardrail)")
            }
        }
        return problems
    }

    private func exchange(why: String, round: Int, completion: ChatCompletion?, result: String) -> JSONValue {
        var object: JSONObject = [
            "model": .string(model.name), "why": .string(why), "round": .integer(round), "result": .string(result),
        ]
        if let completion {
            object["latencyMs"] = .double(completion.latency.milliseconds.rounded())
            if let tokens = completion.inputTokens { object["inputTokens"] = .integer(tokens) }
            if let tokens = completion.outputTokens { object["outputTokens"] = .integer(tokens) }
        }
        return .object(object)
    }
}
