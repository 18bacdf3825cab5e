import Foundation
import PostgresState
import Releases

/// The PostgreSQL server of the state-store tests: the one `HBC_TEST_POSTGRES` names (a URL of a server the tests may
/// create databases on), else a throwaway cluster that Tests/integration/postgres_server.py starts once per test
/// process and stops when the process ends. Each test gets a database of its own (``freshDatabase()``).
enum TestPostgres {
    /// Why no server could be had.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// The server's URL (its `postgres` database), started on first use.
    static let server: Result<String, Unavailable> = {
        if let url = ProcessInfo.processInfo.environment["HBC_TEST_POSTGRES"], !url.isEmpty { return .success(url) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("integration/postgres_server.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--parent", "\(ProcessInfo.processInfo.processIdentifier)"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(Unavailable(description: "cannot run \(script): \(error)"))
        }
        var line = Data()
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
            if chunk.contains(UInt8(ascii: "\n")) { break }
        }
        let url = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard PostgresAddress.isAddress(url) else {
            let reason = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
            return .failure(Unavailable(description: "no PostgreSQL server for the tests: \(reason)"))
        }
        return .success(url)
    }()

    /// How long an operation of the tests may take: tests run in parallel on a busy machine, where the default (meant
    /// to notice a server that is down) is too short.
    static let timeout: Duration = .seconds(120)

    /// A new empty database on the server (its pool opened with ``timeout``).
    static func freshDatabase() async throws -> StateLocation {
        var address = try PostgresAddress(url: try server.get())
        let name = "hbc_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await PostgresStateDatabase.connect(address, timeout: timeout).query("CREATE DATABASE \(name)")
        address.database = name
        _ = PostgresStateDatabase.connect(address, timeout: timeout)  // the stores opened on it share this pool
        return .postgres(address)
    }
}

/// The state backends every store behaves the same on.
enum StateBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// A new, empty state database of this backend.
    func location() async throws -> StateLocation {
        switch self {
        case .sqlite:
            .sqlite(
                path: FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString).sqlite")
                    .path)
        case .postgres: try await TestPostgres.freshDatabase()
        }
    }
}
