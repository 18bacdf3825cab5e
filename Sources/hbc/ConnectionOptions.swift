import ArgumentParser
import AsyncHTTPClient
import Foundation
import HandbookModel
import RuntimeLite

/// `--connections FILE`: the APIs whose calls carry each user's own OAuth token, obtained through hbc's connect flow
/// (docs/connections.md), declared once and used with `@OptionGroup`.
struct ConnectionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "With --http, give these APIs' calls each user's own OAuth token (authorization code with PKCE).",
            discussion: """
                A JSON file: {"public_url": "https://hbc.example.com", "key_env": "HBC_CONNECTIONS_KEY", "groups": \
                {"API-ID": {"authorization_url": "…", "token_url": "…", "client_id_env": "…", "client_secret_env": \
                "…", "scopes": ["…"]}}}. public_url defaults to http://HOST:PORT of --http; the key variable holds 32 \
                bytes in base64 (openssl rand -base64 32). See docs/connections.md.
                """,
            valueName: "connections.json"))
    var connections: String?

    /// The connection service the file describes, keeping tokens in the state database at `statePath`; `nil` without
    /// `--connections`. `defaultPublicURL` is the server's own address.
    func service(
        statePath: String?, defaultPublicURL: String, secrets: KnownSecrets,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ConnectionService? {
        guard let connections else { return nil }
        guard let statePath else {
            throw ValidationError("--connections keeps tokens in the state database: give --state FILE, not 'none'")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: connections))))
        } catch {
            throw ValidationError("\(connections): cannot read it as JSON (\(error))")
        }
        let keyVariable = json["key_env"]?.stringValue ?? "HBC_CONNECTIONS_KEY"
        let sealer: TokenSealer
        do {
            sealer = try TokenSealer(environmentVariable: keyVariable, environment: environment)
        } catch {
            throw ValidationError("\(connections): \(error)")
        }
        var providers: [OAuthProvider] = []
        for (group, settings) in json["groups"]?.objectValue ?? JSONObject() {
            func value(_ name: String) throws -> String {
                if let literal = settings[name]?.stringValue { return literal }
                guard let variable = settings[name + "_env"]?.stringValue else {
                    throw ValidationError("\(connections): group '\(group)' needs \(name) or \(name)_env")
                }
                guard let secret = environment[variable], !secret.isEmpty else {
                    throw ValidationError("\(connections): set \(variable) (\(name) of group '\(group)')")
                }
                return secret
            }
            let clientSecret =
                settings["client_secret"] != nil || settings["client_secret_env"] != nil
                ? try value("client_secret") : nil
            if let clientSecret { secrets.add(clientSecret) }
            providers.append(
                OAuthProvider(
                    group: group, authorizationURL: try value("authorization_url"), tokenURL: try value("token_url"),
                    clientID: try value("client_id"), clientSecret: clientSecret,
                    scopes: settings["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        }
        guard !providers.isEmpty else { throw ValidationError("\(connections): no groups") }
        return ConnectionService(
            providers: providers, store: try SQLiteConnectionStore(path: statePath), sealer: sealer,
            linkKey: sealer.linkKey, publicBase: json["public_url"]?.stringValue ?? defaultPublicURL,
            transport: HTTPUpstreamTransport(httpClient: .shared), secrets: secrets)
    }
}
