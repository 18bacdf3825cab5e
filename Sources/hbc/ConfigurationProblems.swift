import ArgumentParser
import Foundation
import Indexer

/// The problems found in a configuration file of `hbc serve` (`--access`, `--connections`), each
/// `file:line:col: error: message` with what to write instead, collected so that one start shows them all.
struct ConfigurationProblems {
    private(set) var messages: [String] = []

    /// Reads the configuration file at `path` with `read`, printing every problem (or why the file cannot be read)
    /// with its place and throwing `ExitCode(1)` when there is one.
    static func load<Configuration>(
        _ path: String, environment: [String: String],
        read: (LocatedYAML, [String: String], inout ConfigurationProblems) -> Configuration?
    ) throws -> Configuration {
        let document: LocatedYAML
        do {
            document = try LocatedYAML.read(path: path)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        var problems = ConfigurationProblems()
        let configuration = read(document, environment, &problems)
        guard problems.messages.isEmpty, let configuration else {
            for message in problems.messages { Terminal.error(message) }
            throw ExitCode(1)
        }
        return configuration
    }

    mutating func add(_ node: LocatedYAML, _ message: String) {
        messages.append("\(node.location): error: \(message)")
    }

    /// Adds `message` at the node a key path such as `visibility.rules[1].allow.groups` leads to in `document`, or at
    /// the deepest node of the path that exists (the parent of a key that is missing, say).
    mutating func add(at path: String, in document: LocatedYAML, _ message: String) {
        add(Self.node(at: path, in: document), message)
    }

    /// The node of `document` a key path (`key.key[index]…`) leads to, as far as it exists.
    static func node(at path: String, in document: LocatedYAML) -> LocatedYAML {
        var node = document
        for component in path.split(separator: ".") {
            var parts = component.split(separator: "[", omittingEmptySubsequences: false)
            let key = String(parts.removeFirst())
            if !key.isEmpty {
                guard let child = node[key] else { return node }
                node = child
            }
            for part in parts {
                guard let index = Int(part.dropLast()), let elements = node.elements, elements.indices.contains(index)
                else { return node }
                node = elements[index]
            }
        }
        return node
    }

    mutating func unknownKeys(_ node: LocatedYAML, known: [String]) {
        for (key, value) in node.entries ?? [] where !known.contains(key) {
            add(value, "unknown key '\(key)' (known: \(known.joined(separator: ", ")))")
        }
    }

    mutating func string(_ node: LocatedYAML, _ key: String, required: Bool = false) -> String? {
        guard let value = node[key] else {
            if required { add(node, "\(key) is missing") }
            return nil
        }
        guard let text = value.string, !text.isEmpty else {
            add(value, "\(key) must be a non-empty string (it is \(value.kindName))")
            return nil
        }
        return text
    }

    mutating func url(_ node: LocatedYAML, _ key: String, required: Bool) -> String? {
        guard let text = string(node, key, required: required) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
            url.fragment == nil
        else {
            add(node[key] ?? node, "\(key) must be an absolute http(s) URL without a fragment (got '\(text)')")
            return nil
        }
        return text
    }

    /// A string or a list of strings.
    mutating func strings(_ node: LocatedYAML, _ key: String) -> [String] {
        guard let value = node[key] else { return [] }
        if let single = value.string { return [single] }
        guard let elements = value.elements else {
            add(value, "\(key) must be a string or a list of strings")
            return []
        }
        return elements.compactMap { element in
            guard let text = element.string, !text.isEmpty else {
                add(element, "\(key) must list non-empty strings")
                return nil
            }
            return text
        }
    }
}
