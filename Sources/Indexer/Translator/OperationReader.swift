import HandbookModel

/// Reads one operation's contract (parameters, request body, responses, security, servers) from a spec.
struct OperationReader {
    let dialect: SpecTranslator.Dialect
    let root: SourceNode
    let rootPath: String
    let resolver: ReferenceResolver
    let schemas: SchemaConverter
    let diagnostics: DiagnosticCollector

    private var isSwagger: Bool { if case .swagger2 = dialect { true } else { false } }

    /// Reads an operation declared under `path` with `method`.
    func read(
        method: String, path: String, operation: ReferenceResolver.Located, pathItem: ReferenceResolver.Located,
        apiID: String
    ) -> APIOperation {
        let node = operation.node
        let file = resolver.documents.documents[operation.path]?.file
        let location = SourceLocation(file: file?.relativePath ?? operation.path, line: Int(node.line), column: Int(node.column))
        var parameters: [String: (OperationParameter, Int)] = [:]
        var bodies: [OperationRequestBody] = []
        var order = 0
        for (list, listPath) in [(pathItem.node["parameters"], pathItem.path), (node["parameters"], operation.path)] {
            for element in list?.elements ?? [] {
                guard let parameter = resolver.resolve(element, in: listPath) else { continue }
                if isSwagger, let body = swaggerBody(parameter, operation: node) {
                    bodies.append(body)
                    continue
                }
                guard let read = readParameter(parameter, operationPath: path) else { continue }
                let key = "\(read.location.rawValue):\(read.name)"
                parameters[key] = (read, parameters[key]?.1 ?? order)
                order += 1
            }
        }
        if isSwagger, let form = swaggerFormBody(pathItem: pathItem, operation: operation) { bodies.append(form) }
        var requestBody: OperationRequestBody?
        if !isSwagger, let bodyNode = node["requestBody"], let body = resolver.resolve(bodyNode, in: operation.path) {
            requestBody = OperationRequestBody(
                description: body.node["description"]?.string,
                required: body.node["required"]?.json == .bool(true),
                content: content(body.node["content"], in: body.path))
        } else {
            requestBody = bodies.first
        }
        let sortedParameters = parameters.values.sorted { lhs, rhs in
            let leftRank = OperationParameter.Location.allCases.firstIndex(of: lhs.0.location) ?? 0
            let rightRank = OperationParameter.Location.allCases.firstIndex(of: rhs.0.location) ?? 0
            return (leftRank, lhs.1) < (rightRank, rhs.1)
        }.map(\.0)
        var servers = serverURLs(node["servers"])
        if servers.isEmpty { servers = serverURLs(pathItem.node["servers"]) }
        return APIOperation(
            id: node["operationId"]?.string ?? "",
            apiID: apiID,
            method: method,
            path: path,
            summary: node["summary"]?.string ?? pathItem.node["summary"]?.string,
            description: node["description"]?.string ?? pathItem.node["description"]?.string,
            tags: node["tags"]?.elements?.compactMap(\.string) ?? [],
            deprecated: node["deprecated"]?.json == .bool(true),
            parameters: sortedParameters,
            requestBody: requestBody,
            responses: responses(node["responses"], operation: operation),
            security: security(node["security"] ?? root["security"]),
            servers: servers,
            source: location)
    }

    // MARK: Parameters

