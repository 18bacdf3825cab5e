import ArgumentParser
import Foundation
import HandbookModel
import Indexer
import RuntimeLite

/// `--access FILE`: who may use `hbc serve --http` (OAuth access tokens, API keys, tenants) and what each may see
/// (the `visibility:` section), declared once and shared with `@OptionGroup`. See docs/access.md.
struct AccessOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "With --http, callers must authenticate as this file says: OAuth access tokens, API keys, tenants.",
            discussion: """
                Without it, anyone who reaches the port acts as the operator. Example (see docs/access.md):
                \(AccessOptions.example)
                """,
            valueName: "access.yaml"))
    var access: String?

    /// What an access file configures: the gate's settings and the visibility rules.
    struct Configuration: Sendable {
        var settings: AccessSettings
        /// The rules of the `visibility:` section (everything visible when it is absent).
        var visibility: VisibilityRules
    }

    /// A short access file for `--help` (docs/access.md explains every key).
    static let example = """
        auth:
          resource: https://hbc.example.com/mcp
          issuer: https://auth.example.com
          jwks_url: https://auth.example.com/.well-known/jwks.json
          tenant_claim: tenant
          required_scopes: [mcp:tools]
        api_keys:
          - {name: ci, env: HBC_CI_KEY, tenant: acme, scopes: [mcp:tools]}
        visibility:
          default: deny
          rules:
            - {tenants: [acme], allow: {groups: [acme-analytics]}}
        """

    /// Reads the access file, when one is given, with secrets from `environment`; prints located errors with what
    /// to do and throws `ExitCode(1)` when it is wrong.
    func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration? {
        guard let access else { return nil }
        return try ConfigurationProblems.load(access, environment: environment) { document, environment, problems in
            Self.configuration(document, environment: environment, problems: &problems)
        }
    }

    static func configuration(
        _ document: LocatedYAML, environment: [String: String], problems: inout ConfigurationProblems
    ) -> Configuration? {
        guard document.isMapping else {
            problems.add(document, "the access file must be a mapping with auth:, api_keys: and visibility:")
            return nil
        }
        problems.unknownKeys(document, known: ["auth", "api_keys", "visibility"])
        var settings = AccessSettings()
        if let auth = document["auth"] {
            problems.unknownKeys(
                auth,
                known: [
                    "resource", "issuer", "jwks_url", "audience", "authorization_servers", "tenant_claim",
                    "required_scopes",
                    "scopes_supported", "clock_leeway_seconds",
                ])
            let issuer = problems.url(auth, "issuer", required: true)
            let jwksURL = problems.url(auth, "jwks_url", required: true)
            settings.resource = problems.url(auth, "resource", required: false)
            if let issuer, let jwksURL {
                var tokens = AccessSettings.BearerTokens(issuer: issuer, jwksURL: jwksURL)
                tokens.audiences = problems.strings(auth, "audience")
                if auth["authorization_servers"] != nil {
                    tokens.authorizationServers = problems.strings(auth, "authorization_servers")
                }
                tokens.tenantClaim = problems.string(auth, "tenant_claim")
                tokens.requiredScopes = problems.strings(auth, "required_scopes")
                tokens.scopesSupported =
                    auth["scopes_supported"] == nil
                    ? tokens.requiredScopes : problems.strings(auth, "scopes_supported")
                if let leeway = auth["clock_leeway_seconds"] {
                    if case .int(let seconds) = leeway.json, (0...600).contains(seconds) {
                        tokens.clockLeeway = .seconds(seconds)
                    } else {
                        problems.add(leeway, "clock_leeway_seconds must be a whole number of seconds from 0 to 600")
                    }
                }
                settings.bearerTokens = tokens
            }
        }
        if let keys = document["api_keys"] {
            if let elements = keys.elements {
                for element in elements {
                    if let key = apiKey(element, environment: environment, problems: &problems) {
                        settings.apiKeys.append(key)
                    }
                }
            } else {
                problems.add(keys, "api_keys must be a list of {name, env, tenant, scopes}")
            }
        }
        if settings.bearerTokens == nil, settings.apiKeys.isEmpty, problems.messages.isEmpty {
            problems.add(document, "the access file lets no one in: add an auth: section or api_keys:")
        }
        var visibility = VisibilityRules.everything
        if let section = document["visibility"] {
            do {
                visibility = try VisibilityRules(parsing: section.json)
            } catch {
                problems.add(at: error.path, in: document, "\(error.path): \(error.reason) (see docs/visibility.md)")
            }
        }
        return Configuration(settings: settings, visibility: visibility)
    }

    private static func apiKey(
        _ element: LocatedYAML, environment: [String: String], problems: inout ConfigurationProblems
    ) -> AccessSettings.APIKey? {
        guard element.isMapping else {
            problems.add(element, "an API key is a mapping with name, env, tenant and scopes")
            return nil
        }
        problems.unknownKeys(element, known: ["name", "env", "tenant", "scopes"])
        guard let name = problems.string(element, "name", required: true),
            let variable = problems.string(element, "env", required: true)
        else { return nil }
        let tenant = problems.string(element, "tenant") ?? "default"
        if !AccessSettings.isTenantName(tenant) {
            problems.add(
                element["tenant"] ?? element, "tenant '\(tenant)' must be 1–64 letters, digits, '.', '_' or '-'")
        }
        guard let secret = environment[variable], !secret.isEmpty else {
            problems.add(
                element["env"] ?? element,
                "the environment variable \(variable) (API key '\(name)') is not set; set it to the key's value")
            return nil
        }
        if secret.utf8.count < 16 {
            problems.add(
                element["env"] ?? element,
                "the key in \(variable) (API key '\(name)') is shorter than 16 characters; use a long random value")
            return nil
        }
        return AccessSettings.APIKey(
            name: name, secret: secret, tenant: tenant, scopes: Set(problems.strings(element, "scopes")))
    }
}
