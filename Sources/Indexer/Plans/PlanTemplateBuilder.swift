import HandbookModel
import Retrieval

/// The plan stage: derives multi-step plan templates from the API's data dependencies and from regression tests.
///
/// A dependency chain links a lookup to an operation that needs an identifier: when operation B has a required
/// path parameter (`{customer_id}`) that the items of a GET collection A return (`items[].id` of `GET /customers`),
/// the template calls A with the request's search terms, then B with the first item's identifier. Query parameters
/// naming another resource's identifier (`customer_id` on `GET /orders`, or just `customer` on `GET /invoices` when
/// `GET /customers` lists customers) chain the same way. A is preferred when its
/// path is a prefix of B's, or when its last path segment names the parameter's resource.
struct PlanTemplateBuilder {
    let handbook: CompiledHandbook

    /// Every template, chains first (by id), then tests' plans.
    func build() -> [PlanTemplate] {
        var components: [String: [String: JSONValue]] = [:]
        for schema in handbook.schemas { components[schema.apiID, default: [:]][schema.name] = schema.schema }
        let resolutions = components.mapValues(SchemaResolution.init(components:))
        let collections = handbook.operations.compactMap { operation -> Collection? in
            let resolution = resolutions[operation.apiID] ?? SchemaResolution(components: [:])
            guard let shape = CollectionShape.of(operation, resolution: resolution) else { return nil }
            let resource = Self.resourceWords(of: operation.path)
            return Collection(
                operation: operation, shape: shape, resource: resource,
                singularResource: resource.last.map(SearchText.singular),
                pathParameters: Set(operation.parameters.filter { $0.location == .path }.map(\.name)),
                pathSegments: operation.path.split(separator: "/"))
        }
        let resources = Set(collections.compactMap(\.singularResource))
        var chains: [PlanTemplate] = []
        for target in handbook.operations {
            let ownResource = Self.resourceWords(of: target.path).last.map(SearchText.singular)
            for parameter in target.parameters
            where Self.isIdentifierInput(parameter, ownResource: ownResource, resources: resources) {
                guard let source = bestSource(for: parameter, of: target, among: collections, resources: resources),
                    !chains.contains(where: { $0.id == "chain:\(source.operation.id)>\(target.id)" })
                else { continue }
                chains.append(chain(source.operation, shape: source.shape, field: source.field, target, parameter))
            }
        }
        // Links the spec declares win over inferred chains between the same operations.
        for linked in linkChains(collections: collections) {
            chains.removeAll { $0.id == linked.id }
            chains.append(linked)
        }
        let fromTests = handbook.tests.filter { $0.steps.count >= 2 }.map(template(from:))
        return chains.sorted { $0.id < $1.id } + fromTests
    }

    /// A GET collection with what matching needs, computed once.
    private struct Collection {
        let operation: APIOperation
        let shape: CollectionShape
        let resource: [String]
        let singularResource: String?
        let pathParameters: Set<String>
        let pathSegments: [Substring]
    }

    private struct Source {
        let operation: APIOperation
        let shape: CollectionShape
        let field: String
        let score: Int
    }

    private func bestSource(
        for parameter: OperationParameter, of target: APIOperation, among collections: [Collection],
        resources: Set<String>
    ) -> Source? {
        let available = Set(target.parameters.filter { $0.location == .path }.map(\.name)).subtracting([parameter.name])
        let targetSegments = target.path.split(separator: "/")
        var wanted = SearchText.words(parameter.name)
        var parameterResource = Self.parameterResource(parameter.name)
        if parameterResource == nil, let resource = Self.identifiedResource(of: parameter, among: resources) {
            parameterResource = resource
            wanted = [resource, "id"]
        }
        var best: Source?
        for collection in collections
        where collection.operation.id != target.id && collection.operation.apiID == target.apiID {
            guard collection.pathParameters.isSubset(of: available) else { continue }
            var score = 0
            if Self.isPrefix(collection.pathSegments, of: targetSegments) { score += 2 }
            if parameterResource != nil, parameterResource == collection.singularResource { score += 1 }
            guard score > 0,
                let field = Self.matchingField(wanted, in: collection.shape, resource: collection.singularResource)
            else { continue }
            let operation = collection.operation
            let candidate = Source(operation: operation, shape: collection.shape, field: field, score: score)
            if let current = best {
                let better =
                    candidate.score > current.score
                    || (candidate.score == current.score && operation.id < current.operation.id)
                if !better { continue }
            }
            best = candidate
        }
        return best
    }

