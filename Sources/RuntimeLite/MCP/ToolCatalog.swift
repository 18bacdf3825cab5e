import HandbookModel
import MCP

/// The constant set of tools the server offers, whatever the size of the API: search, describe, execute.
enum ToolCatalog {
    static let search = "search"
    static let describe = "describe"
    static let execute = "execute"

    /// Input schemas by tool name, for validating calls.
    static let inputSchemas: [String: JSONValue] = [
        search: searchInput, describe: describeInput, execute: executeInput,
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
                name: execute,
                title: "Execute an operation",
                description: """
                    Call one operation of the API with arguments: parameters by name, the JSON request body under \
                    "body". Arguments are validated first and guardrails checked before anything is sent; errors say \
                    which field is wrong and why. The response is checked against the spec and returned with its status.
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
        ]),
        "required": .array([.string("operation")]),
        "additionalProperties": .bool(false),
    ])

    private static let executeOutput: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "traceId": .object(["type": .string("string")]),
            "operation": .object(["type": .string("string")]),
            "outcome": .object(["type": .string("string"), "enum": .array([
                "succeeded", "upstream_error", "invalid_arguments", "denied", "confirmation_required", "unreachable",
                "unknown_operation",
            ].map(JSONValue.string))]),
            "status": .object(["type": .string("integer")]),
            "body": .object([:]),
            "truncated": .object(["type": .string("boolean")]),
            "message": .object(["type": .string("string")]),
            "policy": .object(["type": .string("string")]),
            "violations": .object(["type": .string("array")]),
            "redacted": .object(["type": .string("array"), "items": .object(["type": .string("string")])]),
            "evaluation": .object(["type": .string("object")]),
            "durationMs": .object(["type": .string("number")]),
            "attempts": .object(["type": .string("integer")]),
        ]),
        "required": .array([.string("traceId"), .string("operation"), .string("outcome"), .string("durationMs")]),
    ])
}
