import Foundation
import HandbookModel

/// Turns a parsed `handbook.yaml` into a ``HandbookManifest``, reporting every problem it finds.
struct ManifestParser {
    let file: SourceFile
    let diagnostics: DiagnosticCollector

    static let knownKeys: Set<String> = [
        "handbook", "version", "description", "apis", "docs", "guardrails", "tests", "workflows", "promotion",
        "allowed_ref_folders", "mcpServers",
    ]
    static let knownAPIKeys: Set<String> = ["id", "spec", "environments", "auth", "operation_id_prefix"]

    /// The manifest, or `nil` when it is unusable (the errors are in `diagnostics`).
    func parse(_ root: SourceNode) -> HandbookManifest? {
        guard let entries = root.entries else {
            diagnostics.error("manifest.invalid", "handbook.yaml must be a mapping with `handbook`, `version` and `apis`",
                              at: file.location(root))
            return nil
        }
        for entry in entries where !Self.knownKeys.contains(entry.key) {
            diagnostics.warning("manifest.unknown-key", "unknown key '\(entry.key)' is ignored",
                                at: file.location(entry.keyNode), hint: "known keys: \(Self.knownKeys.sorted().joined(separator: ", "))")
        }
        let name = requiredString(root, "handbook", parent: root)
        if let name, !Self.isValidName(name) {
            diagnostics.error("manifest.invalid-name", "handbook name '\(name)' may only use lowercase letters, digits, '-', '_' and '.'",
                              at: root["handbook"].map(file.location))
        }
        let version = requiredString(root, "version", parent: root)
        if let version, !SemanticVersion.isValid(version) {
            diagnostics.error("manifest.invalid-version", "version '\(version)' is not a semantic version",
                              at: root["version"].map(file.location), hint: "use MAJOR.MINOR.PATCH, such as 1.0.0")
        }
        var apis: [APIDeclaration] = []
        if let apiList = root["apis"] {
            if let elements = apiList.elements, !elements.isEmpty {
                apis = elements.compactMap(parseAPI)
                var seen = Set<String>()
                for api in apis where !seen.insert(api.id).inserted {
                    diagnostics.error("manifest.duplicate-api", "API id '\(api.id)' is declared twice", at: api.location)
                }
            } else {
                diagnostics.error("manifest.invalid", "`apis` must be a non-empty list", at: file.location(apiList))
            }
        } else if root["mcpServers"] == nil {
            diagnostics.error("manifest.missing-key", "missing required key 'apis'", at: file.location(root),
                              hint: "list the APIs: `apis: [{id: myapi, spec: openapi.yaml}]` (or upstream MCP servers "
                                + "under `mcpServers`)")
        }
        let upstreams = root["mcpServers"].map { UpstreamServersParser(file: file, diagnostics: diagnostics).parse($0) } ?? []
        for upstream in upstreams where apis.contains(where: { $0.id == upstream.config.name }) {
            diagnostics.error("manifest.duplicate-api", "'\(upstream.config.name)' names both an API and an upstream server",
                              at: upstream.location, hint: "operation and tool ids share the name as their prefix; rename one")
        }
        let promotion = root["promotion"].flatMap { promotionOrder($0, apis: apis) }
        let allowedRefFolders = root["allowed_ref_folders"].map(allowedFolders) ?? []
        guard let name, let version else { return nil }
        return HandbookManifest(
            name: name,
            version: version,
            description: root["description"]?.string,
            apis: apis,
            docs: globs(root, "docs") ?? HandbookManifest.defaultDocs,
            guardrails: globs(root, "guardrails") ?? HandbookManifest.defaultGuardrails,
            tests: globs(root, "tests") ?? HandbookManifest.defaultTests,
            workflows: globs(root, "workflows") ?? HandbookManifest.defaultWorkflows,
            promotion: promotion,
            allowedRefFolders: allowedRefFolders,
            upstreams: upstreams
        )
    }

    /// `allowed_ref_folders: [../shared-schemas]`: folders outside the handbook folder that specs and `$ref`s may
    /// read, relative to the handbook folder or absolute, as real paths (symlinks resolved).
    private func allowedFolders(_ node: SourceNode) -> [String] {
        let elements = node.elements ?? (node.string != nil ? [node] : nil)
        guard let elements else {
            diagnostics.error("manifest.invalid", "`allowed_ref_folders` must be a folder path or a list of them",
                              at: file.location(node), hint: "e.g. `allowed_ref_folders: [../shared-schemas]`")
            return []
        }
        let handbookFolder = URL(fileURLWithPath: file.absolutePath).deletingLastPathComponent()
        return elements.compactMap { element in
            guard let written = element.string else {
                diagnostics.error("manifest.invalid", "`allowed_ref_folders` entries must be folder paths",
                                  at: file.location(element))
                return nil
            }
            let absolute = written.hasPrefix("/") ? written : handbookFolder.appendingPathComponent(written).path
            guard let real = RealPath.resolve(absolute), RealPath.isFolder(real) else {
                diagnostics.error("manifest.invalid", "allowed folder '\(written)' does not exist or is not a folder",
                                  at: file.location(element),
                                  hint: "paths are relative to the folder holding handbook.yaml")
                return nil
            }
            return real
        }
    }

