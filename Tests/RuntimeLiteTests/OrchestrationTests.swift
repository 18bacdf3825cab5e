import Foundation
import HandbookModel
import LanguageModels
import Logging
import MockServer
import Synchronization
import Testing

@testable import RuntimeLite

/// The orchestrator's decisions: when to re-plan and when to stop, how sure the planner is, which inputs a plan runs
/// with, what it still needs; and whole runs over the acme bundle against an in-process mock of its API.
@Suite struct OrchestrationTests {
    typealias Call = ReplanDecision.Call

    @Test func aFailedCallIsReplannedWithoutItsOperation() {
        let decision = ReplanDecision.after([
            Call(operation: "listCustomers", method: "GET", outcome: .succeeded, conforms: true),
            Call(operation: "getCustomer", method: "GET", outcome: .upstreamError, conforms: true),
        ])
        guard case .replan(let excluded, _) = decision else {
            Issue.record("\(decision)")
            return
        }
        #expect(excluded == "getCustomer")
    }

    @Test func aResponseThatDoesNotMatchTheSpecIsReplanned() {
        let decision = ReplanDecision.after([
            Call(operation: "listOrders", method: "GET", outcome: .succeeded, conforms: false)
        ])
        guard case .replan(let excluded, let because) = decision else {
            Issue.record("\(decision)")
            return
        }
        #expect(excluded == "listOrders")
        #expect(because.contains("does not match"))
    }

    @Test func refusalsAndInfrastructureFailuresStop() {
        for outcome: ExecutionResult.Outcome in [.denied, .confirmationRequired, .missingCredentials, .unreachable] {
            let decision = ReplanDecision.after([Call(operation: "updateCustomer", method: "PATCH", outcome: outcome)])
            guard case .stop = decision else {
                Issue.record("\(outcome) should stop, got \(decision)")
                continue
            }
        }
    }

    @Test func nothingIsReplannedAfterAChange() {
        let decision = ReplanDecision.after([
            Call(operation: "updateCustomer", method: "PATCH", outcome: .succeeded, conforms: false)
        ])
        guard case .stop(let because) = decision else {
            Issue.record("\(decision)")
            return
        }
        #expect(because.contains("updateCustomer already changed data"))
        let read = ReplanDecision.after([
            Call(operation: "getCustomer", method: "GET", outcome: .succeeded, conforms: false)
        ])
        guard case .replan = read else {
            Issue.record("a read that failed its evaluation is re-planned: \(read)")
            return
        }
    }

