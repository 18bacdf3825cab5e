import HandbookModel

extension OperationComparison {
    /// Parameters: added, removed, moved, renamed (path parameters), required, serialization, deprecation and schemas.
    func compareParameters() {
        let newByKey = Dictionary(new.parameters.map { (Self.key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let oldKeys = Set(old.parameters.map(Self.key))
        let added = new.parameters.filter { !oldKeys.contains(Self.key($0)) }
        let renamings = pathParameterRenamings()
        var moved = Set<String>()
        for parameter in old.parameters {
            let context = Self.context(parameter)
            guard let counterpart = newByKey[Self.key(parameter)] else {
                if let relocated = added.first(where: { $0.name == parameter.name }) {
                    moved.insert(Self.key(relocated))
                    record(
                        .requestParameterLocationChanged, location: context,
                        message: "\(context) moved to the \(relocated.location.rawValue)")
                    compare(parameter, relocated)
                } else if parameter.location == .path, let newName = renamings[parameter.name],
                    let renamed = added.first(where: { $0.location == .path && $0.name == newName })
                {
                    moved.insert(Self.key(renamed))
                    record(
                        .requestPathParameterRenamed, location: context,
                        message: "\(context) was renamed to `\(newName)`")
                    compare(parameter, renamed)
                } else {
                    record(.requestParameterRemoved, location: context, message: "\(context) was removed")
                }
                continue
            }
            if parameter.required != counterpart.required {
                if counterpart.required {
                    record(.requestParameterBecameRequired, location: context, message: "\(context) became required")
                } else {
                    record(.requestParameterBecameOptional, location: context, message: "\(context) became optional")
                }
            }
            compare(parameter, counterpart)
        }
        for parameter in added where !moved.contains(Self.key(parameter)) {
            let context = Self.context(parameter)
            if parameter.required {
                record(
                    .requestParameterAddedRequired, location: context,
                    message: "\(context) was added as a required parameter")
            } else {
                record(.requestParameterAdded, location: context, message: "\(context) was added")
            }
        }
    }

    /// Path parameters renamed in place: old name → new name, matched by position in two path templates of the same
    /// shape (`/items/{id}` → `/items/{itemId}`), for names the other version's template does not use.
    private func pathParameterRenamings() -> [String: String] {
        guard Self.pathShape(old.path) == Self.pathShape(new.path) else { return [:] }
        let oldNames = Self.pathParameterNames(old.path)
        let newNames = Self.pathParameterNames(new.path)
        var renamings: [String: String] = [:]
        for (oldName, newName) in zip(oldNames, newNames)
        where oldName != newName && !newNames.contains(oldName) && !oldNames.contains(newName) {
            renamings[oldName] = newName
        }
        return renamings
    }

    /// The parameter names of a path template in order, such as `["id", "itemId"]` for `/a/{id}/b/{itemId}`.
    private static func pathParameterNames(_ path: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in path {
            switch character {
            case "{": current = ""
            case "}":
                if let name = current { names.append(name) }
                current = nil
            default: current?.append(character)
            }
        }
        return names
    }

    /// Serialization, deprecation and schema of one parameter in both versions.
    private func compare(_ parameter: OperationParameter, _ counterpart: OperationParameter) {
        let context = Self.context(counterpart)
        if Self.serialization(parameter) != Self.serialization(counterpart) {
            let (oldStyle, oldExplode) = Self.serialization(parameter)
            let (newStyle, newExplode) = Self.serialization(counterpart)
            record(
                .requestParameterSerializationChanged, location: context,
                message: "\(context) serialization changed from style \(oldStyle) (explode \(oldExplode)) "
                    + "to style \(newStyle) (explode \(newExplode))")
        }
        if counterpart.deprecated, !parameter.deprecated {
            record(.requestParameterDeprecated, location: context, message: "\(context) was deprecated")
        }
        compareSchemas(parameter.schema, counterpart.schema, at: SchemaSite(direction: .request, context: context))
    }

    /// Identity of a parameter: its location and name (header names are case-insensitive).
    private static func key(_ parameter: OperationParameter) -> String {
        let name = parameter.location == .header ? parameter.name.lowercased() : parameter.name
        return "\(parameter.location.rawValue) \(name)"
    }

    private static func context(_ parameter: OperationParameter) -> String {
        "\(parameter.location.rawValue) parameter `\(parameter.name)`"
    }

    /// Style and explode with OpenAPI's defaults filled in.
    private static func serialization(_ parameter: OperationParameter) -> (style: String, explode: Bool) {
        let style =
            parameter.style ?? (parameter.location == .query || parameter.location == .cookie ? "form" : "simple")
        return (style, parameter.explode ?? (style == "form"))
    }

    /// The request body: presence, requiredness, media types and their schemas.
    func compareRequestBody() {
        switch (old.requestBody, new.requestBody) {
        case (nil, nil):
            return
        case (nil, let body?):
            if body.required {
                record(
                    .requestBodyAddedRequired, location: "request body",
                    message: "a required request body was added")
            } else {
                record(.requestBodyAdded, location: "request body", message: "an optional request body was added")
            }
        case (.some, nil):
            record(.requestBodyRemoved, location: "request body", message: "the request body was removed")
        case (let oldBody?, let newBody?):
            if oldBody.required != newBody.required {
                if newBody.required {
                    record(
                        .requestBodyBecameRequired, location: "request body",
                        message: "the request body became required")
                } else {
                    record(
                        .requestBodyBecameOptional, location: "request body",
                        message: "the request body became optional")
                }
            }
            let matching = MediaTypeMatching(old: oldBody.content, new: newBody.content)
            for content in matching.removed {
                let context = MediaTypeMatching.context("request body", content.mediaType)
                record(
                    .requestMediaTypeRemoved, location: context,
                    message: "the request body no longer accepts \(content.mediaType)")
            }
            for content in matching.added {
                let context = MediaTypeMatching.context("request body", content.mediaType)
                record(
                    .requestMediaTypeAdded, location: context,
                    message: "the request body now also accepts \(content.mediaType)")
            }
            for (oldContent, newContent) in matching.pairs {
                let site = SchemaSite(
                    direction: .request, context: MediaTypeMatching.context("request body", newContent.mediaType))
                compareSchemas(oldContent.schema ?? .object([:]), newContent.schema ?? .object([:]), at: site)
            }
        }
    }
}