    /// `promotion: [staging, production]`: distinct environment names, in the order bundles are promoted.
    private func promotionOrder(_ node: SourceNode, apis: [APIDeclaration]) -> [String]? {
        guard let elements = node.elements, !elements.isEmpty else {
            diagnostics.error("manifest.invalid-promotion", "`promotion` must be a non-empty list of environment names",
                              at: file.location(node), hint: "e.g. `promotion: [staging, production]`")
            return nil
        }
        var names: [String] = []
        for element in elements {
            guard let name = element.string, HandbookMetadata.isValidEnvironmentName(name) else {
                diagnostics.error("manifest.invalid-promotion",
                                  "promotion entries must be environment names (letters, digits, '-', '_', '.')",
                                  at: file.location(element))
                return nil
            }
            guard !names.contains(name) else {
                diagnostics.error("manifest.invalid-promotion", "environment '\(name)' appears twice in `promotion`",
                                  at: file.location(element))
                return nil
            }
            names.append(name)
        }
        let declared = Set(apis.flatMap { $0.environments.map(\.name) })
        if !declared.isEmpty {
            for (name, element) in zip(names, elements) where !declared.contains(name) {
                diagnostics.warning("manifest.promotion-unknown-environment",
                                    "promotion environment '\(name)' has no base URL in any API",
                                    at: file.location(element),
                                    hint: "declared environments: \(declared.sorted().joined(separator: ", "))")
            }
        }
        return names
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }

    private func requiredString(_ node: SourceNode, _ key: String, parent: SourceNode) -> String? {
        guard let value = node[key] else {
            diagnostics.error("manifest.missing-key", "missing required key '\(key)'", at: file.location(parent))
            return nil
        }
        guard let text = value.string, !text.isEmpty else {
            diagnostics.error("manifest.invalid", "'\(key)' must be a non-empty string", at: file.location(value))
            return nil
        }
        return text
    }

    private func globs(_ node: SourceNode, _ key: String) -> [String]? {
        guard let value = node[key] else { return nil }
        if let single = value.string { return [single] }
        guard let elements = value.elements else {
            diagnostics.error("manifest.invalid", "'\(key)' must be a glob or a list of globs", at: file.location(value))
            return nil
        }
        return elements.compactMap { element in
            guard let text = element.string else {
                diagnostics.error("manifest.invalid", "'\(key)' entries must be strings", at: file.location(element))
                return nil
            }
            return text
        }
    }

    private func parseAPI(_ node: SourceNode) -> APIDeclaration? {
        guard let entries = node.entries else {
            diagnostics.error("manifest.invalid", "each API must be a mapping with `id` and `spec`", at: file.location(node))
            return nil
        }
        for entry in entries where !Self.knownAPIKeys.contains(entry.key) {
            diagnostics.warning("manifest.unknown-key", "unknown API key '\(entry.key)' is ignored",
                                at: file.location(entry.keyNode), hint: "known keys: \(Self.knownAPIKeys.sorted().joined(separator: ", "))")
        }
        guard let id = requiredString(node, "id", parent: node), let spec = requiredString(node, "spec", parent: node) else {
            return nil
        }
        if !Self.isValidName(id.lowercased()) {
            diagnostics.error("manifest.invalid-name", "API id '\(id)' may only use letters, digits, '-', '_' and '.'",
                              at: node["id"].map(file.location))
        }
        var environments: [EnvironmentBaseURL] = []
        if let environmentNode = node["environments"] {
            if let environmentEntries = environmentNode.entries {
                for entry in environmentEntries {
                    guard let url = entry.value.string, !url.isEmpty else {
                        diagnostics.error("manifest.invalid", "environment '\(entry.key)' needs a base URL string",
                                          at: file.location(entry.value))
                        continue
                    }
                    checkBaseURL(url, environment: entry.key, node: entry.value)
                    environments.append(EnvironmentBaseURL(name: entry.key, baseURL: url))
                }
            } else {
                diagnostics.error("manifest.invalid", "`environments` maps environment names to base URLs",
                                  at: file.location(environmentNode), hint: "e.g. `staging: https://staging.example.com`")
            }
        }
        environments.sort { $0.name < $1.name }
        let auth = node["auth"].map(parseAuth) ?? AuthScheme.none
        return APIDeclaration(
            id: id,
            specPath: spec,
            environments: environments,
            auth: auth,
            operationIDPrefix: node["operation_id_prefix"]?.string,
            location: file.location(node)
        )
    }

