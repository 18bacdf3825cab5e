import HandbookModel

/// Reads typed fields from a YAML mapping of a handbook file, reporting wrong types and unknown keys.
struct YAMLFieldReader {
    let file: SourceFile
    let diagnostics: DiagnosticCollector
    /// The rule-id prefix, such as `guardrails` or `tests`.
    let rulePrefix: String

    /// Warns about keys not in `known`.
    func checkKeys(_ node: SourceNode, known: Set<String>, what: String) {
        for entry in node.entries ?? [] where !known.contains(entry.key) {
            diagnostics.warning("\(rulePrefix).unknown-key", "unknown key '\(entry.key)' in \(what) is ignored",
                                at: file.location(entry.keyNode), hint: "known keys: \(known.sorted().joined(separator: ", "))")
        }
    }

    /// A string field; reports a non-string value.
    func string(_ node: SourceNode, _ key: String, required: Bool = false, what: String) -> String? {
        guard let value = node[key] else {
            if required {
                diagnostics.error("\(rulePrefix).missing-key", "\(what) needs '\(key)'", at: file.location(node))
            }
            return nil
        }
        guard let text = value.string, value.entries == nil, value.elements == nil else {
            diagnostics.error("\(rulePrefix).invalid", "'\(key)' in \(what) must be a string", at: file.location(value))
            return nil
        }
        return text
    }

    /// A list of strings (a single string counts as a list of one).
    func strings(_ node: SourceNode, _ key: String, what: String) -> [(String, SourceNode)] {
        guard let value = node[key] else { return [] }
        if value.string != nil, value.entries == nil { return [(value.string!, value)] }
        guard let elements = value.elements else {
            diagnostics.error("\(rulePrefix).invalid", "'\(key)' in \(what) must be a list of strings", at: file.location(value))
            return []
        }
        return elements.compactMap { element in
            guard let text = element.string, element.entries == nil else {
                diagnostics.error("\(rulePrefix).invalid", "'\(key)' in \(what) must hold strings", at: file.location(element))
                return nil
            }
            return (text, element)
        }
    }

    /// A number field.
    func number(_ node: SourceNode, _ key: String, what: String) -> Double? {
        guard let value = node[key] else { return nil }
        guard let number = value.json.doubleValue, value.isPlainScalar else {
            diagnostics.error("\(rulePrefix).invalid", "'\(key)' in \(what) must be a number", at: file.location(value))
            return nil
        }
        return number
    }

    /// A non-negative integer field.
    func count(_ node: SourceNode, _ key: String, what: String) -> Int? {
        guard let value = node[key] else { return nil }
        guard case .int(let integer) = value.json, integer >= 0 else {
            diagnostics.error("\(rulePrefix).invalid", "'\(key)' in \(what) must be a whole number ≥ 0", at: file.location(value))
            return nil
        }
        return Int(integer)
    }

    /// A Boolean field.
    func bool(_ node: SourceNode, _ key: String, what: String) -> Bool? {
        guard let value = node[key] else { return nil }
        guard case .bool(let flag) = value.json else {
            diagnostics.error("\(rulePrefix).invalid", "'\(key)' in \(what) must be true or false", at: file.location(value))
            return nil
        }
        return flag
    }
}
