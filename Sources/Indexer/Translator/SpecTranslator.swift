import HandbookModel

/// Translates one parsed API description (OpenAPI 3.0–3.2 or Swagger 2.0) into operations and schema components.
///
/// Why hand-written rather than decoding with an OpenAPI document package: one reader for four dialects that keeps
/// going after an error, with a located diagnostic for each, and keeps recursive schemas as `$ref`s
/// (docs/design-decisions.md).
///
/// OpenAPI 3.1 `webhooks` become operations too, marked with their webhook name (``APIOperation/webhook``) and with
/// that name as their path: requests the API sends, searchable and compared by `hbc diff`, never executed.
struct SpecTranslator {
    let spec: ParsedSpec
    let diagnostics: DiagnosticCollector

    /// The HTTP methods a path item may hold operations for, in the order they are read.
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"]

    /// Which description format a spec is written in.
    enum Dialect {
        case swagger2
        case openAPI3(minor: Int)
    }

    /// Translates the spec; `nil` when its format is not recognized.
    func translate() -> TranslatedAPI? {
        let root = spec.documents.root
        guard let (dialect, formatName) = detectDialect(root) else { return nil }
        let resolver = ReferenceResolver(documents: spec.documents, diagnostics: diagnostics)
        let schemas = SchemaConverter(documents: spec.documents, diagnostics: diagnostics)
        let reader = OperationReader(
            dialect: dialect, root: root.root, rootPath: spec.documents.rootPath, resolver: resolver, schemas: schemas,
            diagnostics: diagnostics)
        var operations: [APIOperation] = []
        var derivedIDs: [String] = []
        var callbackCount = 0
        var firstDeclaration: [String: SourceLocation] = [:]
        let pathItems = (root.root["paths"]?.entries ?? []).filter { $0.key.hasPrefix("/") }.map { ($0, false) }
            + (root.root["webhooks"]?.entries ?? []).map { ($0, true) }
        for (pathEntry, isWebhook) in pathItems {
            guard let pathItem = resolver.resolve(pathEntry.value, in: spec.documents.rootPath) else { continue }
            for (method, operationNode) in Self.operations(in: pathItem.node) {
                guard let located = resolver.resolve(operationNode, in: pathItem.path) else { continue }
                callbackCount += located.node["callbacks"]?.entries?.count ?? 0
                var operation = reader.read(
                    method: method, path: pathEntry.key, operation: located, pathItem: pathItem, apiID: spec.api.id)
                if isWebhook { operation.webhook = pathEntry.key }
                if operation.id.isEmpty {
                    operation.id = (isWebhook ? "webhook_" : "") + Self.derivedID(method: method, path: pathEntry.key)
                    derivedIDs.append(operation.id)
                }
                if let prefix = spec.api.operationIDPrefix {
                    operation.id = prefix + operation.id
                    for index in operation.responses.indices {
                        for link in operation.responses[index].links.indices {
                            operation.responses[index].links[link].operationID = prefix
                                + operation.responses[index].links[link].operationID
                        }
                    }
                }
                let declared = resolver.location(located.node, located.path)
                if let first = firstDeclaration[operation.id] {
                    diagnostics.error("operation.duplicate-id", "operationId '\(operation.id)' is already used at \(first)",
                                      at: declared, hint: "operationIds must be unique; rename one of them")
                    continue
                }
                firstDeclaration[operation.id] = declared
                operations.append(operation)
            }
        }
        reportSkippedParts(root, callbackCount: callbackCount)
        if !derivedIDs.isEmpty {
            diagnostics.warning("operation.missing-id",
                                "\(derivedIDs.count) operation(s) have no operationId; ids were derived from method and path (e.g. '\(derivedIDs[0])')",
                                at: root.file.start, hint: "give every operation an operationId so ids stay stable")
        }
        if !operations.contains(where: { $0.webhook == nil }) {
            diagnostics.warning("spec.no-operations", "the spec defines no callable operations", at: root.file.start)
        }
        let components = schemas.finishComponents().map {
            SchemaComponent(apiID: spec.api.id, name: $0.name, schema: $0.schema)
        }
        let descriptor = APIDescriptor(
            id: spec.api.id,
            title: root.root["info"]?["title"]?.string ?? spec.api.id,
            apiVersion: root.root["info"]?["version"]?.string ?? "",
            description: root.root["info"]?["description"]?.string,
            specPath: root.file.relativePath,
            specFormat: formatName,
            environments: spec.api.environments,
            specServers: reader.rootServers,
            auth: spec.api.auth,
            securitySchemes: reader.securitySchemes())
        return TranslatedAPI(descriptor: descriptor, operations: operations, components: components)
    }

