import HandbookModel

/// One `redact` entry of a policy, ready to apply to response bodies.
///
/// Member names match in every case variant (see ``FieldName``): `ssn` also removes `SSN`.
/// A plain name (no dot) removes that member from every object at any depth, inside arrays too. A dotted path
/// (`customer.phone`, `items.*.phone`, `items.0.phone`) removes exactly the locations it selects: a numeric segment
/// indexes arrays, `*` selects every element or member, and — so that a list response cannot leak what the path
/// names — a member name that meets an array applies to each of its elements (`items.phone` = `items.*.phone`).
/// A path ending in an index or `*` on an array removes those elements.
enum Redaction: Sendable, Hashable {
    /// Remove this member name wherever it appears.
    case name(String)
    /// Remove exactly what the path selects.
    case path([PathSegment])

    /// Reads a `redact` entry.
    init(_ entry: String) {
        self = entry.contains(".") ? .path(PathSegment.parse(entry)) : .name(entry)
    }

    /// Removes what this entry selects from `body`, appending the removed locations as JSON Pointers
    /// (into the body as it was before this entry was applied) to `removed`.
    func apply(to body: inout JSONValue, removed: inout [String]) {
        let changed: JSONValue?
        switch self {
        case .name(let name): changed = Self.removing(name: name, from: body, pointer: "", removed: &removed)
        case .path(let segments): changed = Self.removing(segments[...], from: body, pointer: "", removed: &removed)
        }
        if let changed { body = changed }
    }

    /// The value without `name` at any depth, or `nil` when nothing was removed.
    private static func removing(name: String, from value: JSONValue, pointer: String, removed: inout [String])
        -> JSONValue?
    {
        switch value {
        case .object(var object):
            var changed = false
            for member in object {
                let memberPointer = pointer + "/" + JSONPointer.escape(member.key)
                if FieldName.matches(member.key, name) {
                    object[member.key] = nil
                    removed.append(memberPointer)
                    changed = true
                } else if let child = removing(
                    name: name, from: member.value, pointer: memberPointer, removed: &removed
                ) {
                    object[member.key] = child
                    changed = true
                }
            }
            return changed ? .object(object) : nil
        case .array(var elements):
            var changed = false
            for index in elements.indices {
                let elementPointer = pointer + "/" + String(index)
                if let child = removing(name: name, from: elements[index], pointer: elementPointer, removed: &removed) {
                    elements[index] = child
                    changed = true
                }
            }
            return changed ? .array(elements) : nil
        default:
            return nil
        }
    }

    /// The value without what `segments` selects, or `nil` when nothing was removed.
    private static func removing(
        _ segments: ArraySlice<PathSegment>, from value: JSONValue, pointer: String, removed: inout [String]
    ) -> JSONValue? {
        guard let segment = segments.first else { return nil }
        let rest = segments.dropFirst()
        switch (value, segment) {
        case (.object(var object), _):
            // `*` removes every member; a name, every member with that name in any letter case.
            var changed = false
            for member in object {
                if case .key(let name, _) = segment, !FieldName.matches(member.key, name) { continue }
                let memberPointer = pointer + "/" + JSONPointer.escape(member.key)
                if rest.isEmpty {
                    object[member.key] = nil
                    removed.append(memberPointer)
                    changed = true
                } else if let child = removing(rest, from: member.value, pointer: memberPointer, removed: &removed) {
                    object[member.key] = child
                    changed = true
                }
            }
            return changed ? .object(object) : nil
        case (.array(var elements), .key(_, let index?)):
            guard index < elements.count else { return nil }
            let elementPointer = pointer + "/" + String(index)
            if rest.isEmpty {
                elements.remove(at: index)
                removed.append(elementPointer)
            } else if let child = removing(rest, from: elements[index], pointer: elementPointer, removed: &removed) {
                elements[index] = child
            } else {
                return nil
            }
            return .array(elements)
        case (.array(let elements), .wildcard) where rest.isEmpty:
            guard !elements.isEmpty else { return nil }
            removed.append(contentsOf: elements.indices.map { pointer + "/" + String($0) })
            return .array([])
        case (.array(var elements), _):
            // `*` before more segments, or a member name applied to each element.
            let elementSegments = segment == .wildcard ? rest : segments
            var changed = false
            for index in elements.indices {
                let elementPointer = pointer + "/" + String(index)
                if let child = removing(
                    elementSegments, from: elements[index], pointer: elementPointer, removed: &removed
                ) {
                    elements[index] = child
                    changed = true
                }
            }
            return changed ? .array(elements) : nil
        default:
            return nil
        }
    }
}