    private func chain(
        _ source: APIOperation, shape: CollectionShape, field: String, _ target: APIOperation,
        _ parameter: OperationParameter
    ) -> PlanTemplate {
        var inputs = PlanInputs()
        var findArguments = JSONObject()
        for sourceParameter in source.parameters
        where sourceParameter.location != .header && sourceParameter.location != .cookie {
            findArguments[sourceParameter.name] = inputs.add(sourceParameter)
        }
        var targetArguments = JSONObject()
        for targetParameter in target.parameters
        where targetParameter.location != .header && targetParameter.location != .cookie {
            if targetParameter.name == parameter.name {
                targetArguments[parameter.name] = .string("$steps.find.response.body#\(shape.itemPointer)/\(field)")
            } else {
                targetArguments[targetParameter.name] = inputs.add(targetParameter)
            }
        }
        if let body = target.requestBody,
            let schema = (body.content.first { $0.mediaType.contains("json") } ?? body.content.first)?.schema
        {
            targetArguments["body"] = inputs.add(name: "body", schema: schema, required: body.required)
        }
        let resource = Self.parameterResource(parameter.name) ?? "item"
        let sourceTitle = source.summary ?? source.id
        let targetTitle = target.summary ?? target.id
        return PlanTemplate(
            id: "chain:\(source.id)>\(target.id)",
            title: "\(sourceTitle), then \(Self.lowercasedFirst(targetTitle))",
            description: """
                1. \(source.method) \(source.path) (\(source.id)) to find the \(resource); \
                2. \(target.method) \(target.path) (\(target.id)) with the first result's \(field) as \(parameter.name).
                """,
            origin: .dependency,
            inputs: inputs.schema,
            steps: [
                PlanStep(
                    id: "find", operation: source.id, arguments: .object(findArguments),
                    successCriteria: ["$statusCode == 200", "$response.body#\(shape.itemPointer) exists"]),
                PlanStep(id: "act", operation: target.id, arguments: .object(targetArguments), successCriteria: []),
            ],
            exampleRequests: [
                "\(Self.lowercasedFirst(targetTitle)) of a \(resource) found by name",
                "find the \(resource) and \(Self.lowercasedFirst(targetTitle))",
            ])
    }

