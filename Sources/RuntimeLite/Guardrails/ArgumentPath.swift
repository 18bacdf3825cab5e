import HandbookModel

/// A constraint's `argument`: a dotted path into a call's arguments (parameters by name, the JSON body under `body`).
///
/// A numeric segment indexes arrays (and names an object member otherwise); `*` selects every element of an array
/// or member of an object; a member name selects every case variant of it (see ``FieldName``). Paths that lead nowhere select nothing, as does `null` on the way. A value that is neither
/// an object nor an array where the path must go deeper, or an array where the path names a member, is reported as
/// ``Target/unreachable(location:value:)`` so the caller can fail closed.
struct ArgumentPath: Sendable {
    /// What one branch of a path reaches.
    enum Target: Equatable {
        /// The value at a concrete location (`body.filters.1.value`).
        case value(location: String, JSONValue)
        /// A value the rest of the path cannot go through.
        case unreachable(location: String, JSONValue)
    }

    /// The path as written.
    let text: String
    private let segments: [PathSegment]

    /// Parses a dotted path.
    init(_ text: String) {
        self.text = text
        segments = PathSegment.parse(text)
    }

    /// Every location the path reaches in `arguments`, in argument order.
    func targets(in arguments: JSONObject) -> [Target] {
        var targets: [Target] = []
        Self.walk(.object(arguments), segments[...], location: "", into: &targets)
        return targets
    }

    private static func walk(
        _ value: JSONValue, _ rest: ArraySlice<PathSegment>, location: String, into targets: inout [Target]
    ) {
        guard let segment = rest.first else {
            targets.append(.value(location: location, value))
            return
        }
        let next = rest.dropFirst()
        switch (value, segment) {
        case (.null, _):
            return
        case (.object(let object), .wildcard):
            for member in object { walk(member.value, next, location: join(location, member.key), into: &targets) }
        case (.object(let object), .key(let name, _)):
            for member in object where FieldName.matches(member.key, name) {
                walk(member.value, next, location: join(location, member.key), into: &targets)
            }
        case (.array(let elements), .wildcard):
            for (index, element) in elements.enumerated() {
                walk(element, next, location: join(location, String(index)), into: &targets)
            }
        case (.array(let elements), .key(let name, let index?)):
            if index < elements.count { walk(elements[index], next, location: join(location, name), into: &targets) }
        default:
            targets.append(.unreachable(location: location, value))
        }
    }

    private static func join(_ location: String, _ segment: String) -> String {
        location.isEmpty ? segment : location + "." + segment
    }
}
