import Foundation
import HandbookModel

/// An input of an operation that identifies something, so a plan must state it or find it first: a path parameter,
/// or a query parameter or top-level body field that holds an identifier (`customer`, `droplet_ids`, `milestone`).
struct PlanInput: Sendable, Hashable {
    /// Where the value goes.
    enum Location: String, Sendable, Hashable {
        case path
        case query
        case body
    }

    /// The parameter or body field name.
    var name: String
    /// Where it goes.
    var location: Location
    /// Whether the call must have it.
    var required: Bool
    /// The resources it may identify, as singular words: its name without key words (`node_pool_id` → `node`,
    /// `pool`) and the path segment before it (`/load_balancers/{lb_id}` → `load`, `balancer`).
    var resources: [[String]]
    /// Which value of the resource it takes: `id`, `number`, `slug`, `login`, `sha`, or `name` for inputs that take
    /// a name people write.
    var key: String
    /// Its JSON types (empty when undeclared).
    var types: [String]
    /// Whether it takes a name people write (`repo`, `org`, `team_slug`) rather than a generated identifier.
    var takesName: Bool
    /// Whether it takes a list of identifiers (`droplet_ids`).
    var isList: Bool
    /// The schema, component references followed.
    var schema: JSONValue
    /// What it means, as the spec says.
    let description: String
    /// The kinds of thing whose names its description says it takes ("A revision sha, a branch name or a tag name"
    /// → `branch`, `tag`), singular, in the order written; read once, when the input is made (planning asks for
    /// them at every lookup it weighs).
    let describedKinds: [String]
    /// Which half of a stated `owner/name` pair it takes: 0 for a path parameter right before another
    /// (`{owner}/{repo}`), 1 for the one after; `nil` for a parameter with no other beside it.
    var halfOfPair: Int?
    /// The list field of the request body whose item holds it (`entries` for the `book` of `entries[].book`); `nil`
    /// for a parameter or a top-level body field.
    var container: String?

    init(
        name: String, location: Location, required: Bool, resources: [[String]], key: String, types: [String],
        takesName: Bool, isList: Bool, schema: JSONValue, description: String, halfOfPair: Int? = nil,
        container: String? = nil
    ) {
        self.name = name
        self.location = location
        self.required = required
        self.resources = resources
        self.key = key
        self.types = types
        self.takesName = takesName
        self.isList = isList
        self.schema = schema
        self.description = description
        describedKinds = Self.kindsNamed(in: description)
        self.halfOfPair = halfOfPair
        self.container = container
    }

