/// One API of a handbook: where its spec came from, its base URLs and how to authenticate.
public struct APIDescriptor: Sendable, Hashable, Codable {
    /// The identifier from the manifest, such as `acme`.
    public var id: String
    /// The spec's `info.title`.
    public var title: String
    /// The spec's `info.version`.
    public var apiVersion: String
    /// The spec's `info.description`.
    public var description: String?
    /// The spec path relative to the handbook root.
    public var specPath: String
    /// The description format, such as `openapi 3.1.0` or `swagger 2.0`.
    public var specFormat: String
    /// Base URL per environment name, sorted by name.
    public var environments: [EnvironmentBaseURL]
    /// The servers the spec itself declares.
    public var specServers: [String]
    /// How calls are authenticated; secrets are environment-variable references only.
    public var auth: AuthScheme
    /// The spec's security schemes, normalized to OpenAPI 3 form.
    public var securitySchemes: JSONValue

    /// An API descriptor.
    public init(
        id: String,
        title: String,
        apiVersion: String,
        description: String?,
        specPath: String,
        specFormat: String,
        environments: [EnvironmentBaseURL],
        specServers: [String],
        auth: AuthScheme,
        securitySchemes: JSONValue
    ) {
        self.id = id
        self.title = title
        self.apiVersion = apiVersion
        self.description = description
        self.specPath = specPath
        self.specFormat = specFormat
        self.environments = environments
        self.specServers = specServers
        self.auth = auth
        self.securitySchemes = securitySchemes
    }

    /// The base URL for an environment name.
    public func baseURL(for environment: String) -> String? {
        environments.first { $0.name == environment }?.baseURL
    }
}

/// The base URL an API has in one named environment.
public struct EnvironmentBaseURL: Sendable, Hashable, Codable {
    /// The environment name, such as `staging`.
    public var name: String
    /// The base URL calls go to in that environment.
    public var baseURL: String

    /// A base URL for an environment.
    public init(name: String, baseURL: String) {
        self.name = name
        self.baseURL = baseURL
    }
}
