import HandbookModel
import MCP

/// The constant set of tools the server offers, whatever the size of the API: search, describe, plan, execute.
enum ToolCatalog {
    static let search = "search"
    static let describe = "describe"
    static let execute = "execute"
    static let plan = "plan"

    /// Input schemas by tool name, for validating calls.
    static let inputSchemas: [String: JSONValue] = [
        search: searchInput, describe: describeInput, plan: planInput, execute: executeInput,
    ]

    /// The tools, with input and output schemas.
    static func tools(handbookName: String) -> [Tool] {
        [
            Tool(
                name: search,
                title: "Search the \(handbookName) handbook",
                description: """
                    Find the operations and documentation sections for a request, in plain words. Start with \
                    detail "names" or "summary" (cheap), then ask for "detailed" or "full" for the few you need, \
                    or call describe. Filters: kind (operation/doc), tags. Page with limit/offset.
                    """,
                inputSchema: searchInput.mcpValue,
                annotations: .init(readOnlyHint: true, openWorldHint: false),
                outputSchema: searchOutput.mcpValue),
            Tool(
                name: describe,
                title: "Describe operations",
                description: """
                    The full contract of chosen operations: the JSON Schema of their arguments (parameters by name, \
                    the JSON body under "body"), responses, authentication, the guardrails that apply, and related \
                    documentation.
                    """,
                inputSchema: describeInput.mcpValue,
                annotations: .init(readOnlyHint: true, openWorldHint: false),
                outputSchema: describeOutput.mcpValue),
            Tool(
                name: plan,
                title: "Plan a request",
                description: """
                    Propose how to do a request: a single operation or a multi-step plan (e.g. find a customer by \
                    name, then update it), each with a plan id, its steps in plain words, the inputs still to fill \
                    (JSON Schema) and the guardrails that apply. Then call execute with the plan id and the inputs.
                    """,
                inputSchema: planInput.mcpValue,
                annotations: .init(readOnlyHint: true, openWorldHint: false),
                outputSchema: planOutput.mcpValue),
            Tool(
                name: execute,
                title: "Execute an operation",
                description: """
                    Call one operation with arguments (parameters by name, the JSON request body under "body"), or \
                    run a plan in one call: a plan id from the plan tool with its inputs, or a plan you compose \
                    ({"steps": [{"id", "operation", "arguments"}]}, values from earlier steps as \
                    "$steps.ID.response.body#/pointer"). Arguments are validated and guardrails checked before anything \
                    is sent; errors say which field is wrong and why. Responses are checked against the spec. Large \
                    responses: pass "shape" (a shape name from describe, or a jq program such as \
                    "[.items[] | {id, name}]") to get only what you need; a step's "shape" shapes that step, and later \
                    steps read its output as "$steps.ID.shaped#/pointer". Results over the size limit are cut as \
                    valid JSON with "truncated" and "omitted".
                    """,
                inputSchema: executeInput.mcpValue,
                annotations: .init(readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true),
                outputSchema: executeOutput.mcpValue),
        ]
    }

