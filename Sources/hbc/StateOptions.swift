import ArgumentParser
import Foundation
import HandbookModel
import Logging
import Releases
import RuntimeLite

/// `--state` as the commands that read a server's state database take it (`hbc plans`, `hbc trace`, `hbc feedback
/// export`), and the one rule every command applies to a state value: a PostgreSQL URL (`postgres://…` or `postgresql://…`, shared by replicas; the
/// password from the URL or `PGPASSWORD`, never printed) or a SQLite file. ``Releases/StateLocation`` reads the value;
/// this adds what a command line needs: usage errors with the password masked, and refusing to create a file (or to
/// open a bundle) where an existing state database is expected.
struct StateOptions: ParsableArguments {
    @Option(
        help: """
            The state database: a file (default: $HBC_STATE, else the only *.state.sqlite here), or \
            postgres://USER@HOST:PORT/DATABASE when replicas share PostgreSQL (password from PGPASSWORD).
            """)
    var state: String?

    /// The state database named: `--state`, else `$HBC_STATE`, else the only `*.state.sqlite` in the current
    /// directory (none or several is an error naming what to do).
    func value() throws -> String {
        if let value = state ?? ProcessInfo.processInfo.environment["HBC_STATE"] { return value }
        let here = (try? FileManager.default.contentsOfDirectory(atPath: ".")) ?? []
        let candidates = here.filter { $0.hasSuffix(".state.sqlite") }.sorted()
        guard candidates.count == 1 else {
            Terminal.error(
                candidates.isEmpty
                    ? "error: no state database here; give --state PATH (hbc serve keeps it beside the bundle: "
                        + "BUNDLE.state.sqlite)"
                    : "error: several state databases here (\(candidates.joined(separator: ", "))); choose one with "
                        + "--state"
            )
            throw ExitCode(candidates.isEmpty ? 1 : 2)
        }
        return candidates[0]
    }

    /// The state `text` names, which must exist already: a PostgreSQL database (its tables are created when
    /// missing), or a SQLite file that is not a bundle. `what` names what is read there, for the errors.
    static func existing(_ text: String, holding what: String) throws -> StateLocation {
        let location = try location(text)
        guard case .sqlite(let path) = location else { return location }
        guard FileManager.default.fileExists(atPath: path) else {
            Terminal.error("error: no state database at \(path) (hbc serve creates it beside the bundle)")
            throw ExitCode(1)
        }
        if (try? BundleReader(path: path)) != nil {
            Terminal.error(
                "error: \(path) is a bundle, not a state database; its \(what) are in "
                    + "\(PlanCache.defaultPath(forBundle: path)) (or the --state given to hbc serve)")
            throw ExitCode(2)
        }
        return location
    }

    /// The location `text` names; a malformed PostgreSQL URL is a usage error (its password masked).
    static func location(_ text: String) throws -> StateLocation {
        do {
            return try StateLocation(text)
        } catch {
            throw ValidationError("--state: \(error)")
        }
    }

    /// Checks `hbc serve`'s `--state` against its bundles: a PostgreSQL database holds the state of one bundle (or one
    /// environment of a store), and bundles served side by side keep theirs in a directory of files.
    static func validate(serving state: String?, bundles: Int) throws {
        guard let state, StateLocation.isShared(state) else { return }
        if bundles > 1 {
            throw ValidationError(
                "--state \(StateLocation.masked(state)): a PostgreSQL state database holds one bundle's state; "
                    + "serve one bundle (or one store environment) per database, or give a directory for several")
        }
    }

    /// The session records replicas share when `state` is a PostgreSQL database (`nil` otherwise: one server keeps
    /// its sessions in memory).
    static func sharedSessions(state: String?, idleTimeout: Duration, logger: Logger) throws -> SharedSessions? {
        guard let state, StateLocation.isShared(state) else { return nil }
        return SharedSessions(store: try location(state).sessionStore(), idleTimeout: idleTimeout, logger: logger)
    }
}
