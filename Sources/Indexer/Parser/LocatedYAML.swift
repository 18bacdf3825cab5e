import Foundation
import HandbookModel

/// A YAML (or JSON) file read with the compiler's own reader, for configuration files of the command-line front end
/// (such as `hbc serve --access FILE`): every node keeps its line and column, so a command can say exactly where a
/// value is wrong, and the same hostile-input limits apply (depth, alias expansion, duplicate keys, UTF-8).
public struct LocatedYAML: Sendable {
    /// Why a file could not be read.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        /// Where: the file, and the line and column of a syntax error.
        public let location: SourceLocation
        /// What is wrong.
        public let message: String

        public var description: String { "\(location): \(message)" }
    }

    private let node: SourceNode
    /// The file the node comes from, as given.
    public let file: String

    private init(_ node: SourceNode, file: String) {
        self.node = node
        self.file = file
    }

    /// Reads the first document of the file at `path`.
    public static func read(path: String) throws(ReadError) -> LocatedYAML {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(location: SourceLocation(file: path), message: "cannot read the file (does it exist?)")
        }
        do {
            return LocatedYAML(try YAMLSourceParser.parse(Array(data)), file: path)
        } catch {
            throw ReadError(
                location: SourceLocation(file: path, line: error.line, column: error.column),
                message: error.message)
        }
    }

    /// Where the node starts.
    public var location: SourceLocation { node.location(in: file) }

    /// The node as JSON (plain scalars typed by the YAML 1.2 core schema).
    public var json: JSONValue { node.json }

    /// The string value of a scalar (not a plain `null`).
    public var string: String? { node.string }

    /// Whether the node is a mapping.
    public var isMapping: Bool { node.entries != nil }

    /// The mapping's keys in order, each with its value.
    public var entries: [(key: String, value: LocatedYAML)]? {
        node.entries?.map { ($0.key, LocatedYAML($0.value, file: file)) }
    }

    /// The list's elements.
    public var elements: [LocatedYAML]? { node.elements?.map { LocatedYAML($0, file: file) } }

    /// The value of `key`, when this is a mapping that has it.
    public subscript(key: String) -> LocatedYAML? { node[key].map { LocatedYAML($0, file: file) } }

    /// "a scalar", "a mapping" or "a list", for messages.
    public var kindName: String { node.kindName }
}
