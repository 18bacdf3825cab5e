import HandbookModel

/// Compares two versions of one operation's contract and classifies every difference.
///
/// The comparison covers the operation's identity (method, path), parameters, request body, responses (statuses,
/// media types, headers, body schemas), security requirements, deprecation and documentation. Schemas are compared
/// with their `$ref`s resolved against each version's components; docs/diff.md lists every rule.
public enum ContractComparison {
    /// Every change from `old` to `new` of one operation (same operation id), classified.
    public static func changes(from old: OperationContract, to new: OperationContract) -> [ContractChange] {
        changes(
            from: old.operation, to: new.operation,
            schemas: SchemaComparator(old: old.components, new: new.components))
    }

    /// The changes, with a schema comparator shared by the operations of one API pair (the components' changes are
    /// found once).
    static func changes(from old: APIOperation, to new: APIOperation, schemas: SchemaComparator) -> [ContractChange] {
        if !old.fingerprint.isEmpty, old.fingerprint == new.fingerprint { return [] }
        let comparison = OperationComparison(old: old, new: new, schemas: schemas)
        comparison.compareIdentity()
        comparison.compareParameters()
        comparison.compareRequestBody()
        comparison.compareResponses()
        comparison.compareSecurity()
        comparison.compareDocumentation()
        return comparison.changes
    }
}

/// The comparison of one operation's two versions, collecting its changes; each part lives in its own file.
final class OperationComparison {
    /// The old version.
    let old: APIOperation
    /// The new version.
    let new: APIOperation
    /// Compares the schemas.
    private let schemas: SchemaComparator
    /// The changes found so far.
    private(set) var changes: [ContractChange] = []
    /// Component pairs whose changes were reported already (each is reported where it is first reached).
    private var reportedComponents: Set<SchemaComparator.ReferencePair> = []

    init(old: APIOperation, new: APIOperation, schemas: SchemaComparator) {
        self.old = old
        self.new = new
        self.schemas = schemas
    }

    /// Records a change.
    func record(_ rule: ChangeRule, location: String, message: String) {
        changes.append(ContractChange(rule, location: location, message: message))
    }

    /// Records the changes between the schemas of one place in the operation. A webhook's request is written by the
    /// API and its response by the receiver, so their schemas are compared in the other direction.
    func compareSchemas(_ oldSchema: JSONValue, _ newSchema: JSONValue, at site: SchemaSite) {
        var site = site
        if new.webhook != nil { site.direction = site.direction.reversed }
        changes += schemas.changes(from: oldSchema, to: newSchema, at: site, reported: &reportedComponents)
    }

    /// Method and path.
    func compareIdentity() {
        if old.method.uppercased() != new.method.uppercased() {
            record(
                .operationMethodChanged, location: "method",
                message: "method changed from \(old.method) to \(new.method)")
        }
        if Self.pathShape(old.path) != Self.pathShape(new.path) {
            record(
                .operationPathChanged, location: "path",
                message: "path changed from \(old.path) to \(new.path)")
        }
    }

    /// A path template with its parameter names left out, such as `/customers/{}`: renaming a path parameter does
    /// not change the URLs (the parameter comparison reports it as `request-path-parameter-renamed`).
    static func pathShape(_ path: String) -> String {
        var shape = ""
        var inParameter = false
        for character in path {
            switch character {
            case "{":
                inParameter = true
                shape.append("{")
            case "}":
                inParameter = false
                shape.append("}")
            default: if !inParameter { shape.append(character) }
            }
        }
        return shape
    }

    /// Deprecation, servers, and the documentation-only parts (reported as one compatible change).
    func compareDocumentation() {
        if old.deprecated != new.deprecated {
            if new.deprecated {
                record(.operationDeprecated, location: "operation", message: "the operation was deprecated")
            } else {
                record(
                    .operationReactivated, location: "operation",
                    message: "the operation is no longer deprecated")
            }
        }
        if old.servers != new.servers {
            record(
                .operationServersChanged, location: "servers",
                message: "servers changed from \(Self.list(old.servers)) to \(Self.list(new.servers))")
        }
        var parts: [String] = []
        if old.summary != new.summary { parts.append("summary") }
        if old.description != new.description { parts.append("description") }
        if old.tags != new.tags { parts.append("tags") }
        if Self.differ(Self.parameterDocumentation(old), Self.parameterDocumentation(new)) {
            parts.append("parameter documentation")
        }
        if old.requestBody?.description != new.requestBody?.description { parts.append("request body description") }
        if Self.differ(Self.responseDocumentation(old), Self.responseDocumentation(new)) {
            parts.append("response documentation")
        }
        if Self.examples(old) != Self.examples(new) { parts.append("examples") }
        guard !parts.isEmpty else { return }
        record(
            .operationDocumentationChanged, location: "documentation",
            message: "documentation changed: \(parts.joined(separator: ", "))")
    }

    private static func list(_ values: [String]) -> String {
        values.isEmpty ? "(the API's)" : values.joined(separator: ", ")
    }

    /// Whether documentation differs for something both versions have (what was added or removed is reported as such).
    private static func differ(_ old: [String: String], _ new: [String: String]) -> Bool {
        old.contains { key, text in new[key].map { $0 != text } ?? false }
    }

    private static func parameterDocumentation(_ operation: APIOperation) -> [String: String] {
        Dictionary(
            operation.parameters.map { ($0.name.lowercased(), $0.description ?? "") },
            uniquingKeysWith: { first, _ in first })
    }

    private static func responseDocumentation(_ operation: APIOperation) -> [String: String] {
        var documentation: [String: String] = [:]
        for response in operation.responses {
            documentation[response.status] = response.description ?? ""
            for header in response.headers {
                documentation["\(response.status) \(header.name)"] = header.description ?? ""
            }
            for link in response.links { documentation["\(response.status) link \(link.name)"] = link.operationID }
        }
        return documentation
    }

    private static func examples(_ operation: APIOperation) -> [JSONValue] {
        var examples = operation.parameters.compactMap(\.example)
        let contents = (operation.requestBody?.content ?? []) + operation.responses.flatMap(\.content)
        for content in contents { examples += content.examples.map(\.value) }
        return examples
    }
}
