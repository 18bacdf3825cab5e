import Synchronization

/// The decoded schema components of a bundle that calls have needed lately, so validating arguments, evaluating a
/// response, describing an operation or planning does not read and decode the same component again for every call
/// (a read and a JSON decode per `$ref`: ≈7 % of an `execute`'s CPU). A bundle never changes, so an entry never goes
/// stale; at most ``capacity`` are kept (all are dropped when full, which a working set rarely reaches): decoded
/// schemas take several times their JSON's size, and a large API has thousands of components.
public final class SchemaComponents: Sendable {
    /// Most components kept.
    public static let capacity = 128

    /// An empty cache.
    public init() {}

    /// Components by API id and name; `nil` for a name the API does not have.
    private let components = Mutex<[Key: JSONValue?]>([:])

    private struct Key: Hashable {
        var apiID: String
        var name: String
    }

    /// The schema component `name` of API `apiID`, read from `reader` unless kept (`nil` when the API has none or it
    /// cannot be read). One cache serves one bundle.
    public func component(apiID: String, name: String, reading reader: BundleReader) -> JSONValue? {
        let key = Key(apiID: apiID, name: name)
        if let kept = components.withLock({ $0[key] }) { return kept }
        let component = try? reader.schemaComponent(apiID: apiID, name: name)
        components.withLock { components in
            if components.count >= Self.capacity { components.removeAll(keepingCapacity: true) }
            components[key] = component
        }
        return component
    }

    /// The component a `$ref` to a component of API `apiID` names (`nil` for another kind of reference).
    public func component(apiID: String, reference: String, reading reader: BundleReader) -> JSONValue? {
        SchemaComponent.name(fromReference: reference).flatMap { component(apiID: apiID, name: $0, reading: reader) }
    }

    /// A resolution following the `$ref`s of API `apiID`'s schemas into these components.
    public func resolution(apiID: String, reading reader: BundleReader) -> SchemaResolution {
        SchemaResolution { self.component(apiID: apiID, reference: $0, reading: reader) }
    }

    /// A schema document resolving the references of API `apiID`'s schemas from these components.
    public func document(apiID: String, reading reader: BundleReader) -> SchemaDocument {
        SchemaDocument { self.component(apiID: apiID, name: $0, reading: reader) }
    }
}
