import HandbookModel

/// A scalar field of an operation's success response, with where it sits and what it belongs to:
/// `droplets[].id` is the field `id` at `/droplets/0/id` inside a `droplet`.
struct ResponseField: Sendable, Hashable {
    /// The JSON pointer that reaches the field, taking the first item of every array on the way (`/droplets/0/id`).
    var pointer: String
    /// The field's name, split into lower-case words (`vpc_uuid` → `vpc`, `uuid`).
    var words: [String]
    /// What the object holding the field is, most specific first, each as singular lower-case words: the property
    /// or array naming it (`workflow_runs` → `workflow`, `run`), the component schema it is (`workflow-run`), the
    /// value of a constant `object` member (`charge`) and, at the top level, the resource the path names.
    var owners: [[String]]
    /// How deep the field sits (0: a member of the top-level object or of the top-level array's items).
    var depth: Int
    /// The readable form, such as `droplets[].id`.
    var display: String
    /// Whether the field holds a list of scalars (`volume_ids`); its pointer then reaches the whole list.
    var isList: Bool
    /// Whether the field (or each item of a list) is declared a string and nothing else: no number-typed input's value.
    var isText: Bool

    /// The pointer of the array whose first item holds the field (`/droplets` of `/droplets/0/id`, the empty pointer
    /// of `/0/name`), or `nil` when no array is on the way.
    var listPointer: String? {
        pointer.range(of: "/0/").map { String(pointer[..<$0.lowerBound]) }
    }
}

/// Lists the scalar fields of a response schema, following component references (each at most once per branch).
struct ResponseFieldWalker {
    /// Follows the component references of the operation's API.
    let resolution: SchemaResolution
    /// The most fields listed per response.
    static let fieldLimit = 400
    /// How deep nested objects are followed.
    static let depthLimit = 4
    /// Names (singular) of the member that holds a page's things, and of nothing else (`nodes` or `entries` may be
    /// things of their own).
    static let envelopeKeys: Set<String> = ["item", "data", "datum", "result"]
    /// Names (singular) of the object member that describes the object holding it (`metadata.name` of a Kubernetes
    /// object, `attributes.name` of a JSON:API resource): its fields are that object's.
    static let descriptionKeys: Set<String> = ["metadata", "attribute"]

    /// The fields of `schema`; `pathResource` is the resource the operation's path names (owner of top-level fields).
    func fields(of schema: JSONValue, pathResource: [String]) -> [ResponseField] {
        var fields: [ResponseField] = []
        walk(schema, pointer: "", display: "", owners: pathResource.isEmpty ? [] : [pathResource], depth: 0,
             visited: [], into: &fields)
        return fields
    }

    private func walk(
        _ schema: JSONValue, pointer: String, display: String, owners: [[String]], depth: Int, visited: Set<String>,
        into fields: inout [ResponseField]
    ) {
        guard fields.count < Self.fieldLimit, depth <= Self.depthLimit else { return }
        var schema = schema
        var owners = owners
        var visited = visited
        for _ in 0..<6 {
            guard let reference = schema["$ref"]?.stringValue, let name = SchemaComponent.name(fromReference: reference)
            else { break }
            guard visited.insert(name).inserted, let target = resolution.schema(forReference: reference) else { return }
            owners.append(PlanningWords.singularWords(name))
            schema = target
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for member in schema[key]?.arrayValue ?? [] {
                walk(member, pointer: pointer, display: display, owners: owners, depth: depth, visited: visited, into: &fields)
            }
        }
        if let items = schema["items"] {
            // `GET /api/tags` answering `["cute", "orange"]`: each item is a value of the thing the path names.
            if pointer.isEmpty, let thing = owners.first, let type = resolution.followingReferences(items)["type"]?
                .stringValue, ["string", "integer"].contains(type), !isEnumerated(items)
            {
                fields.append(ResponseField(
                    pointer: "/0", words: thing, owners: owners, depth: depth, display: "[]", isList: false,
                    isText: type == "string"))
                return
            }
            walk(items, pointer: pointer + "/0", display: display + "[]", owners: owners, depth: depth, visited: visited,
                 into: &fields)
            return
        }
        guard let properties = schema["properties"]?.objectValue else { return }
        if let kind = properties["object"]?["enum"]?.arrayValue, kind.count == 1, let name = kind[0].stringValue {
            owners.insert(PlanningWords.singularWords(name), at: 0)
        }
        for member in properties.members {
            let childPointer = pointer + "/" + JSONPointer.escape(member.key)
            let childDisplay = display.isEmpty ? member.key : display + "." + member.key
            if isScalar(member.value) {
                // A field of a few fixed values (`permissions.issues: read | write`) or a flag identifies nothing.
                guard !isEnumerated(member.value) else { continue }
                fields.append(ResponseField(
                    pointer: childPointer, words: SearchText.words(member.key), owners: owners, depth: depth,
                    display: childDisplay, isList: isList(member.value), isText: isText(member.value)))
            } else {
                // The list of a page (`items`, `data`, `results`) holds things of what holds it (the shows of a
                // show page), as a description (an object named `metadata`, not a list of `attributes`) describes
                // it; any other member is a thing of its own (`owner`, `head`).
                let words = PlanningWords.singularWords(member.key)
                let word = words.count == 1 ? words[0] : ""
                let describes = Self.descriptionKeys.contains(word)
                    && resolution.followingReferences(member.value)["items"] == nil
                let envelope = Self.envelopeKeys.contains(word) || describes
                walk(member.value, pointer: childPointer, display: childDisplay,
                     owners: envelope ? owners : [words], depth: depth + 1, visited: visited, into: &fields)
            }
        }
    }

    /// Whether a schema is a scalar (or an array of scalars, such as `volume_ids`), following references.
    private func isScalar(_ schema: JSONValue) -> Bool {
        var schema = schema
        if let reference = schema["$ref"]?.stringValue {
            guard let target = resolution.schema(forReference: reference) else { return true }
            schema = target
        }
        if schema["properties"] != nil { return false }
        if let items = schema["items"] { return isScalar(items) && items["$ref"] == nil }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let members = schema[key]?.arrayValue, members.contains(where: { !isScalar($0) }) {
                // An expandable reference (an id string or the object) counts as a scalar: its id is what comes back.
                return members.contains { $0["type"]?.stringValue == "string" }
            }
        }
        return true
    }

    /// Whether a scalar schema takes one of a few fixed values or is a boolean, following a reference.
    private func isEnumerated(_ schema: JSONValue) -> Bool {
        var schema = schema
        if let reference = schema["$ref"]?.stringValue {
            schema = resolution.schema(forReference: reference) ?? schema
        }
        return schema["enum"] != nil || schema["type"]?.stringValue == "boolean"
    }

    /// Whether a scalar schema (or its items) is of type `string` alone, following references.
    private func isText(_ schema: JSONValue) -> Bool {
        let schema = resolution.followingReferences(schema)
        if let items = schema["items"] { return isText(items) }
        return schema["type"]?.stringValue == "string"
    }

    private func isList(_ schema: JSONValue) -> Bool {
        if let reference = schema["$ref"]?.stringValue {
            return resolution.schema(forReference: reference)?["items"] != nil
        }
        return schema["items"] != nil
    }
}
