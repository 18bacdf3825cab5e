import Foundation
import HandbookModel

/// Compiles `guardrails/*.yaml` files into a normalized ``GuardrailSet``.
struct GuardrailTranslator {
    let diagnostics: DiagnosticCollector

    private static let fileKeys: Set<String> = ["read_only", "policies"]
    private static let policyKeys: Set<String> = ["id", "description", "match", "effect", "message", "constraints", "redact"]
    private static let matchKeys: Set<String> = ["operations", "methods", "paths", "tags", "apis"]
    private static let constraintKeys: Set<String> = [
        "argument", "minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "enum", "pattern", "max_items",
        "min_length", "max_length",
    ]

    /// The guardrails of all files, with the operation names their matchers use.
    func translate(_ files: [ParsedYAMLFile]) -> (GuardrailSet, [NamedReference]) {
        var readOnly = false
        var policies: [GuardrailPolicy] = []
        var references: [NamedReference] = []
        var seen: [String: SourceLocation] = [:]
        for parsed in files {
            let reader = YAMLFieldReader(file: parsed.file, diagnostics: diagnostics, rulePrefix: "guardrails")
            guard parsed.root.entries != nil else {
                if parsed.root.string != nil || parsed.root.elements != nil {
                    diagnostics.error("guardrails.invalid", "a guardrails file must be a mapping with `policies`",
                                      at: parsed.file.location(parsed.root))
                }
                continue
            }
            reader.checkKeys(parsed.root, known: Self.fileKeys, what: "a guardrails file")
            readOnly = readOnly || (reader.bool(parsed.root, "read_only", what: "a guardrails file") ?? false)
            guard let list = parsed.root["policies"] else { continue }
            guard let elements = list.elements else {
                diagnostics.error("guardrails.invalid", "`policies` must be a list", at: parsed.file.location(list))
                continue
            }
            for element in elements {
                guard let policy = translatePolicy(element, reader: reader, references: &references) else { continue }
                if let first = seen[policy.id] {
                    diagnostics.error("guardrails.duplicate-id", "policy id '\(policy.id)' is already used at \(first)",
                                      at: policy.source)
                    continue
                }
                seen[policy.id] = policy.source
                policies.append(policy)
            }
        }
        return (GuardrailSet(readOnly: readOnly, policies: policies), references)
    }

    private func translatePolicy(
        _ node: SourceNode, reader: YAMLFieldReader, references: inout [NamedReference]
    ) -> GuardrailPolicy? {
        let file = reader.file
        guard node.entries != nil else {
            diagnostics.error("guardrails.invalid", "each policy must be a mapping with an `id`", at: file.location(node))
            return nil
        }
        reader.checkKeys(node, known: Self.policyKeys, what: "a policy")
        guard let id = reader.string(node, "id", required: true, what: "a policy") else { return nil }
        let what = "policy '\(id)'"
        var matcher = OperationMatcher()
        if let match = node["match"] {
            reader.checkKeys(match, known: Self.matchKeys, what: "the match of \(what)")
            let operations = reader.strings(match, "operations", what: what)
            for (name, element) in operations {
                references.append(NamedReference(name: name, location: file.location(element), context: what))
            }
            matcher = OperationMatcher(
                operations: operations.map(\.0),
                methods: reader.strings(match, "methods", what: what).map { $0.0.uppercased() },
                paths: reader.strings(match, "paths", what: what).map(\.0),
                tags: reader.strings(match, "tags", what: what).map(\.0),
                apis: reader.strings(match, "apis", what: what).map(\.0))
        }
        var effect: GuardrailPolicy.Effect?
        if let effectName = reader.string(node, "effect", what: what) {
            effect = GuardrailPolicy.Effect(rawValue: effectName)
            if effect == nil {
                diagnostics.error("guardrails.invalid-effect", "effect '\(effectName)' of \(what) is not allow, deny or confirm",
                                  at: node["effect"].map(file.location))
            }
        }
        var constraints: [ArgumentConstraint] = []
        if let list = node["constraints"] {
            for element in list.elements ?? [] {
                if let constraint = translateConstraint(element, reader: reader, what: what) { constraints.append(constraint) }
            }
            if list.elements == nil {
                diagnostics.error("guardrails.invalid", "`constraints` of \(what) must be a list", at: file.location(list))
            }
        }
        let redact = reader.strings(node, "redact", what: what).map(\.0)
        if effect == nil, constraints.isEmpty, redact.isEmpty {
            diagnostics.warning("guardrails.no-effect", "\(what) has no effect, constraints or redact, so it does nothing",
                                at: file.location(node))
        }
        return GuardrailPolicy(
            id: id, description: reader.string(node, "description", what: what), match: matcher, effect: effect,
            message: reader.string(node, "message", what: what), constraints: constraints, redact: redact,
            source: SourceLocation(file: file.relativePath, line: Int(node.line), column: Int(node.column)))
    }

    private func translateConstraint(_ node: SourceNode, reader: YAMLFieldReader, what: String) -> ArgumentConstraint? {
        reader.checkKeys(node, known: Self.constraintKeys, what: "a constraint of \(what)")
        guard let argument = reader.string(node, "argument", required: true, what: "a constraint of \(what)") else {
            return nil
        }
        let constraintWhat = "constraint on '\(argument)' of \(what)"
        var allowed: [JSONValue]?
        if let values = node["enum"] {
            allowed = values.elements?.map(\.json)
            if allowed == nil {
                diagnostics.error("guardrails.invalid", "`enum` of the \(constraintWhat) must be a list",
                                  at: reader.file.location(values))
            }
        }
        let pattern = reader.string(node, "pattern", what: constraintWhat)
        if let pattern, (try? ECMARegex(pattern)) == nil {
            diagnostics.error("guardrails.invalid-pattern", "pattern '\(pattern)' of the \(constraintWhat) is not a valid regular expression",
                              at: node["pattern"].map(reader.file.location))
        }
        let constraint = ArgumentConstraint(
            argument: argument,
            minimum: reader.number(node, "minimum", what: constraintWhat),
            maximum: reader.number(node, "maximum", what: constraintWhat),
            exclusiveMinimum: reader.number(node, "exclusive_minimum", what: constraintWhat),
            exclusiveMaximum: reader.number(node, "exclusive_maximum", what: constraintWhat),
            allowedValues: allowed,
            pattern: pattern,
            maxItems: reader.count(node, "max_items", what: constraintWhat),
            minLength: reader.count(node, "min_length", what: constraintWhat),
            maxLength: reader.count(node, "max_length", what: constraintWhat))
        if let minimum = constraint.minimum, let maximum = constraint.maximum, minimum > maximum {
            diagnostics.error("guardrails.invalid", "the \(constraintWhat) has minimum \(minimum) above maximum \(maximum)",
                              at: reader.file.location(node))
        }
        return constraint
    }
}