    private func readParameter(_ located: ReferenceResolver.Located, operationPath: String) -> OperationParameter? {
        let node = located.node
        guard let name = node["name"]?.string, let placement = node["in"]?.string else {
            diagnostics.warning("spec.invalid-parameter", "parameter without `name` or `in` is skipped",
                                at: resolver.location(node, located.path))
            return nil
        }
        guard let parameterLocation = OperationParameter.Location(rawValue: placement) else {
            if placement != "body" && placement != "formData" {
                diagnostics.warning("spec.invalid-parameter", "parameter '\(name)' has unknown location '\(placement)' and is skipped",
                                    at: resolver.location(node, located.path))
            }
            return nil
        }
        var schema: JSONValue
        var example = node["example"]?.json
        if isSwagger {
            schema = swaggerSimpleSchema(node, in: located.path)
        } else if let schemaNode = node["schema"] {
            schema = schemas.convert(schemaNode, in: located.path)
        } else if let media = node["content"]?.entries?.first {
            schema = media.value["schema"].map { schemas.convert($0, in: located.path) } ?? .object([:])
            example = example ?? media.value["example"]?.json
        } else {
            schema = .object([:])
        }
        if example == nil, let first = node["examples"]?.entries?.first,
           let resolved = resolver.resolve(first.value, in: located.path) {
            example = resolved.node["value"]?.json
        }
        var style = node["style"]?.string
        var explode = node["explode"]?.json.boolValue
        if isSwagger, let format = node["collectionFormat"]?.string {
            (style, explode) = Self.style(forCollectionFormat: format, location: parameterLocation)
        }
        return OperationParameter(
            name: name,
            location: parameterLocation,
            required: parameterLocation == .path || node["required"]?.json == .bool(true),
            description: node["description"]?.string,
            deprecated: node["deprecated"]?.json == .bool(true),
            schema: schema,
            style: style,
            explode: explode,
            example: example)
    }

    /// Swagger 2.0 `collectionFormat` as an OpenAPI 3 style and explode.
    static func style(forCollectionFormat format: String, location: OperationParameter.Location) -> (String?, Bool?) {
        switch format {
        case "multi": ("form", true)
        case "ssv": ("spaceDelimited", false)
        case "pipes": ("pipeDelimited", false)
        case "tsv": ("tabDelimited", false)
        default: (location == .query || location == .cookie ? "form" : "simple", false)
        }
    }

    /// The schema of a Swagger 2.0 non-body parameter or header, built from its inline type keywords.
    private func swaggerSimpleSchema(_ node: SourceNode, in path: String) -> JSONValue {
        if let schemaNode = node["schema"] { return schemas.convert(schemaNode, in: path) }
        let keywords: Set<String> = [
            "type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "multipleOf", "x-nullable",
        ]
        let entries = (node.entries ?? []).filter { keywords.contains($0.key) }
        let schemaNode = SourceNode(.mapping(entries), line: node.line, column: node.column)
        return schemas.convert(schemaNode, in: path)
    }

    // MARK: Swagger 2.0 bodies

    private func mediaTypes(_ key: String, operation: SourceNode) -> [String] {
        let declared = (operation[key] ?? root[key])?.elements?.compactMap(\.string) ?? []
        return declared.isEmpty ? ["application/json"] : declared
    }

    private func swaggerBody(_ located: ReferenceResolver.Located, operation: SourceNode) -> OperationRequestBody? {
        guard located.node["in"]?.string == "body" else { return nil }
        let schema = located.node["schema"].map { schemas.convert($0, in: located.path) } ?? .object([:])
        return OperationRequestBody(
            description: located.node["description"]?.string,
            required: located.node["required"]?.json == .bool(true),
            content: mediaTypes("consumes", operation: operation).map {
                MediaTypeContent(mediaType: $0, schema: schema, examples: [])
            })
    }

