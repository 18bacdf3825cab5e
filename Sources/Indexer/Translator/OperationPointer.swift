import HandbookModel

/// References to an operation by its place in a spec: `…#/paths/~1pets~1{id}/get`, as OpenAPI `operationRef` and
/// Arazzo `operationPath` write them.
enum OperationPointer {
    /// The path template and method a reference points at, when its fragment is `/paths/PATH/METHOD`.
    static func pathAndMethod(_ reference: String) -> (path: String, method: String)? {
        guard let hash = reference.firstIndex(of: "#") else { return nil }
        let tokens = JSONPointer.tokens(reference[reference.index(after: hash)...], percentDecoded: true)
        guard tokens.count == 3, tokens[0] == "paths" else { return nil }
        return (tokens[1], tokens[2])
    }
}
