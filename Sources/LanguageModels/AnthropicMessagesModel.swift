import AsyncHTTPClient
import HandbookModel

/// The Anthropic Messages API (`POST {base}/v1/messages`): `x-api-key`, `anthropic-version: 2023-06-01`, the system
/// prompt beside the messages, temperature 0.
public struct AnthropicMessagesModel: LanguageModel {
    /// The API version sent with every request.
    static let version = "2023-06-01"
    /// Most tokens an answer may have (a plan is short).
    static let maximumTokens = 2048

    let endpoint: ModelEndpoint
    let model: String

    public var name: String { "anthropic \(model)" }

    /// A model at `baseURL` (such as `https://api.anthropic.com`).
    public init(baseURL: String, model: String, key: String, timeout: Duration, client: HTTPClient) {
        endpoint = ModelEndpoint(
            client: client, url: ModelEndpoint.url(baseURL, "/v1/messages"),
            headers: [("x-api-key", key), ("anthropic-version", Self.version)], timeout: timeout, key: key)
        self.model = model
    }

    public func complete(system: String, messages: [ChatMessage]) async throws(LanguageModelError) -> ChatCompletion {
        let (json, latency) = try await endpoint.post(Self.body(model: model, system: system, messages: messages))
        return try Self.completion(from: json, latency: latency)
    }

    /// The request body.
    static func body(model: String, system: String, messages: [ChatMessage]) -> JSONValue {
        .object([
            "model": .string(model),
            "max_tokens": .integer(maximumTokens),
            "temperature": .int(0),
            "system": .string(system),
            "messages": .array(
                messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) }),
        ])
    }

    /// The answer in a response body: its text blocks joined, and the usage.
    static func completion(from json: JSONValue, latency: Duration) throws(LanguageModelError) -> ChatCompletion {
        let blocks = json["content"]?.arrayValue?.filter { $0["type"]?.stringValue == "text" } ?? []
        guard !blocks.isEmpty else { throw .malformed("no text block in content") }
        return ChatCompletion(
            text: blocks.compactMap { $0["text"]?.stringValue }.joined(),
            inputTokens: json["usage"]?["input_tokens"]?.doubleValue.map { Int($0) },
            outputTokens: json["usage"]?["output_tokens"]?.doubleValue.map { Int($0) }, latency: latency)
    }
}
