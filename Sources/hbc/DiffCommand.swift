import ArgumentParser
import Compatibility
import Foundation
import HandbookModel

/// `hbc diff`: what changed between two bundles, classified as breaking or compatible for the agents using them.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List the operations and handbook parts that changed between two bundles, breaking or compatible.",
        discussion: """
            Operations are matched by id, then by method and path template (a renamed operation id or path \
            parameter is one changed operation). OpenAPI 3.1 webhooks are compared as operations whose schemas run \
            the other way. Each change is classified the way oasdiff does: breaking when agents built \
            against OLD can fail with NEW (a removed operation or response property, a new required parameter, a \
            renamed path parameter, a narrowed request enum, a changed type, a tightened request constraint, …), \
            compatible otherwise (new operations, optional parameters, response properties, documentation, …). \
            Handbook changes (APIs, guardrails, regression tests, plan templates) are listed too; guardrail changes, \
            tightened or loosened, are compatible (listed for review). Plan templates invalidated by a breaking \
            operation change are counted apart from the breaking changes. docs/diff.md lists every rule and the \
            --json format.

            Exit status: 0 normally; 1 with --fail-on breaking when a breaking change exists; 2 usage or bundle errors.

            Examples:
              hbc diff acme-1.0.hb acme-1.1.hb
              hbc diff old.hb new.hb --json
              hbc diff old.hb new.hb --fail-on breaking
            """
    )

    /// Which changes make the command fail.
    enum FailureLevel: String, ExpressibleByArgument, CaseIterable {
        /// Any breaking change.
        case breaking
    }

    @Argument(help: "The bundle to compare from.")
    var old: String

    @Argument(help: "The bundle to compare to.")
    var new: String

    @OptionGroup var outputOptions: JSONOutputOptions

    @Option(help: ArgumentHelp("Exit with status 1 when a change of this level exists.", valueName: "level"))
    var failOn: FailureLevel?

    func run() throws {
        let (oldReader, newReader) = (try open(old), try open(new))
        let diff: BundleDiff
        do {
            diff = try BundleDiff(old: oldReader, new: newReader)
        } catch {
            Terminal.error("error: cannot compare \(old) with \(new): \(error)")
            throw ExitCode(2)
        }
        if outputOptions.json {
            print(ModelCoding.canonicalText(diff))
        } else {
            print(diff.changelog)
            if diff.changelogOmitsChanges {
                print("\n(some compatible changes are only counted; --json lists every change)")
            }
        }
        if failOn == .breaking, diff.hasBreakingChanges { throw ExitCode(1) }
    }

    /// Opens a bundle, checking its seal and its content hash (a tampered bundle would compare as something it is
    /// not).
    private func open(_ path: String) throws -> BundleReader {
        do {
            let reader = try BundleReader(path: path)
            try reader.verifyContentHash()
            return reader
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
    }
}
