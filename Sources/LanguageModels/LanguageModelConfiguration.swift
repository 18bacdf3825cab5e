import AsyncHTTPClient

/// Which model to consult and how, from flags over the environment: `HBC_LLM_PROVIDER` (`openai` for any
/// OpenAI-compatible server, or `anthropic`), `HBC_LLM_BASE_URL`, `HBC_LLM_MODEL`, `HBC_LLM_KEY_ENV` (the variable
/// holding the key; by default `OPENAI_API_KEY` or `ANTHROPIC_API_KEY`) and `HBC_LLM_TIMEOUT` (seconds). The key
/// itself is only ever read from the environment.
public struct LanguageModelConfiguration: Sendable, Hashable {
    /// A provider's wire format.
    public enum Provider: String, Sendable, Hashable, CaseIterable {
        /// OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio).
        case openai
        /// The Anthropic Messages API.
        case anthropic

        var defaultBaseURL: String {
            switch self {
            case .openai: "https://api.openai.com/v1"
            case .anthropic: "https://api.anthropic.com"
            }
        }

        var defaultModel: String {
            switch self {
            case .openai: "gpt-4o-mini"
            case .anthropic: "claude-3-5-haiku-latest"
            }
        }

        var defaultKeyVariable: String {
            switch self {
            case .openai: "OPENAI_API_KEY"
            case .anthropic: "ANTHROPIC_API_KEY"
            }
        }
    }

    /// Why a configuration cannot be used; says what to set.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The wire format.
    public var provider: Provider
    /// The server's base URL.
    public var baseURL: String
    /// The model name.
    public var model: String
    /// The environment variable holding the key.
    public var keyVariable: String
    /// How long one call may take.
    public var timeout: Duration

    /// How to pick a provider, for people who have not (the first thing `hbc chat` says without one).
    public static let howToChoose = """
        No language model is configured: plans come from the handbook's planner alone. To let a model plan what \
        the planner is unsure of, set HBC_LLM_PROVIDER=openai (OpenAI, or any compatible server with \
        HBC_LLM_BASE_URL, e.g. http://127.0.0.1:11434/v1 for Ollama) with OPENAI_API_KEY, or \
        HBC_LLM_PROVIDER=anthropic with ANTHROPIC_API_KEY; HBC_LLM_MODEL picks the model.
        """

    /// The configuration the flags (when given) and `environment` describe; `nil` when no provider is chosen.
    public static func resolve(
        provider: String?, baseURL: String?, model: String?, keyVariable: String?, timeout: Double?,
        environment: [String: String]
    ) throws(Problem) -> LanguageModelConfiguration? {
        guard let name = provider ?? environment["HBC_LLM_PROVIDER"], !name.isEmpty else { return nil }
        guard let provider = Provider(rawValue: name.lowercased()) else {
            throw Problem(
                description: "unknown model provider '\(name)'; use "
                    + Provider.allCases.map(\.rawValue).joined(separator: " or "))
        }
        let url = baseURL ?? environment["HBC_LLM_BASE_URL"] ?? provider.defaultBaseURL
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw Problem(description: "the model's base URL must be http(s): \(url)")
        }
        let seconds = timeout ?? environment["HBC_LLM_TIMEOUT"].flatMap(Double.init) ?? 60
        guard seconds > 0 else { throw Problem(description: "the model timeout must be positive") }
        return LanguageModelConfiguration(
            provider: provider, baseURL: url, model: model ?? environment["HBC_LLM_MODEL"] ?? provider.defaultModel,
            keyVariable: keyVariable ?? environment["HBC_LLM_KEY_ENV"] ?? provider.defaultKeyVariable,
            timeout: .milliseconds(Int64(seconds * 1000)))
    }

    /// The model, with its key read from `environment`; a key is required except for OpenAI-compatible servers
    /// other than OpenAI's own (local servers take none).
    public func makeModel(
        environment: [String: String], client: HTTPClient = .shared
    ) throws(Problem) -> any LanguageModel {
        let key = environment[keyVariable].flatMap { $0.isEmpty ? nil : $0 }
        switch provider {
        case .openai:
            if key == nil, baseURL == Provider.openai.defaultBaseURL {
                throw Problem(
                    description: "set \(keyVariable) to the OpenAI API key (or name another variable with "
                        + "HBC_LLM_KEY_ENV)")
            }
            return OpenAIChatModel(baseURL: baseURL, model: model, key: key, timeout: timeout, client: client)
        case .anthropic:
            guard let key else {
                throw Problem(
                    description: "set \(keyVariable) to the Anthropic API key (or name another variable "
                        + "with HBC_LLM_KEY_ENV)")
            }
            return AnthropicMessagesModel(baseURL: baseURL, model: model, key: key, timeout: timeout, client: client)
        }
    }
}