    /// Chains from OpenAPI links: the source's success response feeds the linked operation's parameters.
    private func linkChains(collections: [Collection]) -> [PlanTemplate] {
        let byID = Dictionary(handbook.operations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var templates: [PlanTemplate] = []
        for source in handbook.operations {
            let isArray = collections.first { $0.operation.id == source.id }?.shape.itemPointer == "/0"
            for response in source.responses where response.status.hasPrefix("2") {
                for link in response.links {
                    guard let target = byID[link.operationID], target.id != source.id,
                        !templates.contains(where: { $0.id == "chain:\(source.id)>\(target.id)" })
                    else { continue }
                    templates.append(linkChain(source, target, link, responseIsArray: isArray))
                }
            }
        }
        return templates
    }

    private func linkChain(
        _ source: APIOperation, _ target: APIOperation, _ link: ResponseLink, responseIsArray: Bool
    ) -> PlanTemplate {
        var inputs = PlanInputs()
        var findArguments = JSONObject()
        for parameter in source.parameters where parameter.location == .path || parameter.location == .query {
            findArguments[parameter.name] = inputs.add(parameter)
        }
        var targetArguments = JSONObject()
        for parameter in target.parameters where parameter.location == .path || parameter.location == .query {
            if let value = link.parameters[parameter.name] {
                targetArguments[parameter.name] = Self.stepExpression(value, responseIsArray: responseIsArray)
            } else {
                targetArguments[parameter.name] = inputs.add(parameter)
            }
        }
        let sourceTitle = source.summary ?? source.id
        let targetTitle = target.summary ?? target.id
        return PlanTemplate(
            id: "chain:\(source.id)>\(target.id)",
            title: "\(sourceTitle), then \(Self.lowercasedFirst(targetTitle))",
            description: """
                1. \(source.method) \(source.path) (\(source.id)); 2. \(target.method) \(target.path) (\(target.id)) \
                with values from the first response, as the spec's link '\(link.name)' says.
                """,
            origin: .dependency,
            inputs: inputs.schema,
            steps: [
                PlanStep(
                    id: "find", operation: source.id, arguments: .object(findArguments),
                    successCriteria: ["$statusCode == 200"]),
                PlanStep(id: "act", operation: target.id, arguments: .object(targetArguments), successCriteria: []),
            ],
            exampleRequests: [
                link.description ?? "\(Self.lowercasedFirst(targetTitle)) from \(Self.lowercasedFirst(sourceTitle))"
            ])
    }

    /// A link parameter as a plan expression: `$response.body#/p` → `$steps.find.response.body#/p` (first item of an
    /// array response when the pointer does not index it), `$request.path.x` → `$inputs.x`.
    static func stepExpression(_ value: JSONValue, responseIsArray: Bool) -> JSONValue {
        guard let text = value.stringValue else { return value }
        if text.hasPrefix("$response.body") {
            var pointer = String(text.dropFirst("$response.body".count).drop { $0 == "#" })
            if responseIsArray, !(pointer.split(separator: "/").first.map { Int($0) != nil } ?? false) {
                pointer = "/0" + pointer
            }
            return .string("$steps.find.response.body#" + pointer)
        }
        for prefix in ["$request.path.", "$request.query.", "$request.header."] where text.hasPrefix(prefix) {
            return .string("$inputs." + text.dropFirst(prefix.count))
        }
        return value
    }

    private func template(from test: RegressionTest) -> PlanTemplate {
        let steps = test.steps.map { step in
            PlanStep(
                id: step.id, operation: step.operation, arguments: .object(step.arguments),
                successCriteria: step.expectation.status.map { ["$statusCode == \($0)"] } ?? [])
        }
        return PlanTemplate(
            id: "test:\(test.id)", title: test.request ?? test.name,
            description: steps.enumerated().map { "\($0 + 1). \($1.operation)" }.joined(separator: "; "),
            origin: .test, inputs: .object(["type": .string("object"), "properties": .object([:])]), steps: steps,
            exampleRequests: test.request.map { [$0] } ?? [])
    }

    // MARK: Names

    /// Whether a parameter takes an identifier another operation can look up: a required path parameter, or a query
    /// parameter naming another resource's identifier (`customer_id` on `GET /orders`).
    static func isIdentifierInput(_ parameter: OperationParameter, ownResource: String?, resources: Set<String>) -> Bool
    {
        switch parameter.location {
        case .path: return parameter.required
        case .query:
            if let resource = parameterResource(parameter.name) { return resource != ownResource }
            // A one-word parameter named after a listed resource takes its identifier when a string or an integer.
            guard let resource = identifiedResource(of: parameter, among: resources), resource != ownResource
            else { return false }
            let types = Set(
                parameter.schema["type"]?.arrayValue?.compactMap(\.stringValue)
                    ?? [parameter.schema["type"]?.stringValue ?? ""])
            return !types.isDisjoint(with: ["string", "integer"])
        default: return false
        }
    }

    /// The listed resource whose identifier a one-word parameter stands for (`customer` on `GET /invoices`, with
    /// `GET /customers` among the collections), unless it takes a name (`repo`: "the name of the repository").
    static func identifiedResource(of parameter: OperationParameter, among resources: Set<String>) -> String? {
        let words = SearchText.words(parameter.name)
        guard words.count == 1, resources.contains(SearchText.singular(words[0])),
            !ParameterMeaning.takesName(parameter.name, description: parameter.description)
        else { return nil }
        return SearchText.singular(words[0])
    }

    /// The words of the last static segment of a path (`/customers/{id}/orders` → `orders`).
    static func resourceWords(of path: String) -> [String] {
        let segment = path.split(separator: "/").last { !$0.hasPrefix("{") }.map(String.init) ?? ""
        return SearchText.words(segment)
    }

    /// The resource a parameter identifies (`customer_id`, `customerId` → `customer`), when it is an identifier.
    static func parameterResource(_ name: String) -> String? {
        let words = SearchText.words(name)
        guard words.count >= 2, let last = words.last,
            ["id", "number", "key", "slug", "name", "code", "uuid"].contains(last)
        else { return nil }
        return SearchText.singular(words[words.count - 2])
    }

    /// The field of a collection item that supplies a parameter (given as its words): the same name, or the bare
    /// identifier (`id`, `number`) when the collection is the parameter's resource (`customers` for `customer_id`).
    static func matchingField(_ wanted: [String], in shape: CollectionShape, resource: String?) -> String? {
        if let exact = shape.scalarFields.first(where: { $0.words == wanted }) { return exact.name }
        guard let identifier = wanted.last, wanted.count >= 2, let resource,
            resource == SearchText.singular(wanted[wanted.count - 2])
        else { return nil }
        return shape.scalarFields.first { $0.words == [identifier] }?.name
    }

    /// Whether a collection's path segments are a proper prefix of another path's.
    static func isPrefix(_ base: [Substring], of full: [Substring]) -> Bool {
        base.count < full.count && zip(base, full).allSatisfy { $0 == $1 }
    }

    private static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}

/// The inputs of a plan being built: a JSON Schema object, each name added once.
struct PlanInputs {
    private var properties: [(String, JSONValue)] = []
    private var required: [JSONValue] = []

