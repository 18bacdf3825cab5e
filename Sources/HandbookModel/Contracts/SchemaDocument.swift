/// Makes operation schemas self-contained: component references become `#/$defs/NAME` with the components they reach
/// copied into `$defs`, so an agent or a validator can use one schema without the bundle.
public struct SchemaDocument: Sendable {
    /// Looks up a component schema by name.
    public let component: @Sendable (String) -> JSONValue?

    /// A schema document builder resolving components with `component`.
    public init(component: @escaping @Sendable (String) -> JSONValue?) {
        self.component = component
    }

    /// `schema` with its component references rewritten to `#/$defs/NAME` and those components in `$defs`.
    /// Components that cannot be found stay as references (and are listed nowhere).
    public func selfContained(_ schema: JSONValue) -> JSONValue {
        var definitions: [(String, JSONValue)] = []
        var seen = Set<String>()
        var pending = SchemaReferences.names(in: schema)
        while let name = pending.popLast() {
            guard seen.insert(name).inserted, let target = component(name) else { continue }
            definitions.append((name, Self.rewritingReferences(target)))
            pending += SchemaReferences.names(in: target)
        }
        var result = Self.rewritingReferences(schema)
        guard !definitions.isEmpty else { return result }
        if case .object(var object) = result {
            object["$defs"] = .object(JSONObject(definitions.sorted { $0.0 < $1.0 }))
            result = .object(object)
        } else {
            result = .object(["allOf": .array([result]), "$defs": .object(JSONObject(definitions.sorted { $0.0 < $1.0 }))])
        }
        return result
    }

    /// The JSON Schema of an operation's call arguments: its parameters by name and the JSON request body under
    /// `body`, with unknown arguments rejected.
    public static func arguments(of operation: APIOperation) -> JSONValue {
        var properties: [(String, JSONValue)] = []
        var required: [JSONValue] = []
        for parameter in operation.parameters {
            var schema = parameter.schema
            if let description = parameter.description, case .object(var object) = schema, object["description"] == nil {
                object["description"] = .string(description)
                schema = .object(object)
            }
            properties.append((parameter.name, schema))
            if parameter.required { required.append(.string(parameter.name)) }
        }
        if let body = operation.requestBody {
            let content = body.content.first { $0.mediaType.contains("json") } ?? body.content.first
            properties.append(("body", content?.schema ?? .object([:])))
            if body.required { required.append(.string("body")) }
        }
        var object: JSONObject = [
            "type": .string("object"),
            "properties": .object(JSONObject(properties)),
            "additionalProperties": .bool(false),
        ]
        if !required.isEmpty { object["required"] = .array(required) }
        return .object(object)
    }

    private static func rewritingReferences(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { member in
                if member.key == "$ref", let reference = member.value.stringValue,
                   let name = SchemaComponent.name(fromReference: reference) {
                    return (member.key, .string("#/$defs/" + name))
                }
                return (member.key, rewritingReferences(member.value))
            }))
        case .array(let elements):
            return .array(elements.map(rewritingReferences))
        default:
            return value
        }
    }
}
