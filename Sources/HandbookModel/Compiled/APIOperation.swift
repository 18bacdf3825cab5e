/// One callable operation of an API, with its contract resolved from the spec.
public struct APIOperation: Sendable, Hashable, Codable {
    /// The handbook-wide unique identifier (the spec's `operationId`, or one derived from method and path).
    public var id: String
    /// The API it belongs to.
    public var apiID: String
    /// The HTTP method in upper case.
    public var method: String
    /// The path template, such as `/customers/{customer_id}`; a webhook's name for a webhook.
    public var path: String
    /// One line about the operation.
    public var summary: String?
    /// The long description.
    public var description: String?
    /// Tags, in spec order.
    public var tags: [String]
    /// Whether the spec marks it deprecated.
    public var deprecated: Bool
    /// Path, query, header and cookie parameters (path-item parameters merged in), sorted by location then name.
    public var parameters: [OperationParameter]
    /// The request body, when the operation takes one.
    public var requestBody: OperationRequestBody?
    /// Responses by status code, sorted.
    public var responses: [OperationResponse]
    /// Alternative security requirements (any one suffices); each maps a scheme name to scopes. Empty: none.
    public var security: [[String: [String]]]
    /// Servers the spec declares for this operation or its path, when they differ from the API's.
    public var servers: [String]
    /// Where the operation is declared.
    public var source: SourceLocation?
    /// SHA-256 of the normalized contract, see ``OperationFingerprint``.
    public var fingerprint: String
    /// The name of the OpenAPI 3.1 webhook this operation describes — a request the API sends, searchable and
    /// compared by `hbc diff` but never executed — or nil for a callable operation (absent from the JSON then, so
    /// bundles written before webhooks were compiled read the same).
    public var webhook: String?

    /// An operation.
    public init(
        id: String,
        apiID: String,
        method: String,
        path: String,
        summary: String?,
        description: String?,
        tags: [String],
        deprecated: Bool,
        parameters: [OperationParameter],
        requestBody: OperationRequestBody?,
        responses: [OperationResponse],
        security: [[String: [String]]],
        servers: [String],
        source: SourceLocation?,
        fingerprint: String = "",
        webhook: String? = nil
    ) {
        self.id = id
        self.apiID = apiID
        self.method = method
        self.path = path
        self.summary = summary
        self.description = description
        self.tags = tags
        self.deprecated = deprecated
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
        self.security = security
        self.servers = servers
        self.source = source
        self.fingerprint = fingerprint
        self.webhook = webhook
    }
}

/// A parameter of an operation.
public struct OperationParameter: Sendable, Hashable, Codable {
    /// Where a parameter goes in the request.
    public enum Location: String, Sendable, Hashable, Codable, CaseIterable {
        case path
        case query
        case header
        case cookie
    }

    /// The parameter name.
    public var name: String
    /// Where it goes.
    public var location: Location
    /// Whether the call must give it (always true for path parameters).
    public var required: Bool
    /// What it means.
    public var description: String?
    /// Whether the spec marks it deprecated.
    public var deprecated: Bool
    /// Its JSON Schema.
    public var schema: JSONValue
    /// The serialization style (`form`, `simple`, `deepObject`, …), when not the default for its location.
    public var style: String?
    /// Whether arrays and objects explode into several parameters, when given.
    public var explode: Bool?
    /// An example value, when the spec has one.
    public var example: JSONValue?

    /// A parameter.
    public init(
        name: String,
        location: Location,
        required: Bool,
        description: String?,
        deprecated: Bool,
        schema: JSONValue,
        style: String?,
        explode: Bool?,
        example: JSONValue?
    ) {
        self.name = name
        self.location = location
        self.required = required
        self.description = description
        self.deprecated = deprecated
        self.schema = schema
        self.style = style
        self.explode = explode
        self.example = example
    }
}

/// The request body of an operation.
public struct OperationRequestBody: Sendable, Hashable, Codable {
    /// What it is.
    public var description: String?
    /// Whether the call must send it.
    public var required: Bool
    /// The accepted media types with their schemas.
    public var content: [MediaTypeContent]

    /// A request body.
    public init(description: String?, required: Bool, content: [MediaTypeContent]) {
        self.description = description
        self.required = required
        self.content = content
    }
}

/// A documented response of an operation.
public struct OperationResponse: Sendable, Hashable, Codable {
    /// `200`, `4XX` or `default`.
    public var status: String
    /// What it means.
    public var description: String?
    /// Its media types with their schemas.
    public var content: [MediaTypeContent]
    /// Documented response headers.
    public var headers: [ResponseHeader]
    /// OpenAPI links: operations this response's values feed.
    public var links: [ResponseLink]

    /// A response.
    public init(
        status: String, description: String?, content: [MediaTypeContent], headers: [ResponseHeader],
        links: [ResponseLink] = []
    ) {
        self.status = status
        self.description = description
        self.content = content
        self.headers = headers
        self.links = links
    }
}

/// An OpenAPI link: an operation that can be called with values from a response.
public struct ResponseLink: Sendable, Hashable, Codable {
    /// The link's name.
    public var name: String
    /// The linked operation's id.
    public var operationID: String
    /// Arguments by parameter name: runtime expressions (`$response.body#/id`, `$request.path.id`) or constants.
    public var parameters: [String: JSONValue]
    /// What the link is for.
    public var description: String?

    /// A link.
    public init(name: String, operationID: String, parameters: [String: JSONValue], description: String?) {
        self.name = name
        self.operationID = operationID
        self.parameters = parameters
        self.description = description
    }
}

/// A body in one media type.
public struct MediaTypeContent: Sendable, Hashable, Codable {
    /// Such as `application/json`.
    public var mediaType: String
    /// Its JSON Schema, when documented.
    public var schema: JSONValue?
    /// Named examples (`example` becomes the one named `default`).
    public var examples: [NamedExample]

    /// Content of one media type.
    public init(mediaType: String, schema: JSONValue?, examples: [NamedExample]) {
        self.mediaType = mediaType
        self.schema = schema
        self.examples = examples
    }
}

/// An example value with its name.
public struct NamedExample: Sendable, Hashable, Codable {
    /// The example's name.
    public var name: String
    /// The value.
    public var value: JSONValue

    /// A named example.
    public init(name: String, value: JSONValue) {
        self.name = name
        self.value = value
    }
}

/// A documented response header.
public struct ResponseHeader: Sendable, Hashable, Codable {
    /// The header name.
    public var name: String
    /// What it carries.
    public var description: String?
    /// Its JSON Schema.
    public var schema: JSONValue?

    /// A response header.
    public init(name: String, description: String?, schema: JSONValue?) {
        self.name = name
        self.description = description
        self.schema = schema
    }
}
