/// Everything `hbc build` produces from a handbook: the content of one bundle.
///
/// Arrays are kept in a deterministic order (see ``CompiledHandbook/normalized()``) so the same sources always
/// give the same bundle bytes and the same content hash.
public struct CompiledHandbook: Sendable, Hashable {
    /// Name, version and environments of the handbook.
    public var metadata: HandbookMetadata
    /// The APIs the handbook covers.
    public var apis: [APIDescriptor]
    /// Every callable operation of every API.
    public var operations: [APIOperation]
    /// Named schemas that operation schemas refer to with `{"$ref": "#/components/schemas/NAME"}`.
    public var schemas: [SchemaComponent]
    /// Documentation split into sections.
    public var docSections: [DocSection]
    /// Guardrail policies.
    public var guardrails: GuardrailSet
    /// Regression tests.
    public var tests: [RegressionTest]
    /// The source files and their SHA-256 digests.
    public var sources: [SourceFileRecord]
    /// Multi-step plan templates, once the plan stage has run.
    public var planTemplates: [PlanTemplate]
    /// The search index, once the index stage has run.
    public var search: SearchIndexContent

    /// A compiled handbook.
    public init(
        metadata: HandbookMetadata,
        apis: [APIDescriptor],
        operations: [APIOperation],
        schemas: [SchemaComponent],
        docSections: [DocSection],
        guardrails: GuardrailSet,
        tests: [RegressionTest],
        sources: [SourceFileRecord],
        planTemplates: [PlanTemplate] = [],
        search: SearchIndexContent = SearchIndexContent(documents: [], embedder: nil, vectors: [])
    ) {
        self.metadata = metadata
        self.apis = apis
        self.operations = operations
        self.schemas = schemas
        self.docSections = docSections
        self.guardrails = guardrails
        self.tests = tests
        self.sources = sources
        self.planTemplates = planTemplates
        self.search = search
    }

    /// The same content with every collection in canonical order (by identifier).
    public func normalized() -> CompiledHandbook {
        var copy = self
        copy.apis.sort { $0.id < $1.id }
        copy.operations.sort { $0.id < $1.id }
        copy.schemas.sort { ($0.apiID, $0.name) < ($1.apiID, $1.name) }
        copy.docSections.sort { ($0.file, $0.ordinal) < ($1.file, $1.ordinal) }
        copy.tests.sort { $0.id < $1.id }
        copy.sources.sort { $0.path < $1.path }
        copy.planTemplates.sort { $0.id < $1.id }
        return copy
    }
}

/// Who a handbook is and which environments it targets.
public struct HandbookMetadata: Sendable, Hashable, Codable {
    /// The handbook's name, such as `acme-analytics`.
    public var name: String
    /// Its semantic version.
    public var version: String
    /// One line about it.
    public var description: String?
    /// The environment names any API declares a base URL for, sorted.
    public var environments: [String]

    /// Metadata of a handbook.
    public init(name: String, version: String, description: String?, environments: [String]) {
        self.name = name
        self.version = version
        self.description = description
        self.environments = environments
    }
}
