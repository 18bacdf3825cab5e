import Foundation
import HandbookModel
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// A PostgreSQL state database (`hbc serve --state postgres://…`): one connection pool per address and process,
/// shared by every store that keeps its tables there, so replicas of a server (and `hbc promote`, `hbc plans`) share
/// learned plans, feedback, transcripts, memories, connections and session records.
///
/// Statements use `$1`, `$2`… placeholders with ``PostgresValue`` values. Each store creates its tables once per
/// process with ``prepare(schema:named:)`` (`CREATE TABLE IF NOT EXISTS`, under an advisory lock so replicas starting
/// together do not race), and runs writes that must be atomic in ``transaction(_:)``. Every operation gives up after
/// ``timeout`` with an error naming the address (password masked) instead of waiting for an unreachable server, and
/// for ``pause`` after such a failure operations fail at once with it (tool calls do not each wait for a server that
/// is down).
public final class PostgresStateDatabase: Sendable {
    /// Where the database is.
    public let address: PostgresAddress
    /// How long an operation (a statement, or a transaction with everything in it) may take.
    public let timeout: Duration
    /// How long operations fail at once after one found the server unreachable.
    public static let pause: Duration = .seconds(5)
    private let client: PostgresClient
    private let unreachable = Mutex<(until: ContinuousClock.Instant, error: PostgresStateError)?>(nil)
    private let prepared = Mutex<[String: Task<Void, any Error>]>([:])
    private static let pools = Mutex<[PostgresAddress: PostgresStateDatabase]>([:])
    private static let logger = Logger(label: "hbc.state.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The database at `address`, sharing the process's pool for it (created, and run until the process ends, on
    /// first use). Nothing is connected before the first statement.
    /// `timeout` bounds each operation (see ``timeout``); it is the first caller's for the address.
    public static func connect(_ address: PostgresAddress, timeout: Duration = .seconds(10)) -> PostgresStateDatabase {
        pools.withLock { pools in
            if let known = pools[address] { return known }
            let database = PostgresStateDatabase(address: address, timeout: timeout)
            pools[address] = database
            return database
        }
    }

    private init(address: PostgresAddress, timeout: Duration) {
        self.address = address
        self.timeout = timeout
        let tls: PostgresClient.Configuration.TLS =
            switch address.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        // The server ends what would outlast an operation's timeout: a statement or a lock wait, and a transaction
        // left idle (its client gone), so nothing waits on a lock held by a connection no one uses.
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", "\(milliseconds)"), ("lock_timeout", "\(milliseconds)"),
            ("idle_in_transaction_session_timeout", "\(milliseconds + 5000)"),
        ]
        configuration.options.maximumConnections = 8
        client = PostgresClient(configuration: configuration, backgroundLogger: Self.logger)
        let client = client
        Task.detached { await client.run() }
    }

    /// Creates a store's tables once per process (later calls wait for the first): `schema` is one or more
    /// statements separated by `;`, each idempotent (`CREATE TABLE IF NOT EXISTS`, `CREATE INDEX IF NOT EXISTS`,
    /// `ALTER TABLE … ADD COLUMN IF NOT EXISTS`). A failure is reported to every waiter and tried again next time.
    public func prepare(schema: String, named name: String) async throws {
        let task = prepared.withLock { prepared in
            if let running = prepared[name] { return running }
            let task = Task<Void, any Error> {
                try await self.transaction { transaction in
                    // One schema change at a time across processes: concurrent CREATE … IF NOT EXISTS can collide.
                    try await transaction.execute("SELECT pg_advisory_xact_lock(7270434931)")
                    for statement in schema.split(separator: ";")
                    where !statement.allSatisfy({ $0.isWhitespace || $0.isNewline }) {
                        try await transaction.execute(String(statement))
                    }
                }
            }
            prepared[name] = task
            return task
        }
        do {
            try await task.value
        } catch {
            prepared.withLock { prepared in
                if prepared[name] == task { prepared[name] = nil }
            }
            throw error
        }
    }

    /// Runs one statement and returns its rows (empty for statements without any).
    @discardableResult
    public func query(_ sql: String, _ values: [PostgresValue] = []) async throws -> [[PostgresValue]] {
        try await bounded {
            try await self.client.withConnection { connection in
                try await Self.rows(of: sql, values, on: connection)
            }
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresStateTransaction) async throws -> Result
    ) async throws -> Result {
        try await transaction(body, beforeCommit: {})
    }

