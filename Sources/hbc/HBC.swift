import ArgumentParser
import Foundation
import HandbookModel

/// The `hbc` command: compile handbooks into bundles and work with them.
@main
struct HBC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hbc",
        abstract: "Compile API handbooks into versioned bundles for AI agents, and inspect them.",
        discussion: """
            A handbook is a folder with a handbook.yaml manifest, OpenAPI specs, markdown docs, guardrail policies \
            and regression tests. `hbc build` compiles it into one immutable bundle file (.hb).

            Start with:
              hbc init my-handbook --from-openapi openapi.yaml
              hbc build my-handbook -o my-handbook.hb
              hbc inspect my-handbook.hb --operations
              hbc search my-handbook.hb "find a customer by name"
              hbc serve my-handbook.hb --env staging
              hbc mock my-handbook.hb --port 4010
              hbc diff my-handbook-1.0.hb my-handbook.hb --fail-on breaking
              hbc promote my-handbook.hb --to staging
              hbc releases
            """,
        version: HBCVersion.current,
        subcommands: [
            InitCommand.self, BuildCommand.self, InspectCommand.self, SearchCommand.self, ServeCommand.self,
            TestCommand.self,
            PlanCommand.self, PlansCommand.self, MockCommand.self, DiffCommand.self, PromoteCommand.self,
            ReleasesCommand.self,
            RunCommand.self, ChatCommand.self, FeedbackCommand.self, TraceCommand.self,
        ]
    )

    /// Runs the command; usage errors exit with status 2 (as in most Unix tools), not ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                Terminal.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