    private func swaggerFormBody(
        pathItem: ReferenceResolver.Located, operation: ReferenceResolver.Located
    ) -> OperationRequestBody? {
        var properties: [(String, JSONValue)] = []
        var required: [JSONValue] = []
        var hasFile = false
        for (list, listPath) in [(pathItem.node["parameters"], pathItem.path), (operation.node["parameters"], operation.path)] {
            for element in list?.elements ?? [] {
                guard let located = resolver.resolve(element, in: listPath), located.node["in"]?.string == "formData",
                      let name = located.node["name"]?.string
                else { continue }
                hasFile = hasFile || located.node["type"]?.string == "file"
                var schema = swaggerSimpleSchema(located.node, in: located.path)
                if let description = located.node["description"]?.string, var object = schema.objectValue {
                    object["description"] = .string(description)
                    schema = .object(object)
                }
                properties.removeAll { $0.0 == name }
                properties.append((name, schema))
                if located.node["required"]?.json == .bool(true) { required.append(.string(name)) }
            }
        }
        guard !properties.isEmpty else { return nil }
        let consumes = mediaTypes("consumes", operation: operation.node)
        let mediaType = hasFile || consumes.contains("multipart/form-data")
            ? "multipart/form-data" : "application/x-www-form-urlencoded"
        var schema = JSONObject([("type", .string("object")), ("properties", .object(JSONObject(properties)))])
        if !required.isEmpty { schema["required"] = .array(required) }
        return OperationRequestBody(
            description: nil, required: !required.isEmpty,
            content: [MediaTypeContent(mediaType: mediaType, schema: .object(schema), examples: [])])
    }

    // MARK: Content and responses

    private func content(_ node: SourceNode?, in path: String) -> [MediaTypeContent] {
        (node?.entries ?? []).map { entry in
            let media = resolver.resolve(entry.value, in: path) ?? ReferenceResolver.Located(node: entry.value, path: path)
            var examples: [NamedExample] = []
            if let example = media.node["example"] { examples.append(NamedExample(name: "default", value: example.json)) }
            for exampleEntry in media.node["examples"]?.entries ?? [] {
                guard let resolved = resolver.resolve(exampleEntry.value, in: media.path),
                      let value = resolved.node["value"]
                else { continue }
                examples.append(NamedExample(name: exampleEntry.key, value: value.json))
            }
            return MediaTypeContent(
                mediaType: entry.key,
                schema: media.node["schema"].map { schemas.convert($0, in: media.path) },
                examples: examples)
        }
    }

    private func responses(_ node: SourceNode?, operation: ReferenceResolver.Located) -> [OperationResponse] {
        var responses: [OperationResponse] = []
        for entry in node?.entries ?? [] where !entry.key.hasPrefix("x-") {
            guard let response = resolver.resolve(entry.value, in: operation.path) else { continue }
            let headers = (response.node["headers"]?.entries ?? []).compactMap { header -> ResponseHeader? in
                guard let resolved = resolver.resolve(header.value, in: response.path) else { return nil }
                let schema: JSONValue? = isSwagger
                    ? swaggerSimpleSchema(resolved.node, in: resolved.path)
                    : resolved.node["schema"].map { schemas.convert($0, in: resolved.path) }
                return ResponseHeader(name: header.key, description: resolved.node["description"]?.string, schema: schema)
            }
            let body: [MediaTypeContent]
            if isSwagger {
                let schema = response.node["schema"].map { schemas.convert($0, in: response.path) }
                let examples = response.node["examples"]?.entries ?? []
                body = schema == nil && examples.isEmpty ? [] : mediaTypes("produces", operation: operation.node).map { type in
                    MediaTypeContent(
                        mediaType: type, schema: schema,
                        examples: examples.filter { $0.key == type }.map { NamedExample(name: "default", value: $0.value.json) })
                }
            } else {
                body = content(response.node["content"], in: response.path)
            }
            responses.append(OperationResponse(
                status: entry.key, description: response.node["description"]?.string, content: body, headers: headers,
                links: links(response.node["links"], in: response.path)))
        }
        return responses.sorted { $0.status < $1.status }
    }