    private static let searchInput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "query": .object(["type": .string("string"), "minLength": .int(1),
                              "description": .string("What you want to do or know, in plain words.")]),
            "kind": .object(["type": .string("string"), "enum": .array([.string("any"), .string("operation"), .string("doc")]),
                             "default": .string("any")]),
            "tags": .object(["type": .string("array"), "items": .object(["type": .string("string")]),
                             "description": .string("Only operations with any of these tags.")]),
            "detail": .object(["type": .string("string"),
                               "enum": .array([.string("names"), .string("summary"), .string("detailed"), .string("full")]),
                               "default": .string("summary"),
                               "description": .string("names: ids only; summary: + one line; detailed: + parameters; full: + schemas.")]),
            "limit": .object(["type": .string("integer"), "minimum": .int(1), "maximum": .int(50), "default": .int(5)]),
            "offset": .object(["type": .string("integer"), "minimum": .int(0), "default": .int(0)]),
        ]),
        "required": .array([.string("query")]),
        "additionalProperties": .bool(false),
    ])

    private static let searchOutput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "results": .object(["type": .string("array"), "items": .object(["type": .string("object")])]),
            "total": .object(["type": .string("integer")]),
            "nextOffset": .object(["type": .string("integer")]),
            "traceId": .object(["type": .string("string")]),
        ]),
        "required": .array([.string("results"), .string("total"), .string("traceId")]),
    ])

    private static let describeInput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "operations": .object(["type": .string("array"), "items": .object(["type": .string("string")]),
                                   "minItems": .int(1), "maxItems": .int(10),
                                   "description": .string("Operation ids, as search returns them.")]),
        ]),
        "required": .array([.string("operations")]),
        "additionalProperties": .bool(false),
    ])

    private static let describeOutput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "operations": .object(["type": .string("array"), "items": .object(["type": .string("object")])]),
            "unknown": .object(["type": .string("array"), "items": .object(["type": .string("string")])]),
            "traceId": .object(["type": .string("string")]),
        ]),
        "required": .array([.string("operations"), .string("traceId")]),
    ])

    private static let executeInput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "operation": .object(["type": .string("string"), "description": .string("The operation id.")]),
            "arguments": .object(["type": .string("object"),
                                  "description": .string("Parameters by name; the JSON request body under \"body\".")]),
            "plan": .object([
                "description": .string("A plan id from the plan tool, or a composed plan {\"steps\": [...]}."),
                "anyOf": .array([.object(["type": .string("string")]), .object(["type": .string("object")])]),
            ]),
            "inputs": .object(["type": .string("object"), "description": .string("The plan's inputs.")]),
            "request": .object(["type": .string("string"), "description": .string(
                "With a composed plan: the user's request it answers, so the plan is offered again for similar ones.")]),
            "shape": .object(["type": .string("string"), "minLength": .int(1), "maxLength": .int(4096),
                              "description": .string(
                "With an operation: a shape name from describe, or a jq program run on the response body.")]),
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
            "request": .object(["type": .string("string"), "minLength": .int(1),
                                "description": .string("What the user wants done, in plain words.")]),
            "limit": .object(["type": .string("integer"), "minimum": .int(1), "maximum": .int(10), "default": .int(3)]),
        ]),
        "required": .array([.string("request")]),
        "additionalProperties": .bool(false),
    ])

    private static let planOutput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "plans": .object(["type": .string("array"), "items": .object(["type": .string("object")])]),
            "traceId": .object(["type": .string("string")]),
        ]),
        "required": .array([.string("plans"), .string("traceId")]),
    ])

    private static let executeOutput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "traceId": .object(["type": .string("string")]),
            "operation": .object(["type": .string("string")]),
            "plan": .object(["type": .string("string")]),
            "steps": .object(["type": .string("array"), "items": .object(["type": .string("object")])]),
            "output": .object([:]),
            "outcome": .object(["type": .string("string"), "enum": .array([
                "succeeded", "failed", "upstream_error", "invalid_arguments", "denied", "confirmation_required",
                "unreachable", "unknown_operation", "missing_credentials", "shape_failed",
            ].map(JSONValue.string))]),
            "shape": .object(["type": .string("string"), "description": .string(
                "The shape applied to the body: a handbook shape's name, or jq for a program given with the call.")]),
            "status": .object(["type": .string("integer")]),
            "body": .object([:]),
            "truncated": .object(["type": .string("boolean")]),
            "omitted": .object(["type": .string("array"), "description": .string(
                "Where the result was cut to fit the size limit: path (JSON Pointer), kept, omitted, unit."),
                                "items": .object(["type": .string("object")])]),
            "hint": .object(["type": .string("string"), "description": .string(
                "When the result was cut: how to ask for less (paging, a shape).")]),
            "message": .object(["type": .string("string")]),
            "policy": .object(["type": .string("string")]),
            "violations": .object(["type": .string("array")]),
            "redacted": .object(["type": .string("array"), "items": .object(["type": .string("string")])]),
            "evaluation": .object(["type": .string("object")]),
            "durationMs": .object(["type": .string("number")]),
            "attempts": .object(["type": .string("integer")]),
        ]),
        "required": .array([.string("traceId"), .string("outcome")]),
    ])
}
