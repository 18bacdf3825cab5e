import Foundation
import HandbookModel

/// The secrets an API's auth scheme needs, read from the environment once at start-up.
///
/// Values never leave this type except into outgoing request headers or query items: they are not logged, not
/// returned to agents, and ``description`` shows only variable names.
public struct Credentials: Sendable, CustomStringConvertible {
    /// The API's auth scheme.
    public let scheme: AuthScheme
    private let values: [String: String]

    /// Why credentials are incomplete.
    public struct MissingSecrets: Error, Sendable, CustomStringConvertible {
        /// The API whose secrets are missing.
        public var apiID: String
        /// The environment variables that are unset or empty.
        public var variables: [String]

        public var description: String {
            "API '\(apiID)' needs the environment variable(s) \(variables.joined(separator: ", ")); export them before `hbc serve`"
        }
    }

    /// Reads the variables `scheme` references from `environment`; throws when any is unset or empty.
    public init(apiID: String, scheme: AuthScheme, environment: [String: String]) throws(MissingSecrets) {
        self.scheme = scheme
        var values: [String: String] = [:]
        var missing: [String] = []
        for variable in scheme.environmentVariables {
            if let value = environment[variable], !value.isEmpty { values[variable] = value } else { missing.append(variable) }
        }
        guard missing.isEmpty else { throw MissingSecrets(apiID: apiID, variables: missing) }
        self.values = values
    }

    /// The value of a credential.
    func resolve(_ credential: CredentialValue) -> String {
        switch credential {
        case .literal(let text): text
        case .environment(let name): values[name] ?? ""
        }
    }

    /// Every secret value, for masking in error texts.
    var secretValues: [String] { values.values.filter { $0.count >= 4 }.sorted { $0.count > $1.count } }

    public var description: String { "Credentials(\(scheme.typeName), variables: \(scheme.environmentVariables))" }
}
