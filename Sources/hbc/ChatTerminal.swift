import Foundation
import HandbookModel
import RuntimeLite

/// The person at the terminal, for `hbc run` and `hbc chat`: confirms guarded calls, types missing inputs, steps
/// through calls, and sees progress on standard error. Without an interactive standard input nothing is asked: guarded
/// calls are not sent (saying why on standard error) and missing inputs are reported. What it shows of a call is
/// masked as results are: the runtime's known secrets (credentials, tokens) never reach the terminal.
struct ChatTerminal: Sendable {
    /// The runtime's secrets, masked in the calls shown (as they are known when a call is shown).
    var secrets: KnownSecrets?
    /// Whether standard input is an interactive terminal (questions are asked only then).
    var canAsk: Bool = isatty(STDIN_FILENO) == 1

    /// `text` with the known secrets masked.
    func masked(_ text: String) -> String {
        secrets?.quoting().mask(text) ?? text
    }

    /// The hooks of a run at this terminal; progress is shown when `showProgress`.
    func hooks(showProgress: Bool) -> RunHooks {
        var hooks = RunHooks()
        if canAsk {
            hooks.confirm = { @Sendable operation, arguments, message in
                confirm(operation, arguments: arguments, message: message)
            }
            hooks.askForInputs = { @Sendable missing, plan in askForInputs(missing, plan: plan) }
        } else {
            hooks.confirm = { @Sendable operation, _, message in
                Terminal.error(
                    "not sent: \(operation.id) needs a person's confirmation (\(message)), and standard "
                        + "input is not a terminal to ask at; run it from one")
                return .declined
            }
        }
        if showProgress {
            hooks.progress = { @Sendable progress in
                let count = progress.total.map { " [\(progress.completed)/\($0)]" } ?? ""
                Terminal.error("·\(count) \(progress.message)")
            }
        }
        return hooks
    }

    /// Asks whether to send a guarded call: only "y" or "yes" sends it.
    func confirm(
        _ operation: APIOperation, arguments: JSONObject, message: String
    ) -> OperationRunner.ConfirmationAnswer {
        Terminal.error(
            """
            confirm \(operation.id): \(message)
              \(operation.method) \(operation.path) \(masked(JSONValue.object(arguments).serialized))
            """)
        return ask("send it? [y/N] ").map { ["y", "yes"].contains($0.lowercased()) } == true ? .confirmed : .declined
    }

    /// Asks for each missing input a line can give; `nil` when one cannot be typed or the person gives none.
    func askForInputs(_ missing: [MissingInput], plan: RunCandidate) -> JSONObject? {
        guard missing.allSatisfy(\.isAskable) else { return nil }
        Terminal.error("the plan \(plan.plan.id) needs: " + missing.map(\.name).joined(separator: ", "))
        var values = JSONObject()
        for input in missing {
            let hint = input.schema["description"]?.stringValue.map { " (\($0))" } ?? ""
            let type = input.schema["type"]?.stringValue ?? "string"
            guard let line = ask("\(input.name) [\(type)]\(hint): "), !line.isEmpty,
                let value = MissingInput.value(of: line, for: input.schema)
            else { return nil }
            values[input.name] = value
        }
        return values
    }

    /// Shows a call before it is sent; Enter sends it, "q" stops the run.
    @Sendable func stepGate(_ call: PlannedCall) async -> Bool {
        Terminal.error("next: " + masked(call.text))
        guard canAsk else { return true }
        return ask("Enter sends it, q stops: ").map { $0.lowercased() != "q" } ?? false
    }

    /// Writes `prompt` to standard error and reads a line (trimmed); `nil` at end of input.
    func ask(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        return readLine().map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
