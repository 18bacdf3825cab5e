import ArgumentParser
import Foundation

/// `acme-analytics-server`: serves the ACME Analytics API (handbooks/acme-analytics/openapi) over seeded sample data.
@main
struct ACMEServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acme-analytics-server",
        abstract: "Serve the ACME Analytics API over deterministic sample data in SQLite.")

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind (0 picks a free one).")
    var port = 8080

    @Option(help: "SQLite database file; created and seeded when new, reused otherwise (default: a fresh temporary file).")
    var db: String?

    @Option(help: "Bearer token clients must send (default: the ACME_TOKEN environment variable).")
    var token: String?

    @Option(help: "Seed of the sample data generator.")
    var seed: UInt64 = 42

    mutating func validate() throws {
        token = token ?? ProcessInfo.processInfo.environment["ACME_TOKEN"]
        guard let token, !token.isEmpty else {
            throw ValidationError("A bearer token is required: pass --token or set ACME_TOKEN.")
        }
    }

    func run() async throws {
        let isTemporary = db == nil
        let path = db ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("acme-analytics-\(UUID().uuidString).sqlite").path
        defer {
            if isTemporary { try? FileManager.default.removeItem(atPath: path) }
        }
        let store = try ACMEStore(path: path, seed: seed)
        let server = ACMEServer(configuration: .init(host: host, port: port, token: token ?? ""), store: store)
        try await server.run { [host, seed] port in
            let line = "acme-analytics-server listening on http://\(host):\(port) (database \(path), seed \(seed))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}
