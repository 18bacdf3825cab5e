import Foundation
import PostgresState

/// Where a server's state database is, as `--state` names it: a SQLite file (the embedded default,
/// `BUNDLE.state.sqlite` beside a bundle) or a PostgreSQL database (`postgres://…` or `postgresql://…`) that several
/// replicas share. The one place that reads `--state`: learned plans, feedback, transcripts, memories, connections and
/// session records are all opened from a location.
public enum StateLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite file (created when missing).
    case sqlite(path: String)
    /// A PostgreSQL database (tables created when missing).
    case postgres(PostgresAddress)

    /// The location `text` names: a PostgreSQL URL (password from the URL or `PGPASSWORD`), else a SQLite path.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if PostgresAddress.isAddress(text) {
            self = .postgres(try PostgresAddress(url: text, environment: environment))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The location of a `--state` value: `nil` for `none` (no state database), `defaultPath` when not given.
    public static func parse(
        _ argument: String?, defaultPath: @autoclosure () -> String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> StateLocation? {
        switch argument {
        case "none"?: return nil
        case let text?: return try StateLocation(text, environment: environment)
        case nil: return try defaultPath().map { try StateLocation($0, environment: environment) }
        }
    }

    /// Whether `text` (a `--state` value) names a PostgreSQL database rather than a file.
    public static func isShared(_ text: String?) -> Bool {
        text.map(PostgresAddress.isAddress) ?? false
    }

    /// A `--state` value fit for a message or a log: a URL's password replaced by `***`, a path as it is.
    public static func masked(_ text: String) -> String {
        PostgresAddress.masked(text)
    }

    /// The file's path, or the URL with its password masked: for messages and logs.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let address): address.description
        }
    }

    /// The learned-plan cache kept here.
    public func planCache() throws -> PlanCache {
        switch self {
        case .sqlite(let path): try PlanCache(path: path)
        case .postgres(let address): PlanCache(storage: PostgresPlanStorage(PostgresStateDatabase.connect(address)))
        }
    }

    /// Whether the state exists already: a file that exists, or (PostgreSQL) always: reading an empty database
    /// creates its tables and finds nothing.
    public var exists: Bool {
        switch self {
        case .sqlite(let path): FileManager.default.fileExists(atPath: path)
        case .postgres: true
        }
    }
}
