import HandbookModel

/// Follows `$ref` chains of non-schema objects (path items, operations, parameters, responses, …) across files.
struct ReferenceResolver {
    let documents: SpecDocumentSet
    let diagnostics: DiagnosticCollector

    /// A node together with the file it is in (relative `$ref`s inside it are relative to that file).
    struct Located {
        let node: SourceNode
        let path: String
    }

    /// The object `node` stands for: itself, or what its `$ref` (chain) points at. `nil` when the reference is broken.
    func resolve(_ node: SourceNode, in path: String) -> Located? {
        var current = Located(node: node, path: path)
        var seen = Set<SpecDocumentSet.Target>()
        while let reference = current.node["$ref"]?.string {
            guard let target = SpecDocumentSet.target(of: reference, from: current.path) else { return nil }
            guard seen.insert(target).inserted else {
                diagnostics.error("spec.ref-cycle", "$ref '\(reference)' leads back to itself",
                                  at: location(current.node, current.path))
                return nil
            }
            guard let next = documents.node(at: target) else {
                if documents.documents[target.documentPath] != nil {
                    diagnostics.error("spec.unresolved-ref", "$ref '\(reference)' points at nothing",
                                      at: location(current.node["$ref"] ?? current.node, current.path),
                                      hint: "check the JSON pointer after '#'")
                }
                return nil
            }
            current = Located(node: next, path: target.documentPath)
        }
        return current
    }

    /// The display location of a node in a document.
    func location(_ node: SourceNode, _ path: String) -> SourceLocation {
        node.location(in: documents.documents[path]?.file.displayPath ?? path)
    }
}