    /// The kinds of thing whose names `description` says are taken (``describedKinds``).
    private static func kindsNamed(in description: String) -> [String] {
        let text = description.lowercased()
        guard let pattern = Self.namedKind else { return [] }
        var kinds: [String] = []
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range(at: 1), in: text) else { continue }
            let kind = SearchText.singular(String(text[range]))
            if !Self.notKinds.contains(kind), !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }

    /// "… branch name", "label names": the word before `name` in a description.
    private static let namedKind = try? NSRegularExpression(pattern: #"\b([a-z]+) names?\b"#)

    /// Words that come before "name" without naming a kind of thing ("the name", "display name", "full name").
    private static let notKinds: Set<String> = [
        "the", "a", "an", "its", "their", "this", "that", "of", "by", "or", "and", "with", "display", "full", "first",
        "last", "user", "file", "unique", "exact", "partial",
    ]

    /// The inputs of `operation` that identify something; `resolution` follows the API's component references,
    /// `resources` are the API's collection resources (singular words joined by spaces), so `customer` on a body
    /// counts.
    static func inputs(
        of operation: APIOperation, resolution: SchemaResolution, resources: Set<String>
    ) -> [PlanInput] {
        let resolve = resolution.followingReferences
        var inputs: [PlanInput] = []
        for parameter in operation.parameters where parameter.location == .path || parameter.location == .query {
            let schema = resolve(parameter.schema)
            let location: Location = parameter.location == .path ? .path : .query
            guard
                location == .path
                    || identifies(
                        parameter.name, schema: schema, resources: resources, path: operation.path,
                        required: parameter.required, resolve: resolve)
            else { continue }
            inputs.append(
                make(
                    name: parameter.name, location: location, required: parameter.required || location == .path,
                    schema: schema, description: parameter.description ?? schema["description"]?.stringValue ?? "",
                    path: operation.path))
        }
        if let body = operation.requestBody,
            let raw = (body.content.first { $0.mediaType.contains("json") } ?? body.content.first)?.schema
        {
            for field in bodyFields(of: raw, resolution: resolution) {
                if identifies(
                    field.name, schema: field.schema, resources: resources, path: operation.path,
                    required: field.required, resolve: resolve)
                {
                    inputs.append(
                        make(
                            name: field.name, location: .body, required: field.required, schema: field.schema,
                            description: field.schema["description"]?.stringValue ?? "", path: operation.path))
                    continue
                }
                // A list of objects, each naming something (`entries[].book` of a new loan): the first
                // item's identifiers are inputs too, required when the list is and the item requires them or
                // nothing.
                guard let item = field.schema["items"].map(resolve), listsObjects(field.schema, resolve: resolve)
                else { continue }
                let members = resolution.properties(of: item)
                let itemRequiresNothing = !members.contains(where: \.required)
                for member in members {
                    let schema = resolve(member.schema)
                    guard
                        identifies(
                            member.name, schema: schema, resources: resources, path: operation.path,
                            required: field.required && (member.required || itemRequiresNothing), resolve: resolve)
                    else { continue }
                    var input = make(
                        name: member.name, location: .body,
                        required: field.required && (member.required || itemRequiresNothing),
                        schema: schema, description: schema["description"]?.stringValue ?? "", path: operation.path)
                    input.container = field.name
                    inputs.append(input)
                }
            }
        }
        return inputs
    }

    /// The optional query parameters of `operation` that identify nothing (``inputs(of:resolution:resources:)``
    /// leaves them out) but narrow what it returns: `email` of `GET /v1/customers`, `ip` of a list of addresses. A
    /// value the request states in their own format (an e-mail address, an IP address) goes there.
    static func filters(
        of operation: APIOperation, resolution: SchemaResolution, resources: Set<String>
    ) -> [PlanInput] {
        operation.parameters.compactMap { parameter in
            let schema = resolution.followingReferences(parameter.schema)
            guard parameter.location == .query, !parameter.required,
                !identifies(
                    parameter.name, schema: schema, resources: resources, path: operation.path, required: false,
                    resolve: resolution.followingReferences)
            else { return nil }
            return make(
                name: parameter.name, location: .query, required: false, schema: schema,
                description: parameter.description ?? schema["description"]?.stringValue ?? "", path: operation.path)
        }
    }

    /// The top-level fields of a request body, through `allOf` (required where any part requires them) and
    /// `oneOf`/`anyOf` branches that are kinds of a body of several (`type: attach` with a `droplet_id`: each
    /// kind's fields are optional inputs), first appearance kept, each field's references followed.
    private static func bodyFields(
        of raw: JSONValue, resolution: SchemaResolution
    ) -> [(name: String, schema: JSONValue, required: Bool)] {
        let resolve = resolution.followingReferences
        // A branch is one kind of a body of several when it requires a field with enumerated values (`type: attach`),
        // itself or through `allOf`.
        return resolution.properties(of: raw) {
            !requiredEnumerations(of: $0, resolve: resolve, through: ["allOf"]).isEmpty
        }.map {
            (name: $0.name, schema: resolve($0.schema), required: $0.required)
        }
    }

    /// The enumerated values of each required field of `raw` with an `enum` (`type: attach | detach | resize`), and of
    /// the schemas it combines through `branches` (`allOf`, `oneOf`, `anyOf`), up to `depth` levels; `resolve` follows
    /// component references. What a request body says the call does.
    static func requiredEnumerations(
        of raw: JSONValue, resolve: (JSONValue) -> JSONValue, through branches: [String], depth: Int = 3
    ) -> [[JSONValue]] {
        guard depth > 0 else { return [] }
        let schema = resolve(raw)
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var enumerations: [[JSONValue]] = []
        for member in schema["properties"]?.objectValue?.members ?? [] where required.contains(member.key) {
            if let values = resolve(member.value)["enum"]?.arrayValue { enumerations.append(values) }
        }
        for key in branches {
            for branch in schema[key]?.arrayValue ?? [] {
                enumerations += requiredEnumerations(of: branch, resolve: resolve, through: branches, depth: depth - 1)
            }
        }
        return enumerations
    }

    /// Whether a query parameter or body field holds an identifier: its last word is a key word (`host_id`,
    /// `droplet_ids`), or its name is a resource of the API (`customer`, `milestone`), and it is a scalar or a list —
    /// never a paging parameter (`page` is no page of a site, `starting_after` no object to look up) and never one
    /// of a fixed set of values or with a default (`permission: pull | triage | push`, or `permission` defaulting to
    /// `push`, is a setting stated or left out, not looked up).
    private static func identifies(
        _ name: String, schema: JSONValue, resources: Set<String>, path: String, required: Bool,
        resolve: (JSONValue) -> JSONValue
    ) -> Bool {
        let types = types(of: schema)
        guard !types.contains("object"), !types.contains("boolean"), !pagingParameters.contains(name.lowercased()),
            schema["enum"] == nil, schema["default"] == nil, !listsObjects(schema, resolve: resolve)
        else { return false }
        let words = SearchText.words(name)
        guard let last = words.last else { return false }
        // A required bare `ids` (`PUT /me/following/channels?ids=`) lists the things its path is about; an optional
        // one only narrows a list.
        if bareKeys.contains(last), words.count == 1 { return required && !PlanningWords.pathResource(path).isEmpty }
        if PlanningWords.generatedKeys.contains(last) || last == "number" { return words.count > 1 }
        return resources.contains(words.map(SearchText.singular).joined(separator: " "))
    }

    /// Whether `schema` is a list of objects (`entries: [{book, copies}]`), whose items identify nothing
    /// themselves; `resolve` follows component references.
    private static func listsObjects(_ schema: JSONValue, resolve: (JSONValue) -> JSONValue) -> Bool {
        guard let items = schema["items"].map(resolve) else { return false }
        return types(of: items).contains("object") || items["properties"] != nil
    }

    /// Names that are a plural key word alone: a query parameter or body field so named lists things its path is
    /// about (a bare `id` of a new thing's body is the id it is to have).
    private static let bareKeys: Set<String> = ["ids", "uuids"]

    /// Names of parameters that page through a list.
    private static let pagingParameters: Set<String> = [
        "page", "per_page", "page_size", "pagesize", "page_token", "pagetoken", "next_page", "cursor", "limit",
        "offset", "starting_after", "ending_before", "after", "before", "since", "continuation_token", "next_token",
    ]

    private static func make(
        name: String, location: Location, required: Bool, schema: JSONValue, description: String, path: String
    ) -> PlanInput {
        var words = PlanningWords.singularWords(name)
        if words == ["username"] { words = ["user", "login"] }
        let keyWord = words.last.flatMap { PlanningWords.keyWords.contains($0) || $0 == "name" ? $0 : nil }
        let own = keyWord == nil ? words : Array(words.dropLast())
        var resources: [[String]] = own.isEmpty ? [] : [own]
        if location == .path, let before = segment(before: name, in: path), before != own {
            resources.append(before)
        } else if location != .path, own.isEmpty, bareKeys.contains(name.lowercased()) {
            resources.append(PlanningWords.pathResource(path))
        }
        let types = types(of: schema)
        let takesName =
            !types.contains("integer")
            && ParameterMeaning.takesName(name, description: description.isEmpty ? nil : description)
        var key = keyWord.map { $0 == "ids" ? "id" : $0 == "uuids" ? "uuid" : $0 } ?? (takesName ? "name" : "id")
        if key == "identifier" { key = "id" }
        // `/cat/{tag}`: a path parameter named for another thing than the segment before it, by no key word, holds
        // that thing (a tag of cats), not the key of an item of the segment's.
        if location == .path, keyWord == nil, !takesName, let last = own.last,
            let before = segment(before: name, in: path), !PlanningWords.endsWith(before, own)
        {
            key = last
        }
        return PlanInput(
            name: name, location: location, required: required, resources: resources, key: key, types: types,
            takesName: takesName, isList: types.contains("array") || name.hasSuffix("ids"), schema: schema,
            description: description, halfOfPair: location == .path ? halfOfPair(name, in: path) : nil)
    }

    /// Which half of two adjacent path parameters `{name}` is (``halfOfPair``).
    private static func halfOfPair(_ name: String, in path: String) -> Int? {
        let segments = path.split(separator: "/")
        guard let index = segments.firstIndex(of: Substring("{\(name)}")) else { return nil }
        func isParameter(_ at: Int) -> Bool { segments.indices.contains(at) && segments[at].hasPrefix("{") }
        return isParameter(index + 1) ? 0 : isParameter(index - 1) ? 1 : nil
    }

    /// The singular words of the static path segment right before `{name}`.
    private static func segment(before name: String, in path: String) -> [String]? {
        let segments = path.split(separator: "/")
        guard let index = segments.firstIndex(of: Substring("{\(name)}")), index > 0,
            !segments[index - 1].hasPrefix("{")
        else { return nil }
        return PlanningWords.singularWords(String(segments[index - 1]))
    }

    static func types(of schema: JSONValue) -> [String] {
        if let list = schema["type"]?.arrayValue { return list.compactMap(\.stringValue) }
        if let single = schema["type"]?.stringValue { return [single] }
        var collected: [String] = []
        for key in ["anyOf", "oneOf"] {
            for member in schema[key]?.arrayValue ?? [] { collected += types(of: member) }
        }
        return collected
    }
}