    /// Runs `body` in a transaction, then `beforeCommit` (a step outside the database, such as switching a release
    /// pointer) and commits only when both succeeded; a commit that fails after `beforeCommit` succeeded throws
    /// ``CommitFailed``.
    public func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresStateTransaction) async throws -> Result,
        beforeCommit: @escaping @Sendable () throws -> Void
    ) async throws -> Result {
        try await bounded {
            try await self.client.withConnection { connection in
                _ = try await Self.rows(of: "BEGIN", [], on: connection)
                let result: Result
                do {
                    result = try await body(PostgresStateTransaction(connection: connection))
                    try beforeCommit()
                } catch {
                    _ = try? await Self.rows(of: "ROLLBACK", [], on: connection)
                    throw error
                }
                do {
                    _ = try await Self.rows(of: "COMMIT", [], on: connection)
                } catch {
                    throw CommitFailed(underlying: error)
                }
                return result
            }
        }
    }

    /// The commit of ``transaction(_:beforeCommit:)`` failed after its step outside the database succeeded.
    public struct CommitFailed: Error, Sendable, CustomStringConvertible {
        /// Why the commit failed.
        public var underlying: any Error
        public var description: String { "\(underlying)" }
    }

    /// `operation`, failing after ``timeout`` and with errors described by ``describe(_:)``.
    ///
    /// The operation runs in a task of its own that a timeout does not cancel: the caller gets the timeout error at
    /// once, while the operation ends on its own (a transaction still commits or rolls back, so no connection goes
    /// back to the pool inside a transaction), bounded by the server-side timeouts every connection sets.
    private func bounded<Result: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws
        -> Result
    {
        let address = address
        let timeout = timeout
        if let recent = unreachable.withLock({ $0 }), ContinuousClock.now < recent.until { throw recent.error }
        do {
            return try await withCheckedThrowingContinuation { continuation in
                let answered = Mutex(false)
                let answer: @Sendable (Swift.Result<Result, any Error>) -> Void = { result in
                    let first = answered.withLock { done in
                        defer { done = true }
                        return !done
                    }
                    if first { continuation.resume(with: result) }
                }
                // The timer ends with the operation's answer rather than sleeping out its timeout on every call
                // (a cancelled sleep of this clock releases its timer; Task.sleep's stays queued for `timeout`).
                let timer = Task {
                    guard (try? await PromptlyCancelledClock().sleep(for: timeout)) != nil else { return }
                    answer(
                        .failure(
                            PostgresStateError(
                                "PostgreSQL at \(address) did not answer within \(timeout); check that it runs and is "
                                    + "reachable", unreachable: true)))
                }
                Task {
                    do {
                        answer(.success(try await operation()))
                    } catch {
                        answer(.failure(error))
                    }
                    timer.cancel()
                }
            }
        } catch let error as CommitFailed {
            throw CommitFailed(underlying: Self.describe(error.underlying, address: address))
        } catch {
            let described = Self.describe(error, address: address)
            if let failure = described as? PostgresStateError, failure.unreachable {
                unreachable.withLock { $0 = (ContinuousClock.now + Self.pause, failure) }
            }
            throw described
        }
    }

    /// A failure as a ``PostgresStateError`` naming the address (password masked) and the server's message.
    static func describe(_ error: any Error, address: PostgresAddress) -> any Error {
        switch error {
        case is PostgresStateError, is CancellationError: return error
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return PostgresStateError("PostgreSQL at \(address): \(message)\(state)")
            }
            let reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
            return PostgresStateError("cannot reach PostgreSQL at \(address): \(reason)", unreachable: true)
        default:
            return error  // the caller's own (a transaction's body, a step before its commit)
        }
    }

    static func rows(
        of sql: String, _ values: [PostgresValue], on connection: PostgresConnection
    ) async throws
        -> [[PostgresValue]]
    {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { value.bind(to: &bindings) }
        let sequence = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        var rows: [[PostgresValue]] = []
        for try await row in sequence {
            rows.append(try row.map(PostgresValue.init))
        }
        return rows
    }
}

/// The connection of a transaction in progress (``PostgresStateDatabase/transaction(_:)``): statements run in it.
public struct PostgresStateTransaction: Sendable {
    let connection: PostgresConnection

    /// Runs one statement in the transaction and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ values: [PostgresValue] = []) async throws -> [[PostgresValue]] {
        try await PostgresStateDatabase.rows(of: sql, values, on: connection)
    }

    /// Runs one statement in the transaction, ignoring any rows.
    public func execute(_ sql: String, _ values: [PostgresValue] = []) async throws {
        _ = try await query(sql, values)
    }
}
