/// How to reach one upstream MCP server, as the manifest's `mcpServers` block declares it (the shape Claude Desktop
/// and `.onemcp.json` configurations use).
///
/// Values of `env` and `headers` are kept as written: `${VAR}` references are resolved from the environment when the
/// server is started (``resolved(in:)``), so a secret never enters a bundle.
public struct UpstreamServerConfig: Sendable, Hashable, Codable {
    /// How the server is reached.
    public enum Transport: Sendable, Hashable, Codable {
        /// A subprocess speaking MCP over its standard input and output.
        case stdio(command: String, arguments: [String], environment: [String: String], workingDirectory: String?)
        /// A Streamable HTTP endpoint.
        case http(url: String, headers: [String: String])
    }

    /// The server's name in the manifest: the prefix of its tools' ids (`name.tool`).
    public var name: String
    /// How it is reached.
    public var transport: Transport
    /// The tool group it belongs to (by default its name).
    public var group: String
    /// Whether the server is built and served at all.
    public var enabled: Bool
    /// How long one call may take, in seconds.
    public var timeoutSeconds: Double

    /// The per-call timeout when the manifest gives none.
    public static let defaultTimeoutSeconds = 30.0

    /// A server configuration.
    public init(
        name: String, transport: Transport, group: String? = nil, enabled: Bool = true,
        timeoutSeconds: Double = UpstreamServerConfig.defaultTimeoutSeconds
    ) {
        self.name = name
        self.transport = transport
        self.group = group ?? name
        self.enabled = enabled
        self.timeoutSeconds = timeoutSeconds
    }

    /// The transport with every `${VAR}` reference replaced from `environment`; throws naming the variables that
    /// are not set (never their values).
    public func resolved(in environment: [String: String]) throws(UnsetVariables) -> Transport {
        var missing: [String] = []
        func resolve(_ values: [String: String]) -> [String: String] {
            values.mapValues { value in
                EnvironmentTemplate.substitute(value, from: environment, missing: &missing)
            }
        }
        let resolved: Transport
        switch transport {
        case .stdio(let command, let arguments, let variables, let directory):
            resolved = .stdio(
                command: EnvironmentTemplate.substitute(command, from: environment, missing: &missing),
                arguments: arguments.map { EnvironmentTemplate.substitute($0, from: environment, missing: &missing) },
                environment: resolve(variables), workingDirectory: directory)
        case .http(let url, let headers):
            resolved = .http(
                url: EnvironmentTemplate.substitute(url, from: environment, missing: &missing),
                headers: resolve(headers))
        }
        guard missing.isEmpty else { throw UnsetVariables(server: name, variables: Array(Set(missing)).sorted()) }
        return resolved
    }

    /// Environment variables a server configuration refers to that are not set.
    public struct UnsetVariables: Error, Sendable, CustomStringConvertible {
        /// The server.
        public var server: String
        /// The variable names.
        public var variables: [String]

        public var description: String {
            "upstream server '\(server)' needs the environment variable(s) \(variables.joined(separator: ", ")); "
                + "export them before starting"
        }
    }
}

/// `${NAME}` references inside configuration strings.
public enum EnvironmentTemplate {
    /// `text` with every `${NAME}` replaced by the variable's value; names without a value are added to `missing`
    /// and replaced by nothing.
    public static func substitute(_ text: String, from environment: [String: String], missing: inout [String]) -> String
    {
        guard text.contains("${") else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                output += rest[open.lowerBound...]
                return output
            }
            let name = String(rest[open.upperBound..<close])
            if let value = environment[name] { output += value } else { missing.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    /// The variable names `text` refers to.
    public static func references(in text: String) -> [String] {
        var missing: [String] = []
        _ = substitute(text, from: [:], missing: &missing)
        return missing
    }
}
