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

    /// What an access file configures: the gate's settings and the visibility rules, as written.
    struct Configuration: Sendable {
        var settings: AccessSettings
        /// The `visibility:` section, handed to the visibility rules as JSON (`nil` when absent).
        var visibility: JSONValue?
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
        let document: LocatedYAML
        do {
            document = try LocatedYAML.read(path: access)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        var problems = AccessFileProblems()
        let configuration = Self.configuration(document, environment: environment, problems: &problems)
        guard problems.messages.isEmpty, let configuration else {
            for message in problems.messages { Terminal.error(message) }
            throw ExitCode(1)
        }
        return configuration
    }

    static func configuration(
        _ document: LocatedYAML, environment: [String: String], problems: inout AccessFileProblems
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
        return Configuration(settings: settings, visibility: document["visibility"]?.json)
    }

    private static func apiKey(
        _ element: LocatedYAML, environment: [String: String], problems: inout AccessFileProblems
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

/// The problems found in an access file, each `file:line:col: error: message`.
struct AccessFileProblems {
    private(set) var messages: [String] = []

    mutating func add(_ node: LocatedYAML, _ message: String) {
        messages.append("\(node.location): error: \(message)")
    }

    mutating func unknownKeys(_ node: LocatedYAML, known: [String]) {
        for (key, value) in node.entries ?? [] where !known.contains(key) {
            add(value, "unknown key '\(key)' (known: \(known.joined(separator: ", ")))")
        }
    }

    mutating func string(_ node: LocatedYAML, _ key: String, required: Bool = false) -> String? {
        guard let value = node[key] else {
            if required { add(node, "\(key) is missing") }
            return nil
        }
        guard let text = value.string, !text.isEmpty else {
            add(value, "\(key) must be a non-empty string (it is \(value.kindName))")
            return nil
        }
        return text
    }

    mutating func url(_ node: LocatedYAML, _ key: String, required: Bool) -> String? {
        guard let text = string(node, key, required: required) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
            url.fragment == nil
        else {
            add(node[key] ?? node, "\(key) must be an absolute http(s) URL without a fragment (got '\(text)')")
            return nil
        }
        return text
    }

    /// A string or a list of strings.
    mutating func strings(_ node: LocatedYAML, _ key: String) -> [String] {
        guard let value = node[key] else { return [] }
        if let single = value.string { return [single] }
        guard let elements = value.elements else {
            add(value, "\(key) must be a string or a list of strings")
            return []
        }
        return elements.compactMap { element in
            guard let text = element.string, !text.isEmpty else {
                add(element, "\(key) must list non-empty strings")
                return nil
            }
            return text
        }
    }
}
