import Foundation
import HandbookModel

/// The secrets an API's auth scheme needs, read from the environment once at start-up.
///
/// Values never leave this type except into outgoing request headers or query items and into ``KnownSecrets`` (to be
/// masked): they are not logged, not returned to agents, and ``description`` shows only variable names. Variables the
/// environment lacks are remembered in ``missing``; calls needing them fail naming them (see ``Authenticator``).
public struct Credentials: Sendable, CustomStringConvertible {
    /// The API the credentials are for.
    public let apiID: String
    /// The API's auth scheme.
    public let scheme: AuthScheme
    /// The environment variables the scheme needs that are unset or empty, sorted.
    public let missing: [String]
    private let values: [String: String]

    /// Why credentials are incomplete.
    public struct MissingSecrets: Error, Sendable, CustomStringConvertible {
        /// The API whose secrets are missing.
        public var apiID: String
        /// The environment variables that are unset or empty.
        public var variables: [String]

        public var description: String {
            let plural = variables.count > 1
            return "API '\(apiID)' needs the environment variable\(plural ? "s" : "") "
                + "\(variables.joined(separator: ", ")), which \(plural ? "are" : "is") unset or empty where hbc runs; "
                + "export \(plural ? "them" : "it") and restart `hbc serve`"
        }
    }

    /// Reads the variables `scheme` references from `environment`; unset or empty ones are listed in ``missing``.
    public init(apiID: String, scheme: AuthScheme, environment: [String: String]) {
        self.apiID = apiID
        self.scheme = scheme
        var values: [String: String] = [:]
        var missing: [String] = []
        for variable in scheme.environmentVariables {
            if let value = environment[variable], !value.isEmpty { values[variable] = value } else { missing.append(variable) }
        }
        self.values = values
        self.missing = missing
    }

    /// What is missing, or `nil` when every variable is set.
    public var missingSecrets: MissingSecrets? {
        missing.isEmpty ? nil : MissingSecrets(apiID: apiID, variables: missing)
    }

    /// The value of a credential.
    func resolve(_ credential: CredentialValue) -> String {
        switch credential {
        case .literal(let text): text
        case .environment(let name): values[name] ?? ""
        }
    }

    /// Adds every secret value to `secrets`, with the forms requests carry it in: each variable's value, and for basic
    /// authentication (including an OAuth client's authentication at the token endpoint) the `user:password` pair
    /// and its base64 form.
    func register(in secrets: KnownSecrets) {
        guard !values.isEmpty else { return }
        for value in values.values { secrets.add(value) }
        switch scheme {
        case .basic(let username, let password):
            secrets.addBasicPair(user: resolve(username), password: resolve(password))
        case .oauth2ClientCredentials(_, let clientID, let clientSecret, _):
            secrets.addBasicPair(
                user: RequestBuilder.percentEncoded(resolve(clientID)),
                password: RequestBuilder.percentEncoded(resolve(clientSecret)))
        default:
            break
        }
    }

    public var description: String { "Credentials(\(scheme.typeName), variables: \(scheme.environmentVariables))" }
}
