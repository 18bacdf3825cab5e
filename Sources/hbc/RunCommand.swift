import ArgumentParser
import Foundation
import HandbookModel
import LanguageModels
import Logging
import MockServer
import Releases
import Retrieval
import RuntimeLite

/// `hbc run`: a request in plain words, run end to end (plan, fill inputs, execute, evaluate, re-plan).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a request end to end: plan it, fill its inputs, make the calls, re-plan when one fails.",
        discussion: """
            Finds a plan for the request (a plan learned for a request of the same shape first, then the planner's \
            templates, composed plans and single operations), fills its inputs from the request's words and the \
            --input values, and makes its calls through the same runner as `hbc serve` (validation, guardrails, \
            response evaluation, redaction). When a call fails or its response does not match the spec, the next plan \
            without that operation is tried (at most --max-attempts plans); a guardrail's refusal is never worked \
            around, and nothing is re-planned after a call changed data. Guarded writes are confirmed at the \
            terminal (without one, they are not sent); missing inputs are asked for at the terminal, else listed \
            with their JSON Schema.

            With a language model (--llm-provider or HBC_LLM_PROVIDER; never required), the model is asked for a plan \
            when the planner is unsure or cannot fill its plan's inputs; its plan must pass the same binding, schema \
            and guardrail checks (a refused plan is sent back once with the reasons). A composed or model-made plan \
            that succeeds is learned in the state database, so the same intent is served without the model.

            --dry-run prints the plan and the exact HTTP requests (without credentials) and sends nothing. --step \
            shows each call before it is sent and waits for Enter (q stops). Progress goes to standard error.

            Exit status: 0 done (or a dry run), 1 the run failed or was refused, 2 usage or bundle errors, 3 inputs \
            are missing (listed; pass them with --input).

            Examples:
              hbc run acme.hb "show customer C00042" --base-url http://127.0.0.1:8080
              hbc run acme.hb "set the credit limit of Globex to 5000" --env staging
              hbc run acme.hb "update C00007" --input body.credit_limit=2500 --dry-run
              hbc run acme.hb "list the orders of customer C00007" --mock --json
              hbc run acme.hb "set the credit limit of Initech to 7000" --step
              OPENAI_API_KEY=... hbc run acme.hb "revenue by region in 2024" --llm-provider openai
            """)

    @Argument(help: "The bundle file.")
    var bundle: String

    @Argument(help: "The request, in plain words.")
    var request: String

    @Option(
        name: .customLong("input"),
        help: ArgumentHelp(
            "An input value NAME=VALUE (JSON when it parses, else text; NAME.FIELD sets a field of an object input; "
                + "repeatable).", valueName: "name=value"))
    var inputs: [String] = []

    @Flag(help: "Show the plan and the exact requests; send nothing.")
    var dryRun = false

    @Flag(help: "Show each call before it is sent and wait for Enter (q stops).")
    var step = false

    @OptionGroup var target: RunTargetOptions

    @OptionGroup var outputOptions: JSONOutputOptions

    func validate() throws {
        _ = try RunTargetOptions.inputs(inputs)
        if dryRun, step { throw ValidationError("--dry-run sends nothing, so it cannot be combined with --step") }
    }

    func run() async throws {
        let given = try RunTargetOptions.inputs(inputs)
        let outcome = try await target.withOrchestrator(bundle: bundle) { orchestrator in
            let terminal = ChatTerminal(secrets: orchestrator.runtime.secrets)
            var hooks = terminal.hooks(showProgress: Terminal.isInteractive || step)
            if step { hooks.beforeStep = terminal.stepGate }
            return await orchestrator.run(
                RunRequest(request, inputs: given, dryRun: dryRun, maximumAttempts: target.maxAttempts),
                traceID: UUID().uuidString.lowercased(), hooks: hooks)
        }
        if outputOptions.json {
            Terminal.printJSON(outcome.json)
        } else {
            print(ChatRendering.text(of: outcome))
        }
        switch outcome.status {
        case .succeeded, .dryRun: return
        case .needsInputs: throw ExitCode(3)
        case .failed, .refused, .noPlan, .stopped: throw ExitCode(1)
        }
    }
}

/// Where `hbc run` and `hbc chat` send calls (an environment, a base URL or an in-process mock) and how they run.
struct RunTargetOptions: ParsableArguments {
    @OptionGroup var upstream: UpstreamTargetOptions

