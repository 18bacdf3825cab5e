import Foundation
import HandbookModel

/// Splits markdown pages into sections on their headings and finds the operations each section is about.
struct DocumentationTranslator {
    let operations: [APIOperation]
    let diagnostics: DiagnosticCollector
    private let operationIDs: Set<String>

    init(operations: [APIOperation], diagnostics: DiagnosticCollector) {
        self.operations = operations
        self.diagnostics = diagnostics
        operationIDs = Set(operations.map(\.id))
    }

    /// The sections of a page, and the operation names its front-matter lists.
    func translate(_ page: ParsedDocPage) -> (sections: [DocSection], references: [NamedReference]) {
        var references: [NamedReference] = []
        var frontMatterOperations: [String] = []
        var title: String?
        if let frontMatter = page.frontMatter, frontMatter.entries != nil {
            title = frontMatter["title"]?.string
            if let listed = frontMatter["operations"] {
                let elements = listed.elements ?? [listed]
                for element in elements {
                    guard let name = element.string else { continue }
                    frontMatterOperations.append(name)
                    references.append(NamedReference(name: name, location: page.file.location(element),
                                                     context: "the front-matter of \(page.file.displayPath)"))
                }
            }
        }
        let blocks = Self.split(page.body, firstLine: page.bodyFirstLine)
        let pageTitle = title ?? blocks.first(where: { $0.level == 1 })?.heading
            ?? URL(fileURLWithPath: page.file.relativePath).deletingPathExtension().lastPathComponent
        var headingPath: [(level: Int, title: String)] = []
        var usedAnchors: [String: Int] = [:]
        var sections: [DocSection] = []
        for block in blocks {
            let text = block.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            let heading = block.heading ?? pageTitle
            if block.level > 0 {
                headingPath.removeAll { $0.level >= block.level }
                headingPath.append((block.level, heading))
            }
            var anchor = block.level > 0 ? Self.anchor(for: heading) : "introduction"
            if let count = usedAnchors[anchor] {
                usedAnchors[anchor] = count + 1
                anchor += "-\(count)"
            } else {
                usedAnchors[anchor] = 1
            }
            let mentioned = mentionedOperations(in: text)
            let all = frontMatterOperations + mentioned.filter { !frontMatterOperations.contains($0) }
            sections.append(DocSection(
                id: "\(page.file.relativePath)#\(anchor)",
                file: page.file.relativePath,
                pageTitle: pageTitle,
                title: heading,
                headingPath: headingPath.map(\.title),
                level: block.level,
                text: text,
                operations: all,
                mentions: mentioned,
                ordinal: sections.count,
                line: block.line))
        }
        return (sections, references)
    }

    private struct Block {
        var heading: String?
        var level: Int
        var line: Int
        var text: String
    }

    /// Splits markdown at ATX headings outside fenced code blocks.
    private static func split(_ body: String, firstLine: Int) -> [Block] {
        var blocks = [Block(heading: nil, level: 0, line: firstLine, text: "")]
        var fence: Substring?
        for (offset, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let marker = trimmed.prefix(3)
                fence = fence == nil ? marker : (fence == marker ? nil : fence)
            }
            if fence == nil, let (level, heading) = headingOf(trimmed) {
                blocks.append(Block(heading: heading, level: level, line: firstLine + offset, text: ""))
            }
            blocks[blocks.count - 1].text += line + "\n"
        }
        return blocks
    }

    private static func headingOf(_ line: Substring) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        var title = line.dropFirst(hashes).trimmingCharacters(in: .whitespaces)
        while title.hasSuffix("#") { title = String(title.dropLast()).trimmingCharacters(in: .whitespaces) }
        return title.isEmpty ? nil : (hashes, title)
    }

    /// GitHub-style heading anchor: lower case, punctuation dropped, spaces as `-`.
    static func anchor(for heading: String) -> String {
        let kept = heading.lowercased().unicodeScalars.compactMap { scalar -> Character? in
            let character = Character(scalar)
            if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
            if character == " " { return "-" }
            return nil
        }
        let anchor = String(kept)
        return anchor.isEmpty ? "section" : anchor
    }

    /// Operations a text names by id (as a distinctive identifier or in backticks) or by `METHOD /path`.
    func mentionedOperations(in text: String) -> [String] {
        var found: [String] = []
        for token in Self.identifierTokens(in: text) where operationIDs.contains(token.text) && !found.contains(token.text) {
            let distinctive = token.text.contains { !$0.isLowercase }
            if distinctive || token.inBackticks { found.append(token.text) }
        }
        for (method, path) in Self.methodPathMentions(in: text) {
            for operation in operations where operation.method == method && Self.path(path, matches: operation.path) {
                if !found.contains(operation.id) { found.append(operation.id) }
            }
        }
        return found
    }

    private static func identifierTokens(in text: String) -> [(text: String, inBackticks: Bool)] {
        var tokens: [(String, Bool)] = []
        var current = ""
        var inBackticks = false
        func flush() {
            let token = current.trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
            if !token.isEmpty { tokens.append((token, inBackticks)) }
            current = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "_" || character == "-" || character == "." {
                current.append(character)
                continue
            }
            flush()
            if character == "`" { inBackticks.toggle() }
        }
        flush()
        return tokens
    }

    private static let httpMethods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "QUERY"]

    private static func methodPathMentions(in text: String) -> [(String, String)] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "`" })
        var mentions: [(String, String)] = []
        for (index, word) in words.enumerated() where httpMethods.contains(String(word)) && index + 1 < words.count {
            var path = String(words[index + 1])
            guard path.hasPrefix("/") else { continue }
            if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
            while let last = path.last, ".,;:)]*".contains(last) { path.removeLast() }
            mentions.append((String(word), path))
        }
        return mentions
    }

    /// Whether a written path matches a path template (`{param}` segments match any value).
    static func path(_ written: String, matches template: String) -> Bool {
        let writtenSegments = written.split(separator: "/")
        let templateSegments = template.split(separator: "/")
        guard writtenSegments.count == templateSegments.count else { return false }
        return zip(writtenSegments, templateSegments).allSatisfy { written, template in
            written == template || template.hasPrefix("{") || written.hasPrefix("{") || written.hasPrefix(":")
        }
    }
}
