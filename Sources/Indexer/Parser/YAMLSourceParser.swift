import CLibYAML
import HandbookModel

/// Parses YAML (and JSON, a subset of it) into ``SourceNode``s with libyaml's event API.
///
/// Anchors and aliases are expanded, `<<` merge keys are applied, and only the first document of a stream is read.
/// Syntax errors carry libyaml's line and column.
enum YAMLSourceParser {
    /// A syntax error at a 1-based line and column.
    struct SyntaxError: Error, Sendable {
        let message: String
        let line: Int
        let column: Int
    }

    private enum Frame {
        case mapping(entries: [SourceMappingEntry], pendingKey: SourceNode?, anchor: String?, line: Int32, column: Int32)
        case sequence(elements: [SourceNode], anchor: String?, line: Int32, column: Int32)
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
            return Result { () throws(SyntaxError) in try buildTree(&parser, lineOffset: Int32(lineOffset)) }
        }
        return try result.get()
    }

    private static func buildTree(_ parser: inout yaml_parser_t, lineOffset: Int32) throws(SyntaxError) -> SourceNode {
        var stack: [Frame] = []
        var anchors: [String: SourceNode] = [:]
        var root: SourceNode?
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError(parser, lineOffset: lineOffset) }
            defer { yaml_event_delete(&event) }
            let line = Int32(event.start_mark.line) + 1 + lineOffset
            let column = Int32(event.start_mark.column) + 1
            var completed: (node: SourceNode, anchor: String?)?
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root ?? SourceNode(.scalar("", isPlain: true), line: 1, column: 1)
            case YAML_DOCUMENT_END_EVENT:
                if let root { return root }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = string(scalar.value, length: scalar.length)
                let tag = scalar.tag.map { String(cString: $0) }
                let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE && tag != "tag:yaml.org,2002:str"
                completed = (SourceNode(.scalar(text, isPlain: isPlain), line: line, column: column),
                             scalar.anchor.map { String(cString: $0) })
            case YAML_ALIAS_EVENT:
                let name = String(cString: event.data.alias.anchor)
                guard let target = anchors[name] else {
                    throw SyntaxError(message: "unknown alias '*\(name)'", line: Int(line), column: Int(column))
                }
                completed = (target, nil)
            case YAML_MAPPING_START_EVENT:
                let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
                stack.append(.mapping(entries: [], pendingKey: nil, anchor: anchor, line: line, column: column))
            case YAML_SEQUENCE_START_EVENT:
                let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
                stack.append(.sequence(elements: [], anchor: anchor, line: line, column: column))
            case YAML_MAPPING_END_EVENT:
                guard case .mapping(let entries, _, let anchor, let startLine, let startColumn) = stack.popLast() else {
                    break
                }
                completed = (SourceNode(.mapping(applyingMergeKeys(entries)), line: startLine, column: startColumn),
                             anchor)
            case YAML_SEQUENCE_END_EVENT:
                guard case .sequence(let elements, let anchor, let startLine, let startColumn) = stack.popLast() else {
                    break
                }
                completed = (SourceNode(.sequence(elements), line: startLine, column: startColumn), anchor)
            default:
                break
            }
            guard let (node, anchor) = completed else { continue }
            if let anchor { anchors[anchor] = node }
            switch stack.popLast() {
            case nil:
                root = node
            case .mapping(var entries, let pendingKey, let anchor, let startLine, let startColumn):
                if let pendingKey {
                    entries.append(SourceMappingEntry(key: keyText(pendingKey), keyNode: pendingKey, value: node))
                    stack.append(.mapping(entries: entries, pendingKey: nil, anchor: anchor, line: startLine,
                                          column: startColumn))
                } else {
                    stack.append(.mapping(entries: entries, pendingKey: node, anchor: anchor, line: startLine,
                                          column: startColumn))
                }
            case .sequence(var elements, let anchor, let startLine, let startColumn):
                elements.append(node)
                stack.append(.sequence(elements: elements, anchor: anchor, line: startLine, column: startColumn))
            }
        }
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
        var own = Set<String>()
        for entry in entries where !(entry.key == "<<" && entry.keyNode.isPlainScalar) { own.insert(entry.key) }
        for entry in entries {
            guard entry.key == "<<", entry.keyNode.isPlainScalar else {
                result.append(entry)
                continue
            }
            let sources = entry.value.elements ?? [entry.value]
            for source in sources {
                for merged in source.entries ?? [] where !own.contains(merged.key) {
                    if !result.contains(where: { $0.key == merged.key }) { result.append(merged) }
                }
            }
        }
        return result
    }

    private static func syntaxError(_ parser: yaml_parser_t, lineOffset: Int32) -> SyntaxError {
        var message = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
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
