import HandbookModel

/// The handbook's `handbook.yaml`, checked and typed.
struct HandbookManifest: Sendable {
    /// The handbook's name.
    var name: String
    /// Its semantic version.
    var version: String
    /// One line about it.
    var description: String?
    /// The APIs it covers.
    var apis: [APIDeclaration]
    /// Globs of markdown pages, relative to the handbook root.
    var docs: [String]
    /// Globs of guardrail files.
    var guardrails: [String]
    /// Globs of regression-test files.
    var tests: [String]
    /// Globs of Arazzo workflow files.
    var workflows: [String]
    /// The environments `hbc promote` moves a bundle through, in order; `nil` when the manifest declares none
    /// (then ``HandbookMetadata/defaultPromotion``).
    var promotion: [String]? = nil
    /// Real paths of folders outside the handbook folder that specs and their `$ref`s may read.
    var allowedRefFolders: [String] = []
    /// The upstream MCP servers of the `mcpServers` block, in written order.
    var upstreams: [UpstreamDeclaration] = []

    /// The globs used when the manifest does not name any.
    static let defaultDocs = ["docs/**/*.md"]
    static let defaultGuardrails = ["guardrails/**/*.yaml", "guardrails/**/*.yml"]
    static let defaultTests = ["tests/**/*.yaml", "tests/**/*.yml"]
    static let defaultWorkflows = ["workflows/**/*.arazzo.yaml", "workflows/**/*.arazzo.yml", "workflows/**/*.arazzo.json"]
}

/// One API entry of the manifest.
struct APIDeclaration: Sendable {
    /// Its identifier.
    var id: String
    /// The spec path relative to the handbook root.
    var specPath: String
    /// Base URL per environment.
    var environments: [EnvironmentBaseURL]
    /// How calls authenticate.
    var auth: AuthScheme
    /// Prepended to every operation id of this API, to keep ids unique across APIs.
    var operationIDPrefix: String?
    /// Where the entry is written.
    var location: SourceLocation
}