    /// Adds an input (once per name) and returns the expression that refers to it.
    mutating func add(name: String, schema: JSONValue, required isRequired: Bool) -> JSONValue {
        if !properties.contains(where: { $0.0 == name }) {
            properties.append((name, schema))
            if isRequired { required.append(.string(name)) }
        }
        return .string("$inputs.\(name)")
    }

    /// Adds a parameter as an input.
    mutating func add(_ parameter: OperationParameter) -> JSONValue {
        add(name: parameter.name, schema: parameter.schema, required: parameter.required)
    }

    /// The inputs' JSON Schema.
    var schema: JSONValue {
        .object([
            "type": .string("object"), "properties": .object(JSONObject(properties)), "required": .array(required),
        ])
    }
}

/// Where the items of a collection response are and which scalar fields they have.
struct CollectionShape {
    /// JSON Pointer to the first item, such as `/items/0` or `/0`.
    let itemPointer: String
    /// The item's string, integer or number properties, with their words.
    let scalarFields: [(name: String, words: [String])]

    /// The shape of a GET operation's success response, when it returns an array of objects; `resolution` follows
    /// the API's component references and merges `allOf`s.
    static func of(_ operation: APIOperation, resolution: SchemaResolution) -> CollectionShape? {
        guard operation.method == "GET",
            let response = operation.responses.first(where: { $0.status.hasPrefix("2") }),
            let schema = response.content.first(where: { $0.mediaType.contains("json") })?.schema
        else { return nil }
        let resolved = resolution.merged(schema)
        if resolved["type"] == .string("array"), let items = resolved["items"] {
            return shape(pointer: "/0", items: items, resolution)
        }
        for member in resolved["properties"]?.objectValue?.members ?? [] {
            let property = resolution.merged(member.value)
            if property["type"] == .string("array") || property["type"]?.arrayValue?.contains(.string("array")) == true,
                let items = property["items"], let shape = shape(pointer: "/\(member.key)/0", items: items, resolution)
            {
                return shape
            }
        }
        return nil
    }

    private static func shape(pointer: String, items: JSONValue, _ resolution: SchemaResolution) -> CollectionShape? {
        let fields = (resolution.merged(items)["properties"]?.objectValue?.members ?? []).filter { member in
            let property = resolution.merged(member.value)
            let types = property["type"]?.arrayValue?.compactMap(\.stringValue) ?? [property["type"]?.stringValue ?? ""]
            return types.contains { ["string", "integer", "number"].contains($0) }
        }.map { (name: $0.key, words: SearchText.words($0.key)) }
        return fields.isEmpty ? nil : CollectionShape(itemPointer: pointer, scalarFields: fields)
    }
}
