/// Computes operation fingerprints: SHA-256 over an operation's normalized contract.
///
/// The contract is the operation's method, path, summary, description, tags, parameters, request body, responses,
/// security and servers in canonical JSON, followed by the name and digest of every schema component it reaches
/// through `$ref` (transitively). Where the operation is declared does not count, so editing one operation changes
/// exactly its fingerprint, and editing a shared schema changes the fingerprints of exactly the operations using it.
public struct OperationFingerprint {
    private let componentDigests: [String: String]
    private let componentReferences: [String: [String]]

    /// A calculator for the operations of one API, whose schema components are given by name.
    public init(components: [String: JSONValue]) {
        componentDigests = components.mapValues { Digest.sha256Hex($0.canonicalData) }
        componentReferences = components.mapValues(SchemaReferences.names)
    }

    /// The fingerprint of `operation`, `sha256:…`.
    public func fingerprint(of operation: APIOperation) -> String {
        var contract = operation
        contract.fingerprint = ""
        contract.source = nil
        var bytes = ModelCoding.canonicalJSON(contract)
        for name in referencedComponents(of: operation) {
            bytes.append(0x0A)
            bytes.append(contentsOf: Array(name.utf8))
            bytes.append(0x3D)
            bytes.append(contentsOf: Array((componentDigests[name] ?? "").utf8))
        }
        return "sha256:" + Digest.sha256Hex(bytes)
    }

    /// The names of the components an operation reaches, sorted.
    public func referencedComponents(of operation: APIOperation) -> [String] {
        SchemaReferences.components(reachedBy: operation, references: componentReferences)
    }
}

/// Finds the bundle component references in a schema.
public enum SchemaReferences {
    /// The names of the components an operation reaches through `$ref`, transitively, sorted; `references` gives the
    /// names each component refers to directly (``names(in:)`` of each).
    public static func components(reachedBy operation: APIOperation, references: [String: [String]]) -> [String] {
        var pending: [String] = []
        var schemas: [JSONValue] = operation.parameters.map(\.schema)
        schemas += operation.requestBody?.content.compactMap(\.schema) ?? []
        for response in operation.responses {
            schemas += response.content.compactMap(\.schema)
            schemas += response.headers.compactMap(\.schema)
        }
        for schema in schemas { pending += names(in: schema) }
        var seen = Set<String>()
        while let name = pending.popLast() {
            guard seen.insert(name).inserted else { continue }
            pending += references[name] ?? []
        }
        return seen.sorted()
    }

    /// Component names referenced directly by `$ref` anywhere in `value`.
    public static func names(in value: JSONValue) -> [String] {
        var names: [String] = []
        collect(value, into: &names)
        return names
    }

    private static func collect(_ value: JSONValue, into names: inout [String]) {
        switch value {
        case .object(let object):
            for member in object.members {
                if member.key == "$ref", let reference = member.value.stringValue,
                   let name = SchemaComponent.name(fromReference: reference) {
                    names.append(name)
                } else {
                    collect(member.value, into: &names)
                }
            }
        case .array(let elements):
            for element in elements { collect(element, into: &names) }
        default:
            break
        }
    }
}
