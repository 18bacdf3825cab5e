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
    /// jq programs that shape operations' responses (``ResponseShape``).
    public var shapes: [ResponseShape]

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
        search: SearchIndexContent = SearchIndexContent(documents: [], embedder: nil, vectors: []),
        shapes: [ResponseShape] = []
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
        self.shapes = shapes
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
        copy.shapes.sort { ($0.operation, $0.name) < ($1.operation, $1.name) }
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
    /// The order in which `hbc promote` moves a bundle through environments (the manifest's `promotion` key):
    /// a bundle enters the first one freely and each later one only after the one before it.
    public var promotion: [String]

    /// The promotion order when the manifest declares none.
    public static let defaultPromotion = ["staging", "production"]

    /// Whether `name` can name an environment: ASCII letters, digits, `-`, `_` and `.`, not starting with `.` (a
    /// release store uses it as a file name).
    public static func isValidEnvironmentName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "."), name.utf8.count <= 64 else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }

    /// Metadata of a handbook.
    public init(
        name: String, version: String, description: String?, environments: [String],
        promotion: [String] = HandbookMetadata.defaultPromotion
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.environments = environments
        self.promotion = promotion.isEmpty ? Self.defaultPromotion : promotion
    }

    private enum CodingKeys: String, CodingKey {
        case name, version, description, environments, promotion
    }

    /// Decodes metadata; bundles written before `promotion` existed get the default order.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        version = try container.decode(String.self, forKey: .version)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        environments = try container.decode([String].self, forKey: .environments)
        let declared = try container.decodeIfPresent([String].self, forKey: .promotion) ?? []
        promotion = declared.isEmpty ? Self.defaultPromotion : declared
    }

    /// Encodes metadata; the default promotion order is left out, so handbooks that do not declare one keep the
    /// bytes (and the content hash) they had before the key existed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(environments, forKey: .environments)
        if promotion != Self.defaultPromotion { try container.encode(promotion, forKey: .promotion) }
    }
}
