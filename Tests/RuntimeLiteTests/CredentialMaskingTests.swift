import Foundation
import HandbookModel
import Testing
@testable import RuntimeLite

/// Credentials in every form they travel in are known and masked; arguments cannot stand in for them; missing ones
/// fail the call by name.
@Suite struct CredentialMaskingTests {
    private func authenticated(
        _ scheme: AuthScheme, environment: [String: String], request: UpstreamRequest
    ) async throws -> (UpstreamRequest, KnownSecrets) {
        let secrets = KnownSecrets()
        let client = UpstreamClient()
        defer { Task { await client.shutdown() } }
        let authenticator = Authenticator(
            credentials: Credentials(apiID: "acme", scheme: scheme, environment: environment),
            httpClient: client.httpClient, secrets: secrets)
        return (try await authenticator.authenticate(request), secrets)
    }

    private let plain = UpstreamRequest(method: "GET", url: "http://127.0.0.1:9/x", headers: [], body: nil)

    @Test func basicAuthenticationIsMaskedAsPairAndBase64() async throws {
        let scheme = AuthScheme.basic(username: .literal("robot"), password: .environment("ACME_PASSWORD"))
        let (request, secrets) = try await authenticated(scheme, environment: ["ACME_PASSWORD": "hunter2-long"], request: plain)
        let header = try #require(request.header("Authorization"))
        let quoting = secrets.quoting()
        #expect(quoting.mask(header) == "Basic ***")
        #expect(quoting.mask("robot:hunter2-long") == "***")
        #expect(quoting.mask("pw=hunter2-long") == "pw=***")
    }

    @Test func secretsAreKnownInTheFormsAnAPIMayEchoThem() {
        let secrets = KnownSecrets()
        let secret = "k/ey\"+1234"
        secrets.add(secret)
        let quoting = secrets.quoting()
        let base64 = Data(secret.utf8).base64EncodedString()
        for echoed in [secret, "k%2Fey%22%2B1234", "k/ey\\\"+1234", "k\\/ey\\\"+1234", base64, secret.uppercased()] {
            #expect(!quoting.mask("echo: \(echoed).").contains(String(echoed.prefix(6))), "\(echoed)")
        }
    }

    @Test func argumentsCannotStandInForCredentials() async throws {
        let request = UpstreamRequest(
            method: "GET", url: "http://127.0.0.1:9/x?api_key=guess&q=1&API_KEY=guess&Api%5FKey=guess",
            headers: [("authorization", "Bearer guess")],
            body: nil)
        let (bearer, _) = try await authenticated(
            .bearer(token: .environment("TOKEN")), environment: ["TOKEN": "secret-token-1"], request: request)
        #expect(bearer.headers.filter { $0.name.lowercased() == "authorization" }.map(\.value) == ["Bearer secret-token-1"])
        let (keyed, secrets) = try await authenticated(
            .apiKey(location: .query, name: "api_key", value: .environment("KEY")), environment: ["KEY": "k/ey+1234"],
            request: request)
        #expect(keyed.url == "http://127.0.0.1:9/x?q=1&api_key=k%2Fey%2B1234")
        #expect(secrets.quoting().mask(keyed.url) == "http://127.0.0.1:9/x?q=1&api_key=***")
    }

    @Test func missingCredentialsFailTheCallNamingTheVariable() async {
        await #expect {
            _ = try await authenticated(.bearer(token: .environment("ACME_TOKEN")), environment: [:], request: plain)
        } throws: { error in
            guard let missing = error as? Credentials.MissingSecrets else { return false }
            return missing.variables == ["ACME_TOKEN"] && missing.description.contains("ACME_TOKEN")
        }
    }
}
