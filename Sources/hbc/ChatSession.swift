import Foundation
import HandbookModel
import LanguageModels
import RuntimeLite

/// One `hbc chat` conversation: reads requests, runs each through the orchestrator, prints the outcome, and keeps the
/// turns (request, outcome, trace id) for `history`.
struct ChatSession {
    let orchestrator: Orchestrator
    let terminal: ChatTerminal
    /// The turns so far.
    private(set) var turns: [(request: String, outcome: RunOutcome.Status, traceID: String)] = []

    /// The most plans tried per request (`--max-attempts`).
    let maximumAttempts: Int

    init(orchestrator: Orchestrator, terminal: ChatTerminal, maximumAttempts: Int) {
        self.orchestrator = orchestrator
        self.terminal = terminal
        self.maximumAttempts = maximumAttempts
    }

    /// Says what the chat talks to, and how to add a language model when none is configured.
    func greet(target: String) {
        let metadata = orchestrator.runtime.reader.metadata.handbook
        Terminal.output("hbc chat — \(metadata.name) \(metadata.version), calls go to \(target).")
        if let model = orchestrator.model {
            Terminal.output("Plans come from the planner, and from \(model.name) when the planner is unsure.")
        } else {
            Terminal.output(LanguageModelConfiguration.howToChoose)
        }
        Terminal.output("Type a request in plain words; history, help, quit.")
    }

    /// Reads and answers lines until `quit` or the end of input.
    mutating func converse() async {
        while let line = terminal.ask("> ") {
            switch line.lowercased() {
            case "":
                continue
            case "quit", "exit", "bye":
                return
            case "help":
                Terminal.output(
                    """
                    Type what you want, e.g. "show customer C00042" or "set the credit limit of Globex to 5000". \
                    Writes a guardrail wants confirmed wait for your y. history lists the turns and their trace ids.
                    """)
            case "history":
                if turns.isEmpty { Terminal.output("no turns yet") }
                for (index, turn) in turns.enumerated() {
                    Terminal.output("\(index + 1). \(turn.request) → \(turn.outcome.rawValue)  trace \(turn.traceID)")
                }
            default:
                let outcome = await orchestrator.run(
                    RunRequest(line, maximumAttempts: maximumAttempts), traceID: UUID().uuidString.lowercased(),
                    hooks: terminal.hooks(showProgress: true)
                )
                turns.append((line, outcome.status, outcome.traceID))
                Terminal.output(ChatRendering.text(of: outcome))
            }
        }
    }
}
