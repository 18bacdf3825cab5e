/// The guardrails of a handbook: a server-wide read-only switch and the policies, in file order.
public struct GuardrailSet: Sendable, Hashable, Codable {
    /// When true, every call whose method is not GET, HEAD or OPTIONS is denied.
    public var readOnly: Bool
    /// The policies, in the order their files and entries were read.
    public var policies: [GuardrailPolicy]

    /// A set of guardrails.
    public init(readOnly: Bool, policies: [GuardrailPolicy]) {
        self.readOnly = readOnly
        self.policies = policies
    }
}

/// One deterministic rule checked before and after a call.
public struct GuardrailPolicy: Sendable, Hashable, Codable {
    /// What a matching policy does to the call as a whole.
    public enum Effect: String, Sendable, Hashable, Codable {
        /// Allow-list: when any policy allows, calls that no allow policy matches are denied.
        case allow
        /// Refuse the call.
        case deny
        /// Ask a person before the call is sent.
        case confirm
    }

    /// The unique policy id, named in denials.
    public var id: String
    /// Why the policy exists.
    public var description: String?
    /// Which operations it applies to.
    public var match: OperationMatcher
    /// Its effect on matching calls, if any.
    public var effect: Effect?
    /// Text returned to the agent when the policy refuses a call.
    public var message: String?
    /// Limits on argument values of matching calls.
    public var constraints: [ArgumentConstraint]
    /// Response fields (names or dotted paths) removed before the agent sees them.
    public var redact: [String]
    /// Where the policy is written.
    public var source: SourceLocation?

    /// A policy.
    public init(
        id: String,
        description: String?,
        match: OperationMatcher,
        effect: Effect?,
        message: String?,
        constraints: [ArgumentConstraint],
        redact: [String],
        source: SourceLocation?
    ) {
        self.id = id
        self.description = description
        self.match = match
        self.effect = effect
        self.message = message
        self.constraints = constraints
        self.redact = redact
        self.source = source
    }
}

/// Selects operations; every criterion given must hold, and an empty matcher selects every operation.
public struct OperationMatcher: Sendable, Hashable, Codable {
    /// Operation ids.
    public var operations: [String]
    /// HTTP methods, upper case.
    public var methods: [String]
    /// Path globs: `*` matches one segment, `**` any number of segments.
    public var paths: [String]
    /// Tags; an operation matches when it has any of them.
    public var tags: [String]
    /// API ids.
    public var apis: [String]

    /// A matcher.
    public init(
        operations: [String] = [], methods: [String] = [], paths: [String] = [], tags: [String] = [],
        apis: [String] = []
    ) {
        self.operations = operations
        self.methods = methods
        self.paths = paths
        self.tags = tags
        self.apis = apis
    }

    /// Whether an operation is selected; methods compare case-insensitively.
    public func matches(_ operation: APIOperation) -> Bool {
        if !operations.isEmpty, !operations.contains(operation.id) { return false }
        if !methods.isEmpty {
            let method = operation.method.uppercased()
            if !methods.contains(where: { $0.uppercased() == method }) { return false }
        }
        if !apis.isEmpty, !apis.contains(operation.apiID) { return false }
        if !tags.isEmpty, !operation.tags.contains(where: tags.contains) { return false }
        if !paths.isEmpty, !paths.contains(where: { PathGlob($0).matches(operation.path) }) { return false }
        return true
    }
}

/// A limit on one argument value of a call.
public struct ArgumentConstraint: Sendable, Hashable, Codable {
    /// Dotted path into the call's arguments: parameters by name, the JSON body under `body`.
    public var argument: String
    /// Smallest allowed number.
    public var minimum: Double?
    /// Largest allowed number.
    public var maximum: Double?
    /// Numbers must be greater than this.
    public var exclusiveMinimum: Double?
    /// Numbers must be less than this.
    public var exclusiveMaximum: Double?
    /// Allowed values.
    public var allowedValues: [JSONValue]?
    /// A regular expression strings must match.
    public var pattern: String?
    /// Most elements an array may have.
    public var maxItems: Int?
    /// Fewest characters a string may have.
    public var minLength: Int?
    /// Most characters a string may have.
    public var maxLength: Int?

    /// A constraint on an argument.
    public init(
        argument: String,
        minimum: Double? = nil,
        maximum: Double? = nil,
        exclusiveMinimum: Double? = nil,
        exclusiveMaximum: Double? = nil,
        allowedValues: [JSONValue]? = nil,
        pattern: String? = nil,
        maxItems: Int? = nil,
        minLength: Int? = nil,
        maxLength: Int? = nil
    ) {
        self.argument = argument
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
        self.allowedValues = allowedValues
        self.pattern = pattern
        self.maxItems = maxItems
        self.minLength = minLength
        self.maxLength = maxLength
    }
}
