import Foundation
import HandbookModel
import Synchronization

/// Every credential value a runtime knows, in every form it may travel in, so that ``ValueQuoting`` can mask them in
/// everything returned or logged: API keys, bearer tokens, basic-auth passwords with the `user:pass` pair and its
/// base64 form, OAuth client secrets, and the OAuth access tokens obtained while serving (added as they arrive).
///
/// Each value is also known in the forms an API may echo it in: percent-encoded (a query string, an echoed URL),
/// JSON-escaped (a body cut short is shown as text) and base64 (standard and URL-safe, without padding). One instance
/// is shared by a runtime's authenticators, guardrails and runner; it only grows.
public final class KnownSecrets: Sendable {
    /// The values known, and the masking rule for them (built when a value is added, not for every message).
    private let state = Mutex<(values: Set<String>, quoting: ValueQuoting)>(([], .plain))

    /// No secrets yet.
    public init() {}

    /// Adds a secret value and its encoded forms.
    public func add(_ secret: String) {
        guard secret.count >= ValueQuoting.minimumSecretLength else { return }
        let forms = Self.forms(of: secret)
        state.withLock { state in
            guard !forms.isSubset(of: state.values) else { return }
            state.values.formUnion(forms)
            state.quoting = ValueQuoting(secrets: state.values)
        }
    }

    /// A secret as it may travel or be echoed.
    private static func forms(of secret: String) -> Set<String> {
        let escaped = JSONValue.string(secret).serialized.dropFirst().dropLast()
        let base64 = Data(secret.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        let base64URL = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return [
            secret, RequestBuilder.percentEncoded(secret), String(escaped),
            escaped.replacingOccurrences(of: "/", with: "\\/"), base64, base64URL,
        ]
    }

    /// Adds the pair `user:password` of basic authentication, its base64 form (what an `Authorization: Basic` header
    /// carries) and the password itself.
    public func addBasicPair(user: String, password: String) {
        add(password)
        let pair = user + ":" + password
        add(pair)
        add(Data(pair.utf8).base64EncodedString())
    }

    /// The rule masking every secret known now.
    public func quoting() -> ValueQuoting {
        state.withLock { $0.quoting }
    }
}
