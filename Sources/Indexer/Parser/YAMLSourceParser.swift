import CLibYAML
import HandbookModel

/// Parses YAML (and JSON, a subset of it) into ``SourceNode``s with libyaml's event API.
///
/// Why our own reader over libyaml rather than a Codable YAML package: positions on every node, key order, duplicate
/// keys and bounded alias expansion need the events, and the system libyaml costs no compile time
/// (docs/design-decisions.md).
///
/// Anchors and aliases are expanded, `<<` merge keys are applied, and only the first document of a stream is read.
/// Syntax errors carry libyaml's line and column. Hostile input is refused with a located error: nesting deeper than
/// ``maximumDepth`` levels, aliases that expand to more nodes than ``aliasBudget(writtenNodes:)`` allows (an "alias
/// bomb"), a key written twice in one mapping, and bytes that are not UTF-8 or are control characters.
enum YAMLSourceParser {
    /// A syntax error at a 1-based line and column.
    struct SyntaxError: Error, Sendable {
        let message: String
        let line: Int
        let column: Int
    }

    /// The deepest nesting of mappings and sequences accepted, aliases included (the JSON parser's limit).
    static let maximumDepth = 512

    /// How many nodes aliases may add in total to a document in which `writtenNodes` nodes are written: at least
    /// 100,000, more for large documents (ten times what is written), so shared fragments stay usable while a few
    /// kilobytes can never expand into gigabytes.
    static func aliasBudget(writtenNodes: Int) -> Int { max(100_000, 10 * writtenNodes) }

    /// What a finished node adds to its parent: its node count (aliases expanded) and its nesting height.
    private struct Measure {
        var size = 1
        var height = 0
    }

    private struct Frame {
        enum Kind {
            case mapping(entries: [SourceMappingEntry], pendingKey: SourceNode?)
            case sequence(elements: [SourceNode])
        }

        var kind: Kind
        let anchor: String?
        let line: Int32
        let column: Int32
        /// The container's measure so far: itself plus every finished child.
        var measure = Measure(size: 1, height: 1)

        mutating func add(_ child: Measure) {
            measure.size += child.size
            measure.height = max(measure.height, child.height + 1)
        }
    }