    private func checkBaseURL(_ url: String, environment: String, node: SourceNode) {
        guard let schemeEnd = url.range(of: "://") else {
            diagnostics.error("manifest.invalid-url", "base URL '\(url)' of environment '\(environment)' is not an absolute http(s) URL",
                              at: file.location(node))
            return
        }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" }
        if authority.contains("@") {
            diagnostics.error("manifest.literal-secret", "base URL of environment '\(environment)' embeds credentials",
                              at: file.location(node), hint: "remove them and use `auth` with ${ENV_VAR} references")
        }
    }

    private func parseAuth(_ node: SourceNode) -> AuthScheme {
        guard node.entries != nil, let type = node["type"]?.string else {
            diagnostics.error("manifest.invalid-auth", "`auth` needs a `type`", at: file.location(node),
                              hint: "one of: none, api-key, bearer, basic, oauth2-client-credentials")
            return .none
        }
        switch type {
        case "none":
            return .none
        case "api-key", "apiKey", "api_key":
            let location: APIKeyLocation
            switch node["in"]?.string ?? "header" {
            case "header": location = .header
            case "query": location = .query
            case let other:
                diagnostics.error("manifest.invalid-auth", "api-key `in` must be header or query, not '\(other)'",
                                  at: node["in"].map(file.location))
                location = .header
            }
            return .apiKey(location: location, name: node["name"]?.string ?? "X-API-Key",
                           value: secret(node, "value"))
        case "bearer":
            return .bearer(token: secret(node, "token"))
        case "basic":
            return .basic(username: credential(node, "username"), password: secret(node, "password"))
        case "oauth2-client-credentials", "oauth2":
            guard let tokenURL = requiredString(node, "token_url", parent: node) else { return .none }
            let scopes = node["scopes"]?.elements?.compactMap(\.string) ?? []
            return .oauth2ClientCredentials(tokenURL: tokenURL, clientID: credential(node, "client_id"),
                                            clientSecret: secret(node, "client_secret"), scopes: scopes)
        default:
            diagnostics.error("manifest.invalid-auth", "unknown auth type '\(type)'", at: node["type"].map(file.location),
                              hint: "one of: none, api-key, bearer, basic, oauth2-client-credentials")
            return .none
        }
    }

    /// A secret field: only `${ENV_VAR}` is accepted.
    private func secret(_ node: SourceNode, _ key: String) -> CredentialValue {
        guard let valueNode = node[key], let text = valueNode.string else {
            diagnostics.error("manifest.missing-key", "auth needs '\(key)' as an environment reference like ${API_TOKEN}",
                              at: file.location(node))
            return .environment("")
        }
        if let variable = EnvironmentReference.variableName(in: text) { return .environment(variable) }
        diagnostics.error("manifest.literal-secret", "'\(key)' holds a literal secret; secrets must not be written in the handbook",
                          at: file.location(valueNode), hint: "write `\(key): ${SOME_ENV_VAR}` and export the value at run time")
        return .environment("")
    }

    /// A credential that may be literal (user names, client ids) or an environment reference.
    private func credential(_ node: SourceNode, _ key: String) -> CredentialValue {
        guard let text = node[key]?.string else {
            diagnostics.error("manifest.missing-key", "auth needs '\(key)'", at: file.location(node))
            return .literal("")
        }
        return EnvironmentReference.variableName(in: text).map(CredentialValue.environment) ?? .literal(text)
    }
}

/// `${NAME}` references to environment variables.
enum EnvironmentReference {
    /// The variable name when `text` is exactly one `${NAME}` reference.
    static func variableName(in text: String) -> String? {
        guard text.hasPrefix("${"), text.hasSuffix("}"), text.count > 3 else { return nil }
        let name = text.dropFirst(2).dropLast()
        guard let first = name.first, first == "_" || first.isLetter,
              name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }), name.allSatisfy(\.isASCII)
        else { return nil }
        return String(name)
    }
}

/// Semantic versions (`MAJOR.MINOR.PATCH[-pre][+build]`).
enum SemanticVersion {
    /// Whether `text` is a semantic version.
    static func isValid(_ text: String) -> Bool {
        let core = text.split(separator: "+", maxSplits: 1)[0].split(separator: "-", maxSplits: 1)[0]
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