    @Test func aPlanThatStoppedBetweenCallsIsReplannedWhole() {
        let decision = ReplanDecision.after(
            [Call(operation: "listCustomers", method: "GET", outcome: .succeeded, conforms: true)],
            unresolved: "step s2: $steps.s1.response.body#/items/0/id: nothing at #/items/0/id")
        #expect(
            decision
                == .replan(
                    excluding: nil, because: "step s2: $steps.s1.response.body#/items/0/id: nothing at #/items/0/id"))
    }

    @Test func confidenceNeedsALearnedPlanOrAClearLead() {
        #expect(RunPlanning.confidence(learned: true, scores: [0.1, 0.1]).0)
        #expect(RunPlanning.confidence(learned: false, scores: [2.6, 1.3]).0)
        #expect(!RunPlanning.confidence(learned: false, scores: [0.735, 0.7]).0)
        #expect(RunPlanning.confidence(learned: false, scores: [0.5]).0)
        #expect(!RunPlanning.confidence(learned: false, scores: []).0)
    }

    @Test func givenInputsWinAndOnlyDeclaredOnesAreKept() throws {
        let reader = try Self.reader()
        let operation = try #require(try reader.operation(id: "getCustomer"))
        let candidate = RunCandidate(
            plan: RunCandidate.singleOperation(operation), source: .operation,
            proposedInputs: ["customer_id": .string("C00001")], score: 1, reasons: [])
        let inputs = Orchestrator.inputs(
            for: candidate, given: ["customer_id": .string("C00042"), "unrelated": .bool(true)])
        #expect(inputs == ["customer_id": .string("C00042")])
    }

    @Test func missingInputsAreTheRequiredOnesNotGiven() throws {
        let reader = try Self.reader()
        let operation = try #require(try reader.operation(id: "getCustomer"))
        let plan = RunCandidate.singleOperation(operation)
        let document = SchemaDocument { try? reader.schemaComponent(apiID: operation.apiID, name: $0) }
        let missing = MissingInput.missing(from: plan, inputs: JSONObject(), document: document)
        #expect(missing.map(\.name) == ["customer_id"])
        #expect(missing.first?.isAskable == true)
        #expect(missing.first?.schema["pattern"] != nil, "the schema says what to give")
        #expect(
            MissingInput.missing(from: plan, inputs: ["customer_id": .string("C00042")], document: document).isEmpty)
        #expect(MissingInput.value(of: "42", for: .object(["type": .string("integer")])) == .integer(42))
        #expect(MissingInput.value(of: "many", for: .object(["type": .string("integer")])) == nil)
        #expect(MissingInput.value(of: "yes", for: .object(["type": .string("boolean")])) == .bool(true))
    }

    @Test func aSingleOperationPlanTakesItsArgumentsAsInputs() throws {
        let reader = try Self.reader()
        let operation = try #require(try reader.operation(id: "updateCustomer"))
        let plan = RunCandidate.singleOperation(operation)
        #expect(plan.steps.count == 1)
        #expect(plan.steps[0].arguments["customer_id"] == .string("$inputs.customer_id"))
        #expect(plan.steps[0].arguments["body"] == .string("$inputs.body"))
        #expect(plan.inputs["required"]?.arrayValue?.contains(.string("customer_id")) == true)
    }

    @Test func everyPlanIsCheckedBeforeItRuns() async throws {
        let runtime = try Self.runtime(baseURL: "http://127.0.0.1:9")
        let plan = PlanTemplate(
            id: "p", title: "p", description: "p", origin: .composed,
            inputs: .object([
                "type": .string("object"),
                "properties": .object(["name": .object(["type": .string("string")])]),
            ]),
            steps: [
                PlanStep(
                    id: "a", operation: "listCustomers",
                    arguments: .object(["name": .string("$inputs.name"), "country": .string("$inputs.country")]),
                    successCriteria: []),
                PlanStep(id: "b", operation: "dropDatabase", arguments: .object([:]), successCriteria: []),
                PlanStep(
                    id: "a", operation: "getCustomer",
                    arguments: .object(["customer_id": .string("$steps.later.response.body#/id")]), successCriteria: []),
            ],
            exampleRequests: [])
        let problems = PlanCheck.problems(in: plan, inputs: ["name": .int(7)], runtime: runtime)
        #expect(problems.contains("step a: $inputs.country is not one of the plan's inputs"))
        #expect(problems.contains("step b: no operation 'dropDatabase'"))
        #expect(problems.contains("step a: the id is used twice"))
        #expect(problems.contains("step a: $steps.later.response.body#/id names no earlier step"))
        #expect(problems.contains { $0.hasPrefix("inputs:") && $0.contains("name") }, "\(problems)")
        let fine = PlanTemplate(
            id: "q", title: "q", description: "q", origin: .composed, inputs: .object(["type": .string("object")]),
            steps: [PlanStep(id: "a", operation: "getCustomer", arguments: .object([:]), successCriteria: [])],
            exampleRequests: [])
        #expect(PlanCheck.problems(in: fine, inputs: JSONObject(), runtime: runtime).isEmpty)
        await runtime.shutdown()
    }

    // MARK: whole runs against a mock of the acme API

    @Test func aReadRunsAndAnswersWithTheResponse() async throws {
        try await Self.withOrchestrator { orchestrator, _ in
            let outcome = await orchestrator.run(RunRequest("show customer C00042"), traceID: "t1")
            #expect(outcome.status == .succeeded, "\(outcome.text())")
            #expect(outcome.plan?.plan.operations == ["getCustomer"])
            #expect(outcome.inputs["customer_id"] == .string("C00042"))
            #expect(outcome.answer?.objectValue != nil)
            #expect(outcome.transcript.attempts.count == 1)
            #expect(outcome.transcript.attempts[0].calls.first?.result.traceID == "t1-1-1")
            #expect(!outcome.transcript.context.isEmpty)
            #expect(outcome.transcript.plans.count > 1, "the plans considered are listed")
        }
    }

    @Test func aDryRunBuildsTheRequestsAndSendsNothing() async throws {
        try await Self.withOrchestrator { orchestrator, baseURL in
            let outcome = await orchestrator.run(
                RunRequest(
                    "update customer C00007", inputs: ["body": .object(["credit_limit": .int(2500)])],
                    dryRun: true), traceID: "t2")
            #expect(outcome.status == .dryRun, "\(outcome.text())")
            let call = try #require(outcome.calls.first)
            #expect(call.request?.method == "PATCH")
            #expect(call.request?.url == "\(baseURL)/customers/C00007")
            #expect(call.request?.body.map { String(decoding: $0, as: UTF8.self) } == #"{"credit_limit":2500}"#)
            #expect(call.request?.header("Authorization") == nil, "no credentials in a dry run")
            #expect(call.guardrail?.hasPrefix("confirm:") == true)
            #expect(outcome.transcript.attempts.isEmpty, "nothing ran")
        }
    }

    @Test func aGuardedWriteIsSentOnlyWhenConfirmed() async throws {
        try await Self.withOrchestrator { orchestrator, _ in
            let request = RunRequest("update customer C00007", inputs: ["body": .object(["credit_limit": .int(2500)])])
            let unattended = await orchestrator.run(request, traceID: "t3")
            #expect(unattended.status == .refused, "\(unattended.text())")
            #expect(unattended.transcript.attempts.count == 1, "a refusal is not re-planned")
            let declined = await orchestrator.run(
                request, traceID: "t4", hooks: RunHooks(confirm: { _, _, _ in .declined }))
            #expect(declined.status == .refused)
            let confirmed = await orchestrator.run(
                request, traceID: "t5", hooks: RunHooks(confirm: { _, _, _ in .confirmed }))
            #expect(confirmed.status == .succeeded, "\(confirmed.text())")
        }
    }

    @Test func missingInputsAreAskedForThenReported() async throws {
        try await Self.withOrchestrator { orchestrator, _ in
            let asked = await orchestrator.run(
                RunRequest("get the order with its lines"), traceID: "t6",
                hooks: RunHooks(askForInputs: { missing, _ in
                    missing.map(\.name) == ["order_id"] && missing[0].isAskable ? ["order_id": .string("O000011")] : nil
                }))
            #expect(asked.status == .succeeded, "\(asked.text())")
            #expect(asked.inputs["order_id"] == .string("O000011"))
            let reported = await orchestrator.run(RunRequest("get the order with its lines"), traceID: "t7")
            #expect(reported.status == .needsInputs, "\(reported.text())")
            #expect(reported.missingInputs.map(\.name) == ["order_id"])
            #expect(reported.missingInputs.first?.schema["type"] == .string("string"), "the component's type shows")
            #expect(reported.transcript.attempts.isEmpty, "nothing was sent")
        }
    }

    @Test func progressCountsPlanningAndEveryCall() async throws {
        try await Self.withOrchestrator { orchestrator, _ in
            let reports = Reports()
            let outcome = await orchestrator.run(
                RunRequest("show customer C00042"), traceID: "t8",
                hooks: RunHooks(progress: { await reports.add($0) }))
            #expect(outcome.status == .succeeded)
            let seen = await reports.all
            #expect(seen.map(\.message).first == "planning")
            #expect(seen.contains { $0.message.contains("getCustomer") })
            #expect(seen.last?.message == "done")
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.completed < $1.completed }, "progress only grows")
        }
    }

    @Test func anUnreachableAPIStopsWithoutReplanning() async throws {
        let runtime = try Self.runtime(baseURL: "http://127.0.0.1:9")
        let outcome = await Orchestrator(runtime: runtime).run(RunRequest("show customer C00042"), traceID: "t9")
        await runtime.shutdown()
        #expect(outcome.status == .failed)
        #expect(outcome.transcript.attempts.count == 1)
        #expect(outcome.transcript.attempts[0].decision?.hasPrefix("stop:") == true)
    }

    @Test func theModelIsAskedOnlyWhenThePlannerIsUnsureAndItsPlanIsLearned() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("orch-\(UUID().uuidString).sqlite")
            .path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let model = ScriptedModel(answers: [
            "```json\n" + #"{"steps": [{"id": "a", "operation": "getOrder", "arguments": {"order_id": "O999"}}]}"#,
            #"{"steps": [{"id": "find", "operation": "listCustomers", "arguments": {"name": "Globex"}}, "#
                + #"{"id": "sum", "operation": "getCustomerSummary", "arguments": "#
                + #"{"customer_id": "$steps.find.response.body#/items/0/id"}}]}"#,
        ])
        try await Self.withOrchestrator(state: state, model: model) { orchestrator, _ in
            let request = RunRequest("how much has Globex spent with us")
            let first = await orchestrator.run(request, traceID: "m2")
            #expect(!first.transcript.confident, "the planner is unsure, so the model is asked")
            #expect(first.status == .succeeded, "\(first.text())")
            #expect(first.plan?.source == .model)
            let results = first.transcript.modelCalls.compactMap { $0["result"]?.stringValue }
            #expect(results.count == 2 && results[0].hasPrefix("refused: ") && results[1] == "accepted")
            let retry = try #require(model.conversations.last)
            #expect(retry.count == 3 && retry[2].content.contains("O999"), "the model is told why its plan was refused")
            #expect(first.learnedAs != nil)

            let second = await orchestrator.run(request, traceID: "m3")
            #expect(model.conversations.count == 2, "the learned plan serves the same intent without the model")
            #expect(second.transcript.confident && second.transcript.modelCalls.isEmpty)
            #expect(second.plan?.source == .learned)
            #expect(second.status == .succeeded)
        }
    }

    /// A model answering from a script, recording each conversation it was sent.
    private final class ScriptedModel: LanguageModel {
        private let state: Mutex<(answers: [String], conversations: [[ChatMessage]])>
        let name = "scripted"

        init(answers: [String]) {
            state = Mutex((answers, []))
        }

        var conversations: [[ChatMessage]] { state.withLock { $0.conversations } }

        func complete(system: String, messages: [ChatMessage]) async throws(LanguageModelError) -> ChatCompletion {
            let answer = state.withLock { state in
                state.conversations.append(messages)
                return state.answers.isEmpty ? nil : state.answers.removeFirst()
            }
            guard let answer else { throw .status(500, "no answer scripted") }
            return ChatCompletion(text: answer, inputTokens: 10, outputTokens: 5, latency: .milliseconds(1))
        }
    }

    private actor Reports {
        var all: [RunProgress] = []
        func add(_ report: RunProgress) { all.append(report) }
    }

    private static func reader() throws -> BundleReader {
        try MockFixtures.acme()
    }

    private static func runtime(baseURL: String, state: String? = nil) throws -> HandbookRuntime {
        var options = ServeOptions(
            environment: "staging",
            upstream: UpstreamSettings(
                connectTimeout: .seconds(30), requestTimeout: .seconds(60), maximumRetries: 0),
            baseURLOverride: baseURL, statePath: state)
        options.credentials = .unused
        return try HandbookRuntime(
            bundlePath: try reader().path, options: options, environment: [:], encoder: nil,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    /// Runs `body` with an orchestrator over the acme bundle whose calls go to a mock of its API, with a plan cache
    /// in `state` and `model` when given.
    private static func withOrchestrator(
        state: String? = nil, model: (any LanguageModel)? = nil, _ body: (Orchestrator, String) async throws -> Void
    ) async throws {
        let reader = try reader()
        try await MockServer.withLoopbackServer(try MockResponder(bundle: reader, apiID: nil)) { baseURL in
            let runtime = try runtime(baseURL: baseURL, state: state)
            do {
                try await body(Orchestrator(runtime: runtime, model: model), baseURL)
            } catch {
                await runtime.shutdown()
                throw error
            }
            await runtime.shutdown()
        }
    }
}
