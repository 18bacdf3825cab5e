import HandbookModel

/// A required input of a plan that neither the request nor the given inputs fill, with its JSON Schema, so a person
/// (or an agent) can supply it.
public struct MissingInput: Sendable, Hashable {
    /// The input's name (`$inputs.NAME` in the plan).
    public var name: String
    /// Its JSON Schema, self-contained (component references inlined under `$defs`).
    public var schema: JSONValue

    /// A missing input.
    public init(name: String, schema: JSONValue) {
        self.name = name
        self.schema = schema
    }

    /// Whether a form can ask for it: a string, number, integer or boolean, or a choice among strings (what MCP
    /// elicitation and a terminal prompt can ask; objects and arrays cannot be).
    public var isAskable: Bool {
        if schema["enum"]?.arrayValue?.allSatisfy({ $0.stringValue != nil }) == true { return true }
        guard let type = schema["type"]?.stringValue else { return false }
        return ["string", "number", "integer", "boolean"].contains(type)
    }

    /// The structured form returned to agents.
    public var json: JSONValue { .object(["name": .string(name), "schema": schema]) }

    /// The required inputs of `plan` that `inputs` lack, in the order the plan's input schema lists them; a schema
    /// that is a reference is replaced by the component it names (keeping the keywords beside the reference), so
    /// its type shows.
    static func missing(from plan: PlanTemplate, inputs: JSONObject, document: SchemaDocument) -> [MissingInput] {
        let required = plan.inputs["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let properties = plan.inputs["properties"]?.objectValue ?? JSONObject()
        return required.filter { inputs[$0] == nil }.map { name in
            let declared = properties[name] ?? .object([:])
            var schema = SchemaComponent.followingReferences(declared) { reference in
                SchemaComponent.name(fromReference: reference).flatMap(document.component)
            }
            if declared["$ref"] != nil, var object = schema.objectValue {
                for member in declared.objectValue?.members ?? [] where member.key != "$ref" {
                    object[member.key] = member.value
                }
                schema = .object(object)
            }
            return MissingInput(name: name, schema: document.selfContained(schema))
        }
    }

    /// A value typed in a form (a terminal line, a text field) as the JSON value `schema` asks for: numbers, integers
    /// and booleans parsed, anything else kept as text; `nil` when the text does not parse as the type.
    public static func value(of text: String, for schema: JSONValue) -> JSONValue? {
        switch schema["type"]?.stringValue {
        case "integer": Int(text).map(JSONValue.integer)
        case "number": Double(text).map(JSONValue.double)
        case "boolean":
            ["true", "yes", "y"].contains(text.lowercased())
                ? .bool(true)
                : ["false", "no", "n"].contains(text.lowercased()) ? .bool(false) : nil
        default: .string(text)
        }
    }
}
