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
            Plans are single operations or multi-step templates compiled into the bundle (lookup chains derived from \
            data dependencies, and the steps of regression tests). Use it to debug selection tests.

            Example:
              hbc plan acme.hb "raise the credit limit of Globex Corporation to 5000"
            """
    )

    @Argument(help: "The bundle file.")
    var bundle: String

    @Argument(help: "The request.")
    var request: String

    @Option(help: "Proposals to show.")
    var limit = 3

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let (reader, engine) = try BundleSearch.open(bundle)
        let planner = Planner(engine: engine, reader: reader)
        let proposals = try planner.propose(request, limit: limit)
        if json {
            Terminal.printJSON(.array(proposals.map { proposal in
                var object: JSONObject = [
                    "operations": .array(proposal.operations.map(JSONValue.string)),
                    "score": .double((proposal.score * 1000).rounded() / 1000),
                    "reasons": .array(proposal.reasons.map(JSONValue.string)),
                ]
                if let template = proposal.template {
                    object["template"] = .string(template.id)
                    object["title"] = .string(template.title)
                }
                if !proposal.proposedInputs.isEmpty { object["proposedInputs"] = .object(proposal.proposedInputs) }
                return .object(object)
            }))
            return
        }
        for (index, proposal) in proposals.enumerated() {
            print(String(format: "%d. %.3f  %@", index + 1, proposal.score, proposal.operations.joined(separator: " → ")))
            if let template = proposal.template { print("      \(template.id): \(template.title)") }
            print("      " + proposal.reasons.joined(separator: "; "))
            if !proposal.proposedInputs.isEmpty { print("      inputs from the request: \(JSONValue.object(proposal.proposedInputs).serialized)") }
        }
    }
}
