import HandbookModel

/// Knows which schemas are the same in both versions, including every component they reach, so the comparison can
/// skip them. Answers are remembered per component name, so one instance serves all operations of an API.
final class ComponentEquivalence {
    private let old: [String: JSONValue]
    private let new: [String: JSONValue]
    private var unchanged: [String: Bool] = [:]

    /// Equivalence between the components of two versions of an API.
    init(old: [String: JSONValue], new: [String: JSONValue]) {
        self.old = old
        self.new = new
    }

    /// Whether two schemas are equal and every component they reach is unchanged.
    func isIdentical(_ oldSchema: JSONValue, _ newSchema: JSONValue) -> Bool {
        oldSchema == newSchema && SchemaReferences.names(in: oldSchema).allSatisfy(isUnchanged)
    }

    /// Whether the component `name` and every component it reaches are equal in both versions.
    func isUnchanged(_ name: String) -> Bool {
        if let known = unchanged[name] { return known }
        var reached: Set<String> = [name]
        var pending = [name]
        var result = true
        while let next = pending.popLast() {
            if let known = unchanged[next] {
                if known { continue }
                result = false
                break
            }
            guard let schema = old[next], schema == new[next] else {
                result = false
                break
            }
            for reference in SchemaReferences.names(in: schema) where reached.insert(reference).inserted {
                pending.append(reference)
            }
        }
        // A failure is only known for `name`; success holds for everything reached (the closure is unchanged).
        if result {
            for member in reached { unchanged[member] = true }
        } else {
            unchanged[name] = false
        }
        return result
    }
}
