import HandbookModel
import Retrieval

/// Turns operations and doc sections into search documents, each with the text for the lexical index and the
/// shorter text its embedding is computed from.
///
/// An operation's lexical text holds its method and path, id, summary (twice, as the title), description, tags,
/// parameter names and descriptions, request and response field names, the headings of the doc sections about it
/// (that mention it, or for sections mentioning none, whose page lists it), and the handbook's sentences that name it (document expansion: "`getCustomerSummary` answers 'how much
/// has Globex bought?'" teaches lexical search what the operation is for in the team's own words; only words the
/// operation's text lacks are added, so expansion bridges vocabulary without skewing term frequencies). Long doc sections are split into chunks of ``chunkWordBudget`` words.
struct SearchDocumentBuilder {
    /// A search document and the text to embed for it.
    struct Unit {
        var document: SearchDocument
        var embeddingText: String
    }

    /// Words per chunk of a long doc section (MiniLM reads at most 128 word pieces).
    static let chunkWordBudget = 90

    let handbook: CompiledHandbook

    /// Every unit: operations (by id), plan templates (by id), then doc sections in page order.
    func build() -> [Unit] {
        var components: [String: [String: JSONValue]] = [:]
        for schema in handbook.schemas { components[schema.apiID, default: [:]][schema.name] = schema.schema }
        var sectionTitles: [String: [String]] = [:]
        for section in handbook.docSections {
            for operation in section.relatedOperations { sectionTitles[operation, default: []].append(section.title) }
        }
        let namingSentences = DocSentences(operations: handbook.operations, sections: handbook.docSections)
        let pathWords = handbook.operations.map { SearchText.words($0.path) }
        let compounds = CompoundPathWords(pathWords: pathWords)
        let operations = zip(handbook.operations, pathWords).map { operation, words in
            operationUnit(operation, components: components[operation.apiID] ?? [:],
                          sectionTitles: sectionTitles[operation.id] ?? [],
                          docSentences: namingSentences.naming(operation.id),
                          pathWordParts: compounds.parts(of: words))
        }
        return operations + handbook.planTemplates.map(planUnit) + handbook.docSections.flatMap(docUnits)
    }

    private func planUnit(_ template: PlanTemplate) -> Unit {
        let document = SearchDocument(
            kind: .plan, target: template.id, apiID: nil, tags: [], related: template.operations, title: template.title,
            text: SearchText.indexable(([template.title, template.title, template.description] + template.exampleRequests
                + template.operations).joined(separator: "\n")))
        return Unit(document: document, embeddingText: ([template.title] + template.exampleRequests).joined(separator: ". "))
    }

    private func operationUnit(
        _ operation: APIOperation, components: [String: JSONValue], sectionTitles: [String], docSentences: [String],
        pathWordParts: String
    ) -> Unit {
        let fields = FieldNames(components: components)
        let title = operation.summary ?? SearchText.words(operation.id).joined(separator: " ")
        var lines = [
            "\(operation.method) \(operation.path) \(pathWordParts)",
            operation.id,
            title,
            Self.clipped(operation.description ?? "", characters: 1500),
            operation.tags.joined(separator: " "),
        ]
        for parameter in operation.parameters {
            lines.append("\(parameter.name) \(Self.clipped(parameter.description ?? "", characters: 200))")
        }
        if let body = operation.requestBody?.content.first?.schema {
            lines.append(fields.names(of: body).joined(separator: " "))
        }
        if let success = operation.responses.first(where: { $0.status.hasPrefix("2") }),
           let schema = success.content.first?.schema {
            lines.append(fields.names(of: schema).joined(separator: " "))
        }
        lines += sectionTitles
        lines.append(Self.newWords(in: docSentences, beyond: lines))
        let parameters = operation.parameters.map(\.name).joined(separator: ", ")
        var embedding = "\(title). \(Self.firstSentences(operation.description ?? "", characters: 300))"
        embedding += " \(operation.method) \(SearchText.words(operation.path).joined(separator: " "))."
        if !parameters.isEmpty { embedding += " Parameters: \(parameters)." }
        let document = SearchDocument(
            kind: .operation, target: operation.id, apiID: operation.apiID, method: operation.method,
            path: operation.path, tags: operation.tags, title: title,
            text: SearchText.indexable(([title] + lines).joined(separator: "\n")))
        return Unit(document: document, embeddingText: embedding)
    }

    private func docUnits(_ section: DocSection) -> [Unit] {
        let title = section.title == section.pageTitle ? section.title : "\(section.pageTitle) › \(section.title)"
        let words = section.text.split(whereSeparator: \.isWhitespace)
        let chunks = stride(from: 0, to: max(words.count, 1), by: Self.chunkWordBudget).map { start in
            words[start..<min(start + Self.chunkWordBudget, words.count)].joined(separator: " ")
        }
        return chunks.enumerated().map { index, chunk in
            var document = SearchDocument(
                kind: .doc, target: section.id, apiID: nil, tags: [], related: section.relatedOperations, title: title,
                text: SearchText.indexable(([title, title, chunk] + section.operations).joined(separator: "\n")))
            if chunks.count > 1 { document.id += "~\(index + 1)" }
            return Unit(document: document, embeddingText: "\(title). \(chunk)")
        }
    }

    /// The words of `sentences` that `text` does not contain, each once, in order.
    static func newWords(in sentences: [String], beyond text: [String]) -> String {
        var known = Set(text.flatMap(SearchText.words))
        return sentences.flatMap(SearchText.words).filter { known.insert($0).inserted }.joined(separator: " ")
    }

    static func clipped(_ text: String, characters: Int) -> String {
        text.count <= characters ? text : String(text.prefix(characters))
    }

    /// The first sentences of a text up to about `characters` characters.
    static func firstSentences(_ text: String, characters: Int) -> String {
        let clippedText = clipped(text.replacingOccurrences(of: "\n", with: " "), characters: characters)
        guard clippedText.count == characters, let end = clippedText.lastIndex(of: ".") else { return clippedText }
        return String(clippedText[...end])
    }
}

/// Collects property names of a schema, following component references one level deep (and into array items).
struct FieldNames {
    let components: [String: JSONValue]

    func names(of schema: JSONValue) -> [String] {
        var names: [String] = []
        collect(schema, depth: 0, into: &names)
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    private func collect(_ schema: JSONValue, depth: Int, into names: inout [String]) {
        guard depth < 3 else { return }
        if let reference = schema["$ref"]?.stringValue, let name = SchemaComponent.name(fromReference: reference),
           let target = components[name] {
            collect(target, depth: depth + 1, into: &names)
            return
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for member in schema[key]?.arrayValue ?? [] { collect(member, depth: depth, into: &names) }
        }
        if let items = schema["items"] { collect(items, depth: depth + 1, into: &names) }
        for property in schema["properties"]?.objectValue?.keys ?? [] where names.count < 60 {
            names.append(property)
        }
    }
}

extension DocSection {
    /// The operations a section is about: those its text mentions, or when it mentions none, those its page lists.
    var relatedOperations: [String] { mentions.isEmpty ? operations : mentions }
}