    @Option(help: "Most plans tried for one request (the first plus re-plans).")
    var maxAttempts = 3

    @Option(
        help: """
            The plan cache's state database (default: BUNDLE.state.sqlite beside the bundle; 'none' to disable).
            """)
    var state: String?

    @Option(
        help: """
            Language model to consult when the planner is unsure: openai (any OpenAI-compatible server) or anthropic \
            (default: HBC_LLM_PROVIDER; without one, the planner alone).
            """)
    var llmProvider: String?

    @Option(help: "The model server's base URL (default: HBC_LLM_BASE_URL, else the provider's).")
    var llmBaseURL: String?

    @Option(help: "The model's name (default: HBC_LLM_MODEL, else a small model of the provider).")
    var llmModel: String?

    @Option(
        help: """
            The environment variable holding the model's key (default: HBC_LLM_KEY_ENV, else OPENAI_API_KEY or \
            ANTHROPIC_API_KEY); keys are only read from the environment.
            """)
    var llmKeyEnv: String?

    @Option(help: "Seconds one model call may take (default: HBC_LLM_TIMEOUT, else 60).")
    var llmTimeout: Double?

    func validate() throws {
        if !(1...10).contains(maxAttempts) { throw ValidationError("--max-attempts must be between 1 and 10") }
    }

    /// Opens the bundle (behind an in-process mock with --mock), runs `body` with an orchestrator over it, closes it.
    func withOrchestrator<T: Sendable>(
        bundle: String, _ body: @Sendable (Orchestrator) async throws -> T
    ) async throws -> T {
        guard upstream.mock else { return try await withRuntime(bundle: bundle, baseURL: upstream.baseURL, body) }
        let responder: MockResponder
        do {
            responder = try MockResponder(bundle: try BundleReader(path: bundle), apiID: nil)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        do {
            return try await MockServer.withLoopbackServer(responder) { baseURL in
                try await withRuntime(bundle: bundle, baseURL: baseURL, body)
            }
        } catch let error as MockServerStartError {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
    }

    private func withRuntime<T: Sendable>(
        bundle: String, baseURL: String?, _ body: @Sendable (Orchestrator) async throws -> T
    ) async throws -> T {
        let logger = Logger(label: "hbc.run") { _ in SwiftLogNoOpLogHandler() }
        let runtime: HandbookRuntime
        do {
            var options = ServeOptions(
                environment: upstream.env, upstream: upstream.settings, baseURLOverride: baseURL,
                statePath: state == "none" ? nil : state ?? PlanCache.defaultPath(forBundle: bundle))
            options.credentials = upstream.mock ? .unused : .atCall
            runtime = try HandbookRuntime(bundlePath: bundle, options: options, encoder: QueryEncoder(), logger: logger)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        let model: (any LanguageModel)?
        do {
            let environment = ProcessInfo.processInfo.environment
            model = try LanguageModelConfiguration.resolve(
                provider: llmProvider, baseURL: llmBaseURL, model: llmModel, keyVariable: llmKeyEnv,
                timeout: llmTimeout, environment: environment
            )?.makeModel(environment: environment)
        } catch {
            await runtime.shutdown()
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        do {
            let result = try await body(Orchestrator(runtime: runtime, model: model))
            await runtime.shutdown()
            return result
        } catch {
            await runtime.shutdown()
            throw error
        }
    }

    /// `--input NAME=VALUE` values as inputs: VALUE as JSON when it parses, else as text; `NAME.FIELD=VALUE` sets a
    /// field of an object input.
    static func inputs(_ pairs: [String]) throws -> JSONObject {
        var inputs = JSONObject()
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--input takes NAME=VALUE, e.g. --input customer_id=C00042 (got '\(pair)')")
            }
            let text = String(pair[pair.index(after: equals)...])
            let value = (try? JSONValue.parse(text)) ?? .string(text)
            let path = pair[..<equals].split(separator: ".").map(String.init)
            inputs = setting(value, at: path[...], in: inputs)
        }
        return inputs
    }

    private static func setting(_ value: JSONValue, at path: ArraySlice<String>, in object: JSONObject) -> JSONObject {
        var object = object
        guard let key = path.first else { return object }
        object[key] =
            path.count == 1
            ? value
            : .object(setting(value, at: path.dropFirst(), in: object[key]?.objectValue ?? JSONObject()))
        return object
    }
}
