import HandbookModel

/// Reads the manifest's `mcpServers` block — the shape Claude Desktop and `.onemcp.json` configurations use:
/// `{NAME: {command, args, env, cwd} | {url, headers}, group, enabled, timeout}` — reporting every problem with its
/// location.
struct UpstreamServersParser {
    let file: SourceFile
    let diagnostics: DiagnosticCollector

    static let knownKeys: Set<String> = [
        "command", "args", "env", "cwd", "url", "headers", "group", "enabled", "timeout", "type", "transport",
    ]

    /// The declared servers, in written order.
    func parse(_ node: SourceNode) -> [UpstreamDeclaration] {
        guard let entries = node.entries else {
            diagnostics.error(
                "manifest.invalid", "`mcpServers` must map server names to their configuration",
                at: file.location(node),
                hint: "e.g. `mcpServers: {time: {command: uvx, args: [mcp-server-time]}}`")
            return []
        }
        return entries.compactMap { entry in server(named: entry.key, entry.value, keyNode: entry.keyNode) }
    }

    private func server(named name: String, _ node: SourceNode, keyNode: SourceNode) -> UpstreamDeclaration? {
        let location = file.location(keyNode)
        guard ManifestParser.isValidName(name), !name.contains(".") else {
            diagnostics.error(
                "manifest.invalid-name",
                "upstream server name '\(name)' may only use lowercase letters, digits, '-' and '_'",
                at: location, hint: "its tools are called `\(name).TOOL`, so the name cannot hold a '.'")
            return nil
        }
        guard let entries = node.entries else {
            diagnostics.error("manifest.invalid", "upstream server '\(name)' needs `command` or `url`", at: location)
            return nil
        }
        for entry in entries where !Self.knownKeys.contains(entry.key) {
            diagnostics.warning(
                "manifest.unknown-key", "unknown key '\(entry.key)' of upstream server '\(name)' is ignored",
                at: file.location(entry.keyNode),
                hint: "known keys: \(Self.knownKeys.sorted().joined(separator: ", "))")
        }
        let transport: UpstreamServerConfig.Transport
        if let command = node["command"]?.string {
            if node["url"] != nil {
                diagnostics.error(
                    "manifest.invalid", "upstream server '\(name)' has both `command` and `url`; keep one",
                    at: location)
            }
            transport = .stdio(
                command: command, arguments: strings(node["args"], what: "args of '\(name)'"),
                environment: values(node["env"], what: "env of '\(name)'"),
                workingDirectory: node["cwd"]?.string)
        } else if let url = node["url"]?.string {
            if !(url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("${")) {
                diagnostics.error(
                    "manifest.invalid-url", "upstream server '\(name)': url '\(url)' is not an http(s) URL",
                    at: node["url"].map(file.location))
            }
            transport = .http(url: url, headers: values(node["headers"], what: "headers of '\(name)'"))
        } else {
            diagnostics.error(
                "manifest.invalid", "upstream server '\(name)' needs `command` (stdio) or `url` (HTTP)",
                at: location, hint: "e.g. `command: uvx` with `args: [mcp-server-time]`, or `url: http://…/mcp`")
            return nil
        }
        var timeout = UpstreamServerConfig.defaultTimeoutSeconds
        if let timeoutNode = node["timeout"] {
            // Seconds up to 600; Claude Desktop-style configurations give milliseconds, so larger values are read as
            // such, up to the same 600 s.
            if let value = timeoutNode.string.flatMap(Double.init), value > 0, value <= 600_000 {
                timeout = value > 600 ? value / 1000 : value
            } else {
                diagnostics.error(
                    "manifest.invalid",
                    "`timeout` of upstream server '\(name)' must be seconds (up to 600) or milliseconds (601–600000)",
                    at: file.location(timeoutNode), hint: "e.g. `timeout: 60` or `timeout: 60000`")
            }
        }
        var enabled = true
        if let enabledNode = node["enabled"] {
            switch enabledNode.string {
            case "true": enabled = true
            case "false": enabled = false
            default:
                diagnostics.error(
                    "manifest.invalid", "`enabled` of upstream server '\(name)' must be true or false",
                    at: file.location(enabledNode))
            }
        }
        let group = node["group"]?.string
        if let group, !ManifestParser.isValidName(group) {
            diagnostics.error(
                "manifest.invalid-name", "group '\(group)' may only use lowercase letters, digits, '-', '_' and '.'",
                at: node["group"].map(file.location))
        }
        return UpstreamDeclaration(
            config: UpstreamServerConfig(
                name: name, transport: transport, group: group, enabled: enabled,
                timeoutSeconds: timeout),
            location: location)
    }

    private func strings(_ node: SourceNode?, what: String) -> [String] {
        guard let node else { return [] }
        guard let elements = node.elements else {
            diagnostics.error("manifest.invalid", "\(what) must be a list of strings", at: file.location(node))
            return []
        }
        return elements.compactMap { element in
            guard let text = element.scalarText else {
                diagnostics.error("manifest.invalid", "\(what) must be strings", at: file.location(element))
                return nil
            }
            return text
        }
    }

    /// A string map whose values are kept as written; a value that looks like a secret but is not a `${VAR}`
    /// reference is an error, as for API credentials.
    private func values(_ node: SourceNode?, what: String) -> [String: String] {
        guard let node else { return [:] }
        guard let entries = node.entries else {
            diagnostics.error("manifest.invalid", "\(what) must map names to strings", at: file.location(node))
            return [:]
        }
        var values: [String: String] = [:]
        for entry in entries {
            guard let text = entry.value.scalarText else {
                diagnostics.error(
                    "manifest.invalid", "\(what): '\(entry.key)' must be a string", at: file.location(entry.value))
                continue
            }
            if Self.namesSecret(entry.key), EnvironmentTemplate.references(in: text).isEmpty, !text.isEmpty {
                diagnostics.error(
                    "manifest.literal-secret",
                    "\(what): '\(entry.key)' holds a literal secret; secrets must not be written in the handbook",
                    at: file.location(entry.value),
                    hint: "write `\(entry.key): ${SOME_ENV_VAR}` (or `Bearer ${TOKEN}`) and export the value")
            }
            values[entry.key] = text
        }
        return values
    }

    private static func namesSecret(_ key: String) -> Bool {
        let lower = key.lowercased()
        return ["authorization", "token", "secret", "password", "api-key", "api_key", "apikey", "cookie"]
            .contains { lower.contains($0) }
    }
}
