import Foundation
import HandbookModel

/// One parsed spec file.
struct SpecDocument: Sendable {
    /// The file.
    let file: SourceFile
    /// Its parsed tree.
    let root: SourceNode
}

/// The files of one API description: the root spec and every file its `$ref`s reach, all parsed.
struct SpecDocumentSet: Sendable {
    /// The root spec's absolute path.
    let rootPath: String
    /// Every parsed file by absolute path.
    let documents: [String: SpecDocument]

    /// The root document.
    var root: SpecDocument { documents[rootPath]! }

    /// Where a `$ref` points: the target document and the JSON pointer inside it.
    struct Target: Hashable, Sendable {
        /// Absolute path of the document.
        let documentPath: String
        /// The JSON pointer (`/components/schemas/Pet`), empty for the whole document.
        let pointer: String
    }

    /// Splits a `$ref` written in `documentPath` into its absolute target; `nil` for remote (URL) references.
    static func target(of reference: String, from documentPath: String) -> Target? {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let filePart = String(parts[0])
        let pointer = parts.count > 1 ? String(parts[1]) : ""
        if filePart.isEmpty { return Target(documentPath: documentPath, pointer: pointer) }
        if filePart.contains("://") { return nil }
        let decoded = filePart.removingPercentEncoding ?? filePart
        let base = URL(fileURLWithPath: documentPath).deletingLastPathComponent()
        let absolute = decoded.hasPrefix("/") ? URL(fileURLWithPath: decoded) : base.appendingPathComponent(decoded)
        return Target(documentPath: absolute.standardizedFileURL.path, pointer: pointer)
    }

    /// The node a target points at, or `nil` when the document or the pointer does not exist.
    func node(at target: Target) -> SourceNode? {
        guard let document = documents[target.documentPath] else { return nil }
        var node = document.root
        guard !target.pointer.isEmpty else { return node }
        for token in JSONPointer.tokens(target.pointer, percentDecoded: true) {
            switch node.value {
            case .mapping:
                guard let next = node[token] else { return nil }
                node = next
            case .sequence(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                node = elements[index]
            case .scalar:
                return nil
            }
        }
        return node
    }
}
