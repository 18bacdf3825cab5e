import ArgumentParser
import Foundation

/// `acme-analytics-server`: serves the ACME Analytics API (handbooks/acme-analytics/openapi) over seeded sample data.
@main
struct ACMEServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acme-analytics-server",
        abstract: "Serve the ACME Analytics API over deterministic sample data in SQLite.",
        discussion: """
            Implements handbooks/acme-analytics/openapi/acme-analytics.yaml: /health (no token), /fields, \
            /customers, /customers/{id}, /customers/{id}/summary, /products, /orders and POST /sales/query. Every \
            endpoint but /health needs `Authorization: Bearer <token>`. The seeded data (about 200 customers, 40 \
            products, 4000 orders from 2023 to 2025) is the same for the same --seed; customer updates persist in \
            the database.

            Examples:
              ACME_TOKEN=dev acme-analytics-server --port 8080
              acme-analytics-server --token dev --db acme.sqlite
              curl -H 'Authorization: Bearer dev' 'http://127.0.0.1:8080/customers?name=globex'
            """)

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
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
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
        let store: ACMEStore
        do {
            store = try ACMEStore(path: path, seed: seed)
        } catch {
            FileHandle.standardError.write(Data("""
                error: cannot use the database \(path): \(error)
                hint: pass --db with a new file in an existing folder, or omit --db for a temporary database

                """.utf8))
            throw ExitCode(1)
        }
        let server = ACMEServer(configuration: .init(host: host, port: port, token: token ?? ""), store: store)
        try await server.run { [host, seed] port in
            let line = "acme-analytics-server listening on http://\(host):\(port) (database \(path), seed \(seed))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}