    private func detectDialect(_ document: SpecDocument) -> (Dialect, String)? {
        if let version = document.root["openapi"]?.scalarText {
            let parts = version.split(separator: ".")
            if parts.first == "3", parts.count >= 2, let minor = Int(parts[1]) {
                if minor > 2 {
                    diagnostics.warning("spec.newer-version", "OpenAPI \(version) is newer than 3.2; read as 3.2",
                                        at: document.file.location(document.root["openapi"]!))
                }
                return (.openAPI3(minor: minor), "openapi \(version)")
            }
            diagnostics.error("spec.unsupported-version", "OpenAPI version '\(version)' is not supported",
                              at: document.file.location(document.root["openapi"]!), hint: "hbc reads Swagger 2.0 and OpenAPI 3.0–3.2")
            return nil
        }
        if let version = document.root["swagger"]?.scalarText {
            if version == "2.0" { return (.swagger2, "swagger 2.0") }
            diagnostics.error("spec.unsupported-version", "Swagger version '\(version)' is not supported",
                              at: document.file.location(document.root["swagger"]!), hint: "hbc reads Swagger 2.0 and OpenAPI 3.0–3.2")
            return nil
        }
        diagnostics.error("spec.unknown-format", "not an OpenAPI or Swagger document: no `openapi` or `swagger` field",
                          at: document.file.location(document.root), hint: "the spec must start with `openapi: 3.x.y` or `swagger: \"2.0\"`")
        return nil
    }

    /// The operations of a path item: the standard methods, then 3.2 `additionalOperations`.
    static func operations(in pathItem: SourceNode) -> [(String, SourceNode)] {
        var found: [(String, SourceNode)] = []
        for method in methods {
            if let node = pathItem[method] { found.append((method.uppercased(), node)) }
        }
        for entry in pathItem["additionalOperations"]?.entries ?? [] {
            found.append((entry.key.uppercased(), entry.value))
        }
        return found
    }

    /// An id for an operation without `operationId`: method and path, lower case, non-alphanumerics as `_`.
    static func derivedID(method: String, path: String) -> String {
        var text = method.lowercased()
        var lastWasSeparator = false
        for character in path {
            if character.isASCII && (character.isLetter || character.isNumber) {
                if lastWasSeparator || text == method.lowercased() { text.append("_") }
                text.append(character)
                lastWasSeparator = false
            } else {
                lastWasSeparator = true
            }
        }
        return text
    }

    private func reportSkippedParts(_ document: SpecDocument, callbackCount: Int) {
        if callbackCount > 0 {
            diagnostics.note("spec.callbacks-skipped",
                             "\(callbackCount) callback(s) are not compiled: they are requests the API sends, not operations agents call",
                             at: document.file.start)
        }
        if let webhooks = document.root["webhooks"]?.entries, !webhooks.isEmpty {
            diagnostics.note("spec.webhooks-compiled",
                             "\(webhooks.count) webhook(s) are compiled as webhook operations: searchable and compared by `hbc diff`, never executed (they are requests the API sends)",
                             at: document.file.location(document.root["webhooks"]!))
        }
    }
}
