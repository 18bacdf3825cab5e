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
        // The text ends with the trace line, which goes last again, after the body.
        let text = head.text
        let traceStart =
            text.utf8.lastIndex(of: UInt8(ascii: "\n")).map { text.utf8.index(after: $0) } ?? text.startIndex
        var lines = traceStart > text.startIndex ? [String(text[..<text.utf8.index(before: traceStart)])] : []
        let trace = String(text[traceStart...])
        if let body = result.body {
            let rendered = body.serialized
            let label = shape.map { "shaped by \($0)" } ?? "body"
            let end = previewEnd(of: rendered)
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

    /// Where the preview of a serialized body ends (`nil`: the body is shorter), found without counting every
    /// character of a large body. An ASCII start is measured in bytes, without grapheme breaking: serialized JSON
    /// escapes control characters, so each of its ASCII bytes is one character (unless a combining mark follows).
    private static func previewEnd(of rendered: String) -> String.Index? {
        let utf8 = rendered.utf8
        guard let end = utf8.index(utf8.startIndex, offsetBy: bodyPreviewCharacters, limitedBy: utf8.endIndex) else {
            return nil  // fewer bytes than characters to show
        }
        if utf8[..<end].allSatisfy({ $0 < 0x80 }), end == utf8.endIndex || utf8[end] < 0x80 { return end }
        return rendered.index(rendered.startIndex, offsetBy: bodyPreviewCharacters, limitedBy: rendered.endIndex)
    }
}
