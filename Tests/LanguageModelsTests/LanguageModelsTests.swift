import HandbookModel
import Testing

@testable import LanguageModels

/// Each provider's wire format (request bodies, answers, usage) and the configuration rules; the HTTP exchanges
/// themselves are tested against loopback servers in Tests/integration/test_llm.py.
@Suite struct LanguageModelsTests {
    let messages = [ChatMessage(role: .user, content: "plan this")]

    @Test func openAIRequestsCarryTheSystemPromptFirstAndNoRandomness() {
        let body = OpenAIChatModel.body(model: "m", system: "be brief", messages: messages)
        #expect(body["model"] == .string("m"))
        #expect(body["temperature"] == .int(0))
        #expect(
            body["messages"]
                == .array([
                    .object(["role": .string("system"), "content": .string("be brief")]),
                    .object(["role": .string("user"), "content": .string("plan this")]),
                ]))
    }

    @Test func openAIAnswersGiveTheFirstChoiceAndTheUsage() throws {
        let json = try JSONValue.parse(
            """
            {"choices": [{"message": {"role": "assistant", "content": "{\\"steps\\": []}"}}],
             "usage": {"prompt_tokens": 120, "completion_tokens": 9}}
            """)
        let completion = try OpenAIChatModel.completion(from: json, latency: .milliseconds(5))
        #expect(completion.text == #"{"steps": []}"#)
        #expect(completion.inputTokens == 120 && completion.outputTokens == 9)
        #expect(throws: LanguageModelError.self) {
            try OpenAIChatModel.completion(from: .object(["choices": .array([])]), latency: .zero)
        }
    }

    @Test func anthropicRequestsPutTheSystemPromptBesideTheMessages() {
        let body = AnthropicMessagesModel.body(model: "m", system: "be brief", messages: messages)
        #expect(body["system"] == .string("be brief"))
        #expect(body["max_tokens"] == .integer(AnthropicMessagesModel.maximumTokens))
        #expect(body["messages"] == .array([.object(["role": .string("user"), "content": .string("plan this")])]))
    }

    @Test func anthropicAnswersJoinTheirTextBlocks() throws {
        let json = try JSONValue.parse(
            """
            {"content": [{"type": "text", "text": "{\\"steps\\""}, {"type": "tool_use", "id": "x"},
                         {"type": "text", "text": ": []}"}],
             "usage": {"input_tokens": 80, "output_tokens": 7}}
            """)
        let completion = try AnthropicMessagesModel.completion(from: json, latency: .zero)
        #expect(completion.text == #"{"steps": []}"#)
        #expect(completion.inputTokens == 80 && completion.outputTokens == 7)
    }

    @Test func configurationComesFromFlagsOverTheEnvironment() throws {
        #expect(
            try LanguageModelConfiguration.resolve(
                provider: nil, baseURL: nil, model: nil, keyVariable: nil, timeout: nil, environment: [:]) == nil)
        let environment = ["HBC_LLM_PROVIDER": "anthropic", "HBC_LLM_MODEL": "env-model", "HBC_LLM_TIMEOUT": "7"]
        let resolved = try #require(
            try LanguageModelConfiguration.resolve(
                provider: nil, baseURL: nil, model: "flag-model", keyVariable: nil, timeout: nil,
                environment: environment))
        #expect(resolved.provider == .anthropic)
        #expect(resolved.model == "flag-model")
        #expect(resolved.keyVariable == "ANTHROPIC_API_KEY")
        #expect(resolved.timeout == .seconds(7))
        #expect(throws: LanguageModelConfiguration.Problem.self) {
            try LanguageModelConfiguration.resolve(
                provider: "gemini", baseURL: nil, model: nil, keyVariable: nil, timeout: nil, environment: [:])
        }
    }

    @Test func aMissingKeyIsNamedAndNeverNeededByLocalServers() throws {
        let anthropic = try #require(
            try LanguageModelConfiguration.resolve(
                provider: "anthropic", baseURL: nil, model: nil, keyVariable: "MY_KEY", timeout: nil, environment: [:]))
        do {
            _ = try anthropic.makeModel(environment: [:])
            Issue.record("a missing key must be refused")
        } catch {
            #expect(error.description.contains("MY_KEY"))
        }
        let local = try #require(
            try LanguageModelConfiguration.resolve(
                provider: "openai", baseURL: "http://127.0.0.1:11434/v1", model: "llama3", keyVariable: nil,
                timeout: nil,
                environment: [:]))
        #expect(try local.makeModel(environment: [:]).name == "openai llama3")
    }
}
