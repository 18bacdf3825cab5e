import Foundation

/// Where a PostgreSQL state database is: a `postgres://` (or `postgresql://`) URL as `hbc serve --state` takes it,
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`.
///
/// The password comes from the URL or, when the URL has none, from `PGPASSWORD`. It is never part of
/// ``description`` (which every message and log uses): that shows `***` in its place.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    /// Whether and how the connection is encrypted (`sslmode`, as libpq names it).
    public enum TLSMode: String, Sendable, Hashable {
        /// Plain TCP (the default: state databases are usually reached on a private network or loopback).
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

    /// Why a URL is not a PostgreSQL address.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        /// What is wrong and what to do, with the password masked.
        public var description: String
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port (5432 unless the URL says otherwise).
    public var port: Int
    /// The user to connect as.
    public var user: String
    /// The password (from the URL or `PGPASSWORD`), if any.
    public var password: String?
    /// The database.
    public var database: String
    /// Whether the connection uses TLS.
    public var tls: TLSMode

    /// Whether `text` names a PostgreSQL database (`postgres://` or `postgresql://`), not a file.
    public static func isAddress(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Reads `url`, taking the password from `PGPASSWORD` in `environment` when the URL has none.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Invalid) {
        let masked = Self.masked(url)
        guard Self.isAddress(url), let components = URLComponents(string: url) else {
            throw Invalid(description: "\(masked) is not a PostgreSQL URL; write postgres://USER@HOST:PORT/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(description: "\(masked) names no host; write postgres://USER@HOST:PORT/DATABASE")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Invalid(
                description: "\(masked) names no user; write postgres://USER@HOST:PORT/DATABASE (the password may "
                    + "come from PGPASSWORD)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw Invalid(description: "\(masked) names no database; write postgres://USER@HOST:PORT/DATABASE")
        }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode", let value = item.value else {
                throw Invalid(description: "\(masked): unknown parameter '\(item.name)'; only sslmode is read")
            }
            guard let mode = TLSMode(rawValue: value) else {
                throw Invalid(description: "\(masked): sslmode must be disable, prefer or require, not '\(value)'")
            }
            tls = mode
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user
        self.password =
            components.password.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        self.database = database
        self.tls = tls
    }

    /// The URL with `***` for the password: `postgres://hbc:***@db.internal:5432/hbc`.
    public var description: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        let query = tls == .disable ? "" : "?sslmode=\(tls.rawValue)"
        return "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)\(query)"
    }

    /// `text` with any password between `//user:` and `@` replaced by `***` (for messages about URLs that do not
    /// parse).
    public static func masked(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        let credentials = rest[..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<scheme.upperBound]) + credentials[..<colon] + ":***" + rest[at...]
    }
}
