import HandbookModel

/// A chat model the orchestrator may consult: one exchange of messages in, one text answer out. Implementations speak
/// one provider's wire format (``OpenAIChatModel``, ``AnthropicMessagesModel``); none is ever required.
public protocol LanguageModel: Sendable {
    /// The provider and model, for transcripts (`openai gpt-4o-mini`); never the key.
    var name: String { get }

    /// Sends `messages` (after the `system` prompt) and returns the answer, or a failure that names no secret.
    func complete(system: String, messages: [ChatMessage]) async throws(LanguageModelError) -> ChatCompletion
}

/// One message of a conversation with a model.
public struct ChatMessage: Sendable, Hashable {
    /// Who speaks.
    public enum Role: String, Sendable, Hashable {
        case user
        case assistant
    }

    /// Who speaks.
    public var role: Role
    /// What is said.
    public var content: String

    /// A message.
    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// A model's answer, with what it cost.
public struct ChatCompletion: Sendable, Hashable {
    /// The answer's text.
    public var text: String
    /// Tokens of the prompt, as the provider counted them (`nil` when it did not say).
    public var inputTokens: Int?
    /// Tokens of the answer, as the provider counted them.
    public var outputTokens: Int?
    /// Wall time of the call.
    public var latency: Duration

    /// An answer.
    public init(text: String, inputTokens: Int?, outputTokens: Int?, latency: Duration) {
        self.text = text
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.latency = latency
    }
}

/// Why a model call failed; messages never quote the key.
public enum LanguageModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No answer within the timeout.
    case timedOut(after: Duration)
    /// The provider could not be reached.
    case unreachable(String)
    /// The provider answered with an error status (and its message, cut short).
    case status(Int, String)
    /// The answer is not in the provider's format.
    case malformed(String)

    public var description: String {
        switch self {
        case .timedOut(let limit): "the model did not answer within \(limit.components.seconds) s"
        case .unreachable(let reason): "the model's server could not be reached: \(reason)"
        case .status(let status, let message): "the model's server answered \(status): \(message)"
        case .malformed(let reason): "the model's answer is not in the expected format: \(reason)"
        }
    }
}
