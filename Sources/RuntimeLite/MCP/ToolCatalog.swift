import HandbookModel
import MCP

/// The constant set of tools the server offers, whatever the size of the API: search, describe, plan, execute.
enum ToolCatalog {
    static let search = "search"
    static let describe = "describe"
    static let execute = "execute"
    static let plan = "plan"

    /// Input schemas by tool name, for validating calls: every constraint is enforced, though ``tools`` advertises
    /// only the ones an agent needs to write a call (see ``advertised(_:)``).
    static let inputSchemas: [String: JSONValue] = [
        search: searchInput, describe: describeInput, plan: planInput, execute: executeInput, RunTool.name: RunTool.input,
        GroupsTool.name: GroupsTool.input, FeedbackTool.name: FeedbackTool.input,
    ]

    /// The tools as `tools/list` answers them. Every token here is read by the agent before each conversation, so
    /// the descriptions teach the flow (search → describe → execute, plan for several steps) in as few words as hold
    /// it, with the rest in the server's instructions; input schemas are advertised without the constraints the
    /// server enforces anyway; no output schemas (results are JSON objects, as MCP's structured content always is, and
    /// their members are documented in docs/serving.md: a schema saying only "object" cost 33 characters a tool and
    /// taught nothing); annotations only where not the default.
    static let tools: [Tool] = [
        Tool(
            name: search,
            description: """
                Step 1: find operations and docs for a request in plain words; detail names or summary first, \
                full for the few you keep.
                """,
            inputSchema: advertised(searchInput), annotations: .init(readOnlyHint: true)),
        Tool(
            name: describe,
            description: "Step 2: argument schema, responses, shapes and guardrails of operations.",
            inputSchema: advertised(describeInput), annotations: .init(readOnlyHint: true)),
        Tool(
            name: plan,
            description: """
                Plans for multi-step requests (find X by name, then update it): id, steps, inputs to fill.
                """,
            inputSchema: advertised(planInput), annotations: .init(readOnlyHint: true)),
        Tool(
            name: execute,
            description: """
                Step 3: call an operation with arguments (parameters by name, JSON body under "body"), a plan id \
                with inputs, or {"steps":[{id,operation,arguments}]} whose later steps read \
                "$steps.ID.response.body#/pointer"; add "request" to learn it. shape: a shape name or jq. Fix the \
                fields errors name; never retry a denied call.
                """,
            inputSchema: advertised(executeInput)),
        RunTool.tool,
        GroupsTool.tool,
    ]

    /// The schema keywords the server enforces but does not advertise: the agent writes the same call without them,
    /// and a call that breaks one is answered with the field and the rule.
    private static let enforcedOnly: Set<String> = [
        "additionalProperties", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "oneOf",
    ]

    /// `schema` as advertised: without the ``enforcedOnly`` keywords, in it and in the schemas it holds.
    static func advertised(_ schema: JSONValue) -> Value {
        func stripped(_ schema: JSONValue) -> JSONValue {
            guard let object = schema.objectValue else { return schema }
            return .object(JSONObject(object.members.compactMap { key, value in
                switch key {
                case _ where enforcedOnly.contains(key): nil
                case "properties":
                    (key, .object(JSONObject((value.objectValue?.members ?? []).map { ($0.key, stripped($0.value)) })))
                case "items": (key, stripped(value))
                default: (key, value)
                }
            }))
        }
        return stripped(schema).mcpValue
    }

    private static let searchInput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "query": .object(["type": .string("string"), "minLength": .int(1)]),
            "kind": .object(["type": .string("string"), "enum": .array([.string("any"), .string("operation"), .string("doc")])]),
            "tags": .object(["type": .string("array"), "items": .object(["type": .string("string")])]),
            "detail": .object(["type": .string("string"),
                               "enum": .array([.string("names"), .string("summary"), .string("detailed"), .string("full")])]),
            "limit": .object(["type": .string("integer"), "minimum": .int(1), "maximum": .int(50)]),
            "offset": .object(["type": .string("integer"), "minimum": .int(0), "maximum": .int(10_000)]),
            "group": .object(["type": .string("string")]),
        ]),
        "required": .array([.string("query")]),
        "additionalProperties": .bool(false),
    ])

    private static let describeInput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "operations": .object(["type": .string("array"), "items": .object(["type": .string("string")]),
                                   "minItems": .int(1), "maxItems": .int(10)]),
            "group": .object(["type": .string("string")]),
        ]),
        "required": .array([.string("operations")]),
        "additionalProperties": .bool(false),
    ])

    private static let executeInput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "operation": .object(["type": .string("string")]),
            "arguments": .object(["type": .string("object")]),
            "plan": .object(["type": .array([.string("string"), .string("object")])]),
            "inputs": .object(["type": .string("object")]),
            "request": .object(["type": .string("string")]),
            "shape": .object(["type": .string("string"), "minLength": .int(1), "maxLength": .int(4096)]),
            "group": .object(["type": .string("string")]),
        ]),
        "oneOf": .array([
            .object(["required": .array([.string("operation")])]),
            .object(["required": .array([.string("plan")])]),
        ]),
        "additionalProperties": .bool(false),
    ])

    private static let planInput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "request": .object(["type": .string("string"), "minLength": .int(1)]),
            "limit": .object(["type": .string("integer"), "minimum": .int(1), "maximum": .int(10)]),
            "group": .object(["type": .string("string")]),
        ]),
        "required": .array([.string("request")]),
        "additionalProperties": .bool(false),
    ])
}