    /// OpenAPI 3 links of a response, with `operationRef`s resolved to operation ids.
    private func links(_ node: SourceNode?, in path: String) -> [ResponseLink] {
        (node?.entries ?? []).compactMap { entry -> ResponseLink? in
            guard let link = resolver.resolve(entry.value, in: path) else { return nil }
            var operationID = link.node["operationId"]?.string
            if operationID == nil, let reference = link.node["operationRef"]?.string {
                operationID = Self.operationID(forRef: reference, root: root)
            }
            guard let operationID else {
                diagnostics.warning("spec.unresolved-link", "link '\(entry.key)' names no operation of this spec; it is ignored",
                                    at: resolver.location(link.node, link.path))
                return nil
            }
            let parameters = Dictionary((link.node["parameters"]?.entries ?? []).map { ($0.key, $0.value.json) },
                                        uniquingKeysWith: { $1 })
            return ResponseLink(name: entry.key, operationID: operationID, parameters: parameters,
                                description: link.node["description"]?.string)
        }.sorted { $0.name < $1.name }
    }

    /// The operationId an `operationRef` (`#/paths/~1users~1{id}/get`) points at.
    static func operationID(forRef reference: String, root: SourceNode) -> String? {
        guard let (path, method) = OperationPointer.pathAndMethod(reference) else { return nil }
        return root["paths"]?[path]?[method]?["operationId"]?.string
    }

    // MARK: Security and servers

    private func security(_ node: SourceNode?) -> [[String: [String]]] {
        (node?.elements ?? []).map { requirement in
            Dictionary((requirement.entries ?? []).map { ($0.key, $0.value.elements?.compactMap(\.string) ?? []) },
                       uniquingKeysWith: { $1 })
        }
    }

    private func serverURLs(_ node: SourceNode?) -> [String] {
        (node?.elements ?? []).compactMap { server in
            guard var url = server["url"]?.string else { return nil }
            for variable in server["variables"]?.entries ?? [] {
                if let value = variable.value["default"]?.scalarText {
                    url = url.replacingOccurrences(of: "{\(variable.key)}", with: value)
                }
            }
            return url
        }
    }

    /// The servers the spec declares at its top level (Swagger 2.0: from `schemes`, `host` and `basePath`).
    var rootServers: [String] {
        guard isSwagger else { return serverURLs(root["servers"]) }
        let basePath = root["basePath"]?.string ?? ""
        guard let host = root["host"]?.string else { return basePath.isEmpty ? [] : [basePath] }
        let schemes = root["schemes"]?.elements?.compactMap(\.string) ?? ["https"]
        return schemes.map { "\($0)://\(host)\(basePath)" }
    }

    /// The security schemes in OpenAPI 3 form.
    func securitySchemes() -> JSONValue {
        guard isSwagger else {
            let entries = (root["components"]?["securitySchemes"]?.entries ?? []).map { entry in
                (entry.key, resolver.resolve(entry.value, in: rootPath)?.node.json ?? entry.value.json)
            }
            return .object(JSONObject(entries))
        }
        return .object(JSONObject((root["securityDefinitions"]?.entries ?? []).map { entry in
            (entry.key, Self.openAPI3SecurityScheme(fromSwagger: entry.value.json))
        }))
    }

    /// A Swagger 2.0 security definition in OpenAPI 3 form.
    static func openAPI3SecurityScheme(fromSwagger definition: JSONValue) -> JSONValue {
        guard var object = definition.objectValue else { return definition }
        switch object["type"]?.stringValue {
        case "basic":
            object["type"] = .string("http")
            object["scheme"] = .string("basic")
        case "oauth2":
            let flowName: String = switch object["flow"]?.stringValue {
            case "implicit": "implicit"
            case "password": "password"
            case "application": "clientCredentials"
            default: "authorizationCode"
            }
            var flow = JSONObject()
            if let url = object["authorizationUrl"] { flow["authorizationUrl"] = url }
            if let url = object["tokenUrl"] { flow["tokenUrl"] = url }
            flow["scopes"] = object["scopes"] ?? .object([:])
            for key in ["flow", "authorizationUrl", "tokenUrl", "scopes"] { object[key] = nil }
            object["flows"] = .object([flowName: .object(flow)])
        default:
            break
        }
        return .object(object)
    }
}
