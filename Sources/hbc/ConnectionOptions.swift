import ArgumentParser
import AsyncHTTPClient
import Foundation
import HandbookModel
import Indexer
import Releases
import RuntimeLite

/// `--connections FILE`: the APIs whose calls carry each user's own OAuth token, obtained through hbc's connect flow
/// (docs/connections.md), declared once and used with `@OptionGroup`.
struct ConnectionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "With --http, give these APIs' calls each user's own OAuth token (authorization code with PKCE).",
            discussion: """
                A JSON (or YAML) file: {"public_url": "https://hbc.example.com", "key_env": "HBC_CONNECTIONS_KEY", \
                "groups": {"API-ID": {"authorization_url": "…", "token_url": "…", "client_id_env": "…", \
                "client_secret_env": "…", "scopes": ["…"]}}}. public_url defaults to http://HOST:PORT of --http; the \
                key variable holds 32 bytes in base64 (openssl rand -base64 32). See docs/connections.md.
                """,
            valueName: "connections.json"))
    var connections: String?

    /// What a connections file configures, with its secrets read from the environment.
    struct Configuration: Sendable {
        /// The origin users' browsers reach (`nil`: the server's own address).
        var publicURL: String?
        var sealer: TokenSealer
        var providers: [OAuthProvider]
    }

    /// The keys of a connections file, and of each group in it.
    static let fileKeys = ["public_url", "key_env", "groups"]
    static let groupKeys = [
        "authorization_url", "authorization_url_env", "token_url", "token_url_env", "client_id", "client_id_env",
        "client_secret", "client_secret_env", "scopes",
    ]

    /// Reads the connections file, when one is given, with secrets from `environment`; prints located errors with
    /// what to do and throws `ExitCode(1)` when it is wrong.
    func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration? {
        guard let connections else { return nil }
        return try ConfigurationProblems.load(connections, environment: environment) {
            document, environment, problems in
            Self.configuration(document, environment: environment, problems: &problems)
        }
    }

    /// The configuration `document` gives, or `nil` with its problems in `problems`.
    static func configuration(
        _ document: LocatedYAML, environment: [String: String], problems: inout ConfigurationProblems
    ) -> Configuration? {
        guard document.isMapping else {
            problems.add(document, "the connections file must be a mapping with public_url, key_env and groups")
            return nil
        }
        problems.unknownKeys(document, known: fileKeys)
        let publicURL = problems.url(document, "public_url", required: false)
        let keyVariable = problems.string(document, "key_env") ?? "HBC_CONNECTIONS_KEY"
        var sealer: TokenSealer?
        do {
            sealer = try TokenSealer(environmentVariable: keyVariable, environment: environment)
        } catch {
            problems.add(document["key_env"] ?? document, "\(error)")
        }
        var providers: [OAuthProvider] = []
        if let groups = document["groups"], groups.isMapping {
            for (group, settings) in groups.entries ?? [] {
                if let provider = provider(group, settings, environment: environment, problems: &problems) {
                    providers.append(provider)
                }
            }
        }
        if document["groups"]?.entries?.isEmpty ?? true {
            problems.add(
                document["groups"] ?? document,
                "groups must map each API id whose calls carry users' own tokens to its OAuth endpoints and client")
        }
        guard let sealer, !providers.isEmpty else { return nil }
        return Configuration(publicURL: publicURL, sealer: sealer, providers: providers)
    }

    private static func provider(
        _ group: String, _ settings: LocatedYAML, environment: [String: String], problems: inout ConfigurationProblems
    ) -> OAuthProvider? {
        guard settings.isMapping else {
            problems.add(settings, "group '\(group)' must be a mapping with authorization_url, token_url, client_id…")
            return nil
        }
        problems.unknownKeys(settings, known: groupKeys)
        /// `name` written literally, or as `name_env` naming the variable that holds it.
        func value(_ name: String, required: Bool = true) -> String? {
            if settings[name] != nil { return problems.string(settings, name, required: true) }
            guard let variableNode = settings[name + "_env"] else {
                if required { problems.add(settings, "group '\(group)' needs \(name) or \(name)_env") }
                return nil
            }
            guard let variable = problems.string(settings, name + "_env", required: true) else { return nil }
            guard let secret = environment[variable], !secret.isEmpty else {
                problems.add(
                    variableNode, "the environment variable \(variable) (\(name) of group '\(group)') is not set")
                return nil
            }
            return secret
        }
        let authorizationURL = value("authorization_url")
        let tokenURL = value("token_url")
        let clientID = value("client_id")
        let hasSecret = settings["client_secret"] != nil || settings["client_secret_env"] != nil
        let clientSecret = hasSecret ? value("client_secret") : nil
        let scopes = problems.strings(settings, "scopes")
        guard let authorizationURL, let tokenURL, let clientID, !hasSecret || clientSecret != nil else { return nil }
        return OAuthProvider(
            group: group, authorizationURL: authorizationURL, tokenURL: tokenURL, clientID: clientID,
            clientSecret: clientSecret, scopes: scopes)
    }

    /// The connection service of `configuration`, keeping tokens in the state database at `statePath`.
    /// `defaultPublicURL` is the server's own address; the client secrets join the runtime's known `secrets`.
    static func service(
        _ configuration: Configuration, statePath: String?, defaultPublicURL: String, secrets: KnownSecrets
    ) throws -> ConnectionService {
        guard let statePath else {
            throw ValidationError("--connections keeps tokens in the state database: give --state FILE, not 'none'")
        }
        for secret in configuration.providers.compactMap(\.clientSecret) { secrets.add(secret) }
        return ConnectionService(
            providers: configuration.providers, store: try StateLocation(statePath).connectionStore(),
            sealer: configuration.sealer, linkKey: configuration.sealer.linkKey,
            publicBase: configuration.publicURL ?? defaultPublicURL,
            transport: HTTPUpstreamTransport(httpClient: .shared), secrets: secrets)
    }
}
