import HandbookModel

/// Short text renderings of `execute` results: the structured content holds the whole result, so the text says what
/// happened, shows the start of the body and points to the structured content for the rest.
enum ResultText {
    /// Characters of the body shown in the text.
    static let bodyPreviewCharacters = 1000

    /// The text of one operation's result.
    static func execution(_ result: ExecutionResult, shape: String?) -> String {
        var head = result
        head.body = nil
        var lines = head.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trace = lines.popLast() ?? "trace \(result.traceID)"
        if let body = result.body {
            let rendered = body.serialized
            let label = shape.map { "shaped by \($0)" } ?? "body"
            // The preview's end, found without counting every character of a large body.
            let end = rendered.index(rendered.startIndex, offsetBy: bodyPreviewCharacters, limitedBy: rendered.endIndex)
            if let end, end < rendered.endIndex {
                lines.append(String(rendered[..<end]) + "…")
                lines.append("(\(label): \(rendered.utf8.count) bytes; the whole result is in the structured content)")
            } else {
                lines.append(rendered)
            }
        }
        lines.append(trace)
        return lines.joined(separator: "\n")
    }
}
