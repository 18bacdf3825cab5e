import ArgumentParser
import Embeddings
import Foundation
import HandbookModel
import Retrieval

/// `hbc plan`: show the plans the runtime would propose for a request.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the plans the runtime proposes for a request, best first, with the reasons.",
        discussion: """
            Plans are single operations, call paths the planner composes for the request (the operation that answers \
            it, with producers for the identifiers the request does not state), and templates compiled into the \
            bundle (lookup chains, regression tests' steps, Arazzo workflows). Use it to debug selection tests.

            With --queries FILE, plans every request of the file (one per line, or JSON lines with a "query" field) \
            in one process and prints one JSON line per request.

            Exit status: 0 planned (also when there is no plan), 1 the bundle or the --queries file cannot be \
            read, 2 usage errors.

            Examples:
              hbc plan acme.hb "raise the credit limit of Globex Corporation to 5000"
              hbc plan acme.hb --queries requests.jsonl --limit 3
            """
    )

    @Argument(help: "The bundle file.")
    var bundle: String

    @Argument(help: "The request.")
    var request: String?

    @Option(help: "Proposals to show.")
    var limit = 3

    @Option(
        help: "Plan every request in this file (one per line, or JSON lines with a \"query\" field); prints JSON lines."
    )
    var queries: String?

    @OptionGroup var outputOptions: JSONOutputOptions

    func validate() throws {
        if request == nil, queries == nil { throw ValidationError("give a request, or --queries FILE") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let (reader, engine) = try BundleSearch.open(bundle)
        let planner = Planner(engine: engine, reader: reader)
        if let queries {
            try runBatch(planner, file: queries)
            return
        }
        let proposals = try planner.propose(request ?? "", limit: limit)
        if outputOptions.json {
            Terminal.printJSON(.array(proposals.map(Self.json)))
            return
        }
        if proposals.isEmpty { print("no plan") }
        for (index, proposal) in proposals.enumerated() {
            print(
                String(format: "%d. %.3f  %@", index + 1, proposal.score, proposal.operations.joined(separator: " → ")))
            if let template = proposal.template { print("      \(template.id): \(template.title)") }
            for step in proposal.template?.steps ?? [] where proposal.template?.origin == .composed {
                print("      \(step.id): \(step.operation) \(step.arguments.serialized)")
            }
            print("      " + proposal.reasons.joined(separator: "; "))
            if !proposal.proposedInputs.isEmpty {
                print("      inputs from the request: \(JSONValue.object(proposal.proposedInputs).serialized)")
            }
        }
    }

    private func runBatch(_ planner: Planner, file: String) throws {
        try QueryFile.answerEach(in: file, key: "plans") { request in
            .array(try planner.propose(request, limit: limit).map(Self.json))
        }
    }

    private static func json(_ proposal: PlanProposal) -> JSONValue {
        var object: JSONObject = [
            "operations": .array(proposal.operations.map(JSONValue.string)),
            "score": .double((proposal.score * 1000).rounded() / 1000),
            "reasons": .array(proposal.reasons.map(JSONValue.string)),
        ]
        if let template = proposal.template {
            object["template"] = .string(template.id)
            object["title"] = .string(template.title)
            if template.origin == .composed {
                object["steps"] = .array(
                    template.steps.map { step in
                        .object([
                            "id": .string(step.id), "operation": .string(step.operation), "arguments": step.arguments,
                        ])
                    })
            }
        }
        if !proposal.proposedInputs.isEmpty { object["proposedInputs"] = .object(proposal.proposedInputs) }
        return .object(object)
    }
}
