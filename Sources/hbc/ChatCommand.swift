import ArgumentParser
import Foundation
import HandbookModel
import LanguageModels
import RuntimeLite

/// `hbc chat`: a terminal conversation with the handbook's API — type a request, see the plan and the calls, confirm
/// guarded writes, read the answer as a table.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with an API through its handbook: requests in plain words, answered by real calls.",
        discussion: """
            Each line you type is run like `hbc run`: the plan is shown, its calls are made through the runner \
            (validation, guardrails, evaluation, redaction), guarded writes wait for your y, missing inputs are asked \
            for, and the answer is printed as a table. When the planner is unsure it says so (and, with a language \
            model configured, asks the model for a plan; see --llm-provider). Commands: history (the turns and their \
            trace ids), help, quit (or Ctrl-D).

            Exit status: 0 at the end of input or quit, 2 usage or bundle errors.

            Examples:
              hbc chat acme.hb --base-url http://127.0.0.1:8080
              hbc chat acme.hb --mock
              HBC_LLM_PROVIDER=openai HBC_LLM_BASE_URL=http://127.0.0.1:11434/v1 HBC_LLM_MODEL=llama3.1 hbc chat acme.hb
            """)

    @Argument(help: "The bundle file.")
    var bundle: String

    @OptionGroup var target: RunTargetOptions

    func run() async throws {
        let bundle = bundle
        let mock = target.upstream.mock
        let maximumAttempts = target.maxAttempts
        try await target.withOrchestrator(bundle: bundle) { orchestrator in
            var session = ChatSession(
                orchestrator: orchestrator, terminal: ChatTerminal(secrets: orchestrator.runtime.secrets),
                maximumAttempts: maximumAttempts)
            session.greet(target: mock ? "an in-process mock" : orchestrator.runtime.environment)
            await session.converse()
        }
    }
}
