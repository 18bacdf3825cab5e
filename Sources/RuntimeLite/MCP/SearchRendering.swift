import HandbookModel

/// The short text form of a search answer, one line per result.
enum SearchRendering {
    static func text(_ result: JSONValue) -> String {
        let hits = result["results"]?.arrayValue ?? []
        guard !hits.isEmpty else { return "no matches" }
        var lines = hits.map { hit -> String in
            let id = hit["id"]?.stringValue ?? ""
            var line = hit["kind"]?.stringValue == "operation"
                ? "\(hit["method"]?.stringValue ?? "") \(hit["path"]?.stringValue ?? "")  \(id)"
                : "doc \(id)"
            if let title = hit["title"]?.stringValue { line += " — \(title)" }
            return line
        }
        if let next = result["nextOffset"]?.doubleValue { lines.append("more: offset \(Int(next))") }
        return lines.joined(separator: "\n")
    }
}
