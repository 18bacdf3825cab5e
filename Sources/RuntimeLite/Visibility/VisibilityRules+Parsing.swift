import HandbookModel

extension VisibilityRules {
    /// A `visibility:` section that cannot be read; the message names the key path and what to write instead.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// Where in the section, e.g. `visibility.rules[1].allow.groups`.
        public var path: String
        /// What is wrong and what to do.
        public var reason: String

        public var description: String { "\(path): \(reason)" }
    }

    /// Parses the `visibility:` section of the server's access file (the section's value, already read from YAML or
    /// JSON), throwing at the first key that is wrong.
    ///
    /// ```yaml
    /// visibility:
    ///   default: deny
    ///   rules:
    ///     - tenants: [acme]
    ///       allow: {groups: [acme-analytics]}
    ///     - scopes: [admin]
    ///       allow: {groups: [ops]}
    ///       deny: {operations: [deleteEverything]}
    /// ```
    public init(parsing section: JSONValue) throws(ParseError) {
        let root = "visibility"
        guard let object = section.objectValue else {
            throw ParseError(
                path: root, reason: "expected a mapping with `default` and `rules`, got \(Self.kind(section))")
        }
        try Self.rejectUnknownKeys(object, known: ["default", "rules"], at: root)
        guard let decision = object["default"] else {
            throw ParseError(
                path: "\(root).default",
                reason: """
                    missing; write `default: allow` (everything visible unless a rule denies it) or `default: deny` \
                    (only what a rule allows is visible)
                    """)
        }
        guard let text = decision.stringValue, let parsed = Default(rawValue: text) else {
            throw ParseError(path: "\(root).default", reason: "must be `allow` or `deny`, got \(Self.quoted(decision))")
        }
        var rules: [Rule] = []
        switch object["rules"] {
        case nil, .null?: break
        case .array(let entries)?:
            for (index, entry) in entries.enumerated() {
                rules.append(try Self.rule(entry, at: "\(root).rules[\(index)]"))
            }
        case let other?:
            throw ParseError(path: "\(root).rules", reason: "expected a list of rules, got \(Self.kind(other))")
        }
        self.init(defaultDecision: parsed, rules: rules)
    }

    private static func rule(_ value: JSONValue, at path: String) throws(ParseError) -> Rule {
        guard let object = value.objectValue else {
            throw ParseError(
                path: path,
                reason: """
                    expected a rule mapping (tenants, scopes, allow, deny), got \(kind(value)); e.g. \
                    `- {tenants: [acme], allow: {groups: [billing]}}`
                    """)
        }
        try rejectUnknownKeys(object, known: ["tenants", "scopes", "allow", "deny"], at: path)
        let allow = try object["allow"].map { value throws(ParseError) in try selection(value, at: "\(path).allow") }
        let deny = try object["deny"].map { value throws(ParseError) in try selection(value, at: "\(path).deny") }
        guard allow != nil || deny != nil else {
            throw ParseError(path: path, reason: "the rule neither allows nor denies anything; add `allow:` or `deny:`")
        }
        return Rule(
            tenants: try object["tenants"].map { value throws(ParseError) in
                Set(try names(value, at: "\(path).tenants", of: "tenant names"))
            },
            scopes: try object["scopes"].map { value throws(ParseError) in
                Set(try names(value, at: "\(path).scopes", of: "scopes"))
            },
            allow: allow, deny: deny)
    }

    private static func selection(_ value: JSONValue, at path: String) throws(ParseError) -> Selection {
        guard let object = value.objectValue else {
            throw ParseError(
                path: path,
                reason: """
                    expected a mapping of groups, tags and operations, got \(kind(value)); e.g. `{groups: [billing]}`
                    """)
        }
        try rejectUnknownKeys(object, known: ["groups", "tags", "operations"], at: path)
        var selection = Selection()
        if let groups = object["groups"] {
            selection.groups = Set(try names(groups, at: "\(path).groups", of: "group ids"))
        }
        if let tags = object["tags"] { selection.tags = Set(try names(tags, at: "\(path).tags", of: "tags")) }
        if let operations = object["operations"] {
            selection.operations = Set(try names(operations, at: "\(path).operations", of: "operation ids"))
        }
        guard !(selection.groups.isEmpty && selection.tags.isEmpty && selection.operations.isEmpty) else {
            throw ParseError(path: path, reason: "names nothing; list `groups`, `tags` or `operations`")
        }
        return selection
    }

    /// A list of non-empty strings (a single string is read as a list of one).
    private static func names(_ value: JSONValue, at path: String, of what: String) throws(ParseError) -> [String] {
        let elements: [JSONValue] = if case .string = value { [value] } else { value.arrayValue ?? [] }
        guard value.arrayValue != nil || value.stringValue != nil else {
            throw ParseError(path: path, reason: "expected a list of \(what), got \(kind(value)); e.g. `[a, b]`")
        }
        return try elements.enumerated().map { index, element throws(ParseError) in
            guard let name = element.stringValue, !name.isEmpty else {
                throw ParseError(
                    path: "\(path)[\(index)]",
                    reason: "expected one of the \(what) as a non-empty string, got \(quoted(element))")
            }
            return name
        }
    }

    private static func rejectUnknownKeys(_ object: JSONObject, known: [String], at path: String) throws(ParseError) {
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw ParseError(
                path: "\(path).\(unknown)",
                reason: """
                    unknown key; the keys here are \(known.map { "`\($0)`" }.joined(separator: ", "))
                    """)
        }
    }

    private static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "nothing"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "a mapping"
        }
    }

    private static func quoted(_ value: JSONValue) -> String {
        value.stringValue.map { "'\($0)'" } ?? kind(value)
    }
}