    /// Parses the first document of `bytes`; an empty stream gives a plain empty scalar (null).
    /// `lineOffset` is added to every line (for YAML embedded in another file, such as front-matter).
    static func parse(_ bytes: [UInt8], lineOffset: Int = 0) throws(SyntaxError) -> SourceNode {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw SyntaxError(message: "cannot initialize the YAML parser", line: 1, column: 1)
        }
        defer { yaml_parser_delete(&parser) }
        let result: Result<SourceNode, SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return Result { () throws(SyntaxError) in
                try buildTree(&parser, bytes: bytes, lineOffset: Int32(lineOffset))
            }
        }
        return try result.get()
    }

    private static func buildTree(
        _ parser: inout yaml_parser_t, bytes: [UInt8], lineOffset: Int32
    ) throws(SyntaxError) -> SourceNode {
        var stack: [Frame] = []
        var anchors: [String: (node: SourceNode, measure: Measure)] = [:]
        var writtenNodes = 0
        var aliasNodes = 0
        var root: SourceNode?
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw syntaxError(parser, bytes: bytes, lineOffset: lineOffset)
            }
            defer { yaml_event_delete(&event) }
            let line = Int32(event.start_mark.line) + 1 + lineOffset
            let column = Int32(event.start_mark.column) + 1
            var completed: (node: SourceNode, anchor: String?, measure: Measure)?
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root ?? SourceNode(.scalar("", isPlain: true), line: 1, column: 1)
            case YAML_DOCUMENT_END_EVENT:
                if let root { return root }
            case YAML_SCALAR_EVENT:
                writtenNodes += 1
                let scalar = event.data.scalar
                let text = string(scalar.value, length: scalar.length)
                let tag = scalar.tag.map { String(cString: $0) }
                let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE && tag != "tag:yaml.org,2002:str"
                completed = (SourceNode(.scalar(text, isPlain: isPlain), line: line, column: column),
                             scalar.anchor.map { String(cString: $0) }, Measure())
            case YAML_ALIAS_EVENT:
                let name = String(cString: event.data.alias.anchor)
                guard let (target, measure) = anchors[name] else {
                    throw SyntaxError(message: "unknown alias '*\(name)'", line: Int(line), column: Int(column))
                }
                guard stack.count + measure.height <= maximumDepth else {
                    throw depthError(line: line, column: column)
                }
                aliasNodes += measure.size
                let budget = aliasBudget(writtenNodes: writtenNodes)
                guard aliasNodes <= budget else {
                    throw SyntaxError(
                        message: "aliases expand to more than \(budget) nodes (alias '*\(name)' adds \(measure.size)); "
                            + "write the shared content out or use fewer nested aliases",
                        line: Int(line), column: Int(column))
                }
                completed = (target, nil, measure)
            case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
                guard stack.count < maximumDepth else { throw depthError(line: line, column: column) }
                writtenNodes += 1
                if event.type == YAML_MAPPING_START_EVENT {
                    stack.append(Frame(kind: .mapping(entries: [], pendingKey: nil),
                                       anchor: event.data.mapping_start.anchor.map { String(cString: $0) },
                                       line: line, column: column))
                } else {
                    stack.append(Frame(kind: .sequence(elements: []),
                                       anchor: event.data.sequence_start.anchor.map { String(cString: $0) },
                                       line: line, column: column))
                }
            case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                guard let frame = stack.popLast() else { break }
                switch frame.kind {
                case .mapping(let entries, _):
                    if let (key, message) = entries.duplicateKey() {
                        throw SyntaxError(message: message, line: Int(key.line), column: Int(key.column))
                    }
                    completed = (SourceNode(.mapping(applyingMergeKeys(entries)), line: frame.line, column: frame.column),
                                 frame.anchor, frame.measure)
                case .sequence(let elements):
                    completed = (SourceNode(.sequence(elements), line: frame.line, column: frame.column),
                                 frame.anchor, frame.measure)
                }
            default:
                break
            }
            guard let (node, anchor, measure) = completed else { continue }
            if let anchor { anchors[anchor] = (node, measure) }
            guard var parent = stack.popLast() else {
                root = node
                continue
            }
            parent.add(measure)
            switch parent.kind {
            case .mapping(var entries, let pendingKey):
                parent.kind = .mapping(entries: [], pendingKey: nil)  // Drop the copy so `entries` is not copied.
                if let pendingKey {
                    entries.append(SourceMappingEntry(key: keyText(pendingKey), keyNode: pendingKey, value: node))
                    parent.kind = .mapping(entries: entries, pendingKey: nil)
                } else {
                    parent.kind = .mapping(entries: entries, pendingKey: node)
                }
            case .sequence(var elements):
                parent.kind = .sequence(elements: [])
                elements.append(node)
                parent.kind = .sequence(elements: elements)
            }
            stack.append(parent)
        }
    }

    private static func depthError(line: Int32, column: Int32) -> SyntaxError {
        SyntaxError(message: "nesting deeper than \(maximumDepth) levels; flatten the document or split it with $ref",
                    line: Int(line), column: Int(column))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func keyText(_ key: SourceNode) -> String {
        if let text = key.scalarText { return text }
        return key.json.serialized
    }

    /// Applies YAML merge keys (`<<: *defaults`): merged entries come first unless the mapping sets them itself.
    private static func applyingMergeKeys(_ entries: [SourceMappingEntry]) -> [SourceMappingEntry] {
        guard entries.contains(where: { $0.key == "<<" && $0.keyNode.isPlainScalar }) else { return entries }
        var result: [SourceMappingEntry] = []
        var present = Set<String>()
        for entry in entries where !(entry.key == "<<" && entry.keyNode.isPlainScalar) { present.insert(entry.key) }
        for entry in entries {
            guard entry.key == "<<", entry.keyNode.isPlainScalar else {
                result.append(entry)
                continue
            }
            let sources = entry.value.elements ?? [entry.value]
            for source in sources {
                for merged in source.entries ?? [] where present.insert(merged.key).inserted { result.append(merged) }
            }
        }
        return result
    }

    private static func syntaxError(_ parser: yaml_parser_t, bytes: [UInt8], lineOffset: Int32) -> SyntaxError {
        var message = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if parser.error == YAML_READER_ERROR {
            // Reader problems (bad UTF-8, control characters) come with a byte offset instead of a mark.
            if parser.problem_value >= 0 { message += " (0x\(String(parser.problem_value, radix: 16, uppercase: true)))" }
            let position = BytePosition(offset: parser.problem_offset, in: bytes)
            return SyntaxError(message: message, line: position.line + Int(lineOffset), column: position.column)
        }
        if let context = parser.context.map({ String(cString: $0) }) { message += " \(context)" }
        let mark = parser.problem_mark
        return SyntaxError(message: message, line: Int(mark.line) + 1 + Int(lineOffset), column: Int(mark.column) + 1)
    }
}

extension SourceNode {
    var isPlainScalar: Bool {
        if case .scalar(_, let isPlain) = value { isPlain } else { false }
    }
}
