import HandbookModel

/// Where the bindings of a handbook-authored plan template (a test with steps, an Arazzo workflow) are written, so
/// the plan stage can point its diagnostics at them. Derived templates (lookup chains, links) have none.
struct PlanSourceMap: Sendable {
    /// The template as a whole: the test or the workflow.
    var template: SourceLocation
    /// Step id → JSON Pointer into the step's arguments (`""` for the step itself, `/customer_id`, `/body/petId`) →
    /// where that argument is written.
    var arguments: [String: [String: SourceLocation]] = [:]

    /// The closest recorded location of an argument: its own, else its nearest recorded parent's, else the step's,
    /// else the template's.
    func location(step: String, pointer: String) -> SourceLocation {
        guard let recorded = arguments[step] else { return template }
        var current = pointer
        while true {
            if let location = recorded[current] { return location }
            guard let slash = current.lastIndex(of: "/") else { return template }
            current = String(current[..<slash])
        }
    }

    /// Records the locations of `node` and, for mappings and sequences, of everything inside it, starting at
    /// `pointer`.
    static func record(_ node: SourceNode, at pointer: String, in file: SourceFile, into locations: inout [String: SourceLocation]) {
        locations[pointer] = file.location(node)
        switch node.value {
        case .mapping(let entries):
            for entry in entries {
                record(entry.value, at: pointer + "/" + JSONPointer.escape(entry.key), in: file, into: &locations)
            }
        case .sequence(let elements):
            for (index, element) in elements.enumerated() {
                record(element, at: pointer + "/\(index)", in: file, into: &locations)
            }
        case .scalar:
            break
        }
    }
}
