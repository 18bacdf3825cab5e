import AsyncHTTPClient
import HandbookModel

/// The OpenAI-compatible chat completions API (`POST {base}/chat/completions`), which OpenAI, Ollama, vLLM, the
/// llama.cpp server and LM Studio all speak: bearer key (optional for local servers), temperature 0.
public struct OpenAIChatModel: LanguageModel {
    let endpoint: ModelEndpoint
    let model: String

    public var name: String { "openai \(model)" }

    /// A model at `baseURL` (such as `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`).
    public init(baseURL: String, model: String, key: String?, timeout: Duration, client: HTTPClient) {
        endpoint = ModelEndpoint(
            client: client, url: ModelEndpoint.url(baseURL, "/chat/completions"),
            headers: key.map { [("Authorization", "Bearer \($0)")] } ?? [], timeout: timeout, key: key ?? "")
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
            "temperature": .int(0),
            "messages": .array(
                [.object(["role": .string("system"), "content": .string(system)])]
                    + messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) }),
        ])
    }

    /// The answer in a response body: the first choice's message, and the usage.
    static func completion(from json: JSONValue, latency: Duration) throws(LanguageModelError) -> ChatCompletion {
        guard let text = json["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue else {
            throw .malformed("no choices[0].message.content")
        }
        return ChatCompletion(
            text: text, inputTokens: json["usage"]?["prompt_tokens"]?.doubleValue.map { Int($0) },
            outputTokens: json["usage"]?["completion_tokens"]?.doubleValue.map { Int($0) }, latency: latency)
    }
}
