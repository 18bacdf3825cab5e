import HandbookModel

/// Why a request to the HTTP endpoint was refused, and how to answer it: 401 with a `WWW-Authenticate: Bearer`
/// challenge pointing at the protected-resource metadata (RFC 9728 §5.1, RFC 6750 §3) when the caller must
/// (re-)authenticate, 403 when who they are is known but not enough. Messages never quote the credential.
public struct AccessRefusal: Error, Sendable, Equatable {
    /// The OAuth error code of the challenge (RFC 6750 §3.1).
    public enum Code: String, Sendable {
        /// No credential at all: the challenge carries no error code.
        case missingCredential = ""
        /// The credential is malformed, expired, revoked, not for this resource or its signature does not verify.
        case invalidToken = "invalid_token"
        /// The token lacks a required scope.
        case insufficientScope = "insufficient_scope"
        /// The caller is known but may not act here (another tenant's path).
        case forbidden = "forbidden"
    }

    /// The error code.
    public var code: Code
    /// What is wrong, for the person configuring the client (never the credential itself).
    public var reason: String
    /// The scopes to ask for, for `insufficient_scope`.
    public var scopes: [String]

    /// A refusal.
    public init(_ code: Code, _ reason: String, scopes: [String] = []) {
        self.code = code
        self.reason = reason
        self.scopes = scopes
    }

    /// The HTTP status: 401 to authenticate (again), 403 when authenticated but not allowed.
    public var status: Int {
        switch code {
        case .missingCredential, .invalidToken: 401
        case .insufficientScope, .forbidden: 403
        }
    }

    /// The `WWW-Authenticate` value: `Bearer` with `resource_metadata` (when the server has metadata), the `scope`
    /// to ask for, and the error code and description when there is one.
    public func challenge(resourceMetadata: String?, requiredScopes: [String]) -> String {
        var parameters: [String] = []
        if let resourceMetadata { parameters.append("resource_metadata=\(Self.quoted(resourceMetadata))") }
        let scope = scopes.isEmpty ? requiredScopes : scopes
        if !scope.isEmpty { parameters.append("scope=\(Self.quoted(scope.joined(separator: " ")))") }
        if code != .missingCredential, code != .forbidden {
            parameters.append("error=\(Self.quoted(code.rawValue))")
            parameters.append("error_description=\(Self.quoted(reason))")
        }
        if resourceMetadata == nil, parameters.isEmpty { parameters.append(#"realm="hbc""#) }
        return "Bearer " + parameters.joined(separator: ", ")
    }

    /// The JSON body: the OAuth error and its description.
    public var body: [UInt8] {
        JSONValue.object(
            JSONObject([
                ("error", .string(code == .missingCredential ? "unauthorized" : code.rawValue)),
                ("error_description", .string(reason)),
            ])
        ).serializedData(sortKeys: false)
    }

    /// A quoted-string (RFC 9110 §5.6.4): `"` and `\` escaped, control characters dropped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars where scalar.value >= 0x20 && scalar.value != 0x7F {
            if scalar == "\"" || scalar == "\\" { result.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        return result + "\""
    }
}
