import ArgumentParser
import Foundation
import HandbookModel
import MockServer

/// `hbc mock`: serve a bundle's APIs from their specs alone, like Prism.
struct MockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock",
        abstract: "Serve a bundle's APIs as a mock HTTP server, answering from the specs alone.",
        discussion: """
            Every documented operation answers at its method and path (also under the path of the API's first \
            server URL, such as /v1). Requests are validated against the contract — path, query, header and cookie \
            parameters, and the body — and invalid ones get 400 (415 for a wrong Content-Type) with a JSON list of \
            violations. Valid ones get the lowest documented 2xx response: its first example, else data generated \
            from its schema, the same for the same request. A Prefer header picks another response: \
            `Prefer: code=404`, `Prefer: example=NAME` or `Prefer: dynamic=true`.

            Exit status: 1 when it cannot start (the bundle cannot be read, the port is taken), 2 usage errors or an \
            unknown --api.

            Examples:
              hbc mock acme.hb
              hbc mock acme.hb --port 4010
              hbc mock stripe.hb --port 0 --host 0.0.0.0
              hbc mock handbook.hb --api billing
              curl -s 'http://127.0.0.1:4010/customers?limit=5'
            """
    )

    @Argument(help: "The bundle file.")
    var bundle: String

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 4010

    @Option(help: "The address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Serve only the API with this id (default: every API of the bundle).")
    var api: String?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if host.isEmpty { throw ValidationError("--host must not be empty") }
    }

    func run() async throws {
        let responder: MockResponder
        let name: String
        do {
            let reader = try BundleReader(path: bundle)
            let apis = try reader.apis()
            if let api, !apis.contains(where: { $0.id == api }) {
                Terminal.error(
                    "error: the bundle has no API '\(api)'; it has: \(apis.map(\.id).joined(separator: ", "))")
                throw ExitCode(2)
            }
            responder = try MockResponder(bundle: reader, apiID: api)
            name = api ?? reader.metadata.handbook.name
        } catch let error as BundleError {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        let host = self.host
        try await Terminal.listening(host: host, port: port) {
            try await MockServer.run(responder, host: host, port: port) { port in
                Terminal.error("hbc mock: serving \(name) at http://\(host):\(port)")
            }
        }
    }
}
