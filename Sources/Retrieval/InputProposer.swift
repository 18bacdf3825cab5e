import Foundation
import HandbookModel

/// Proposes input values for a plan from the words of a request, without an LLM: a proper name for search-like
/// string inputs (`name`, `q`, `query`, `search`), identifiers that match an input's pattern or type, names the
/// request gives beside a mention of a name-valued input ("the Hello-World repository" → `repo`), and numbers for numeric body fields
/// whose names the request mentions ("credit limit … to 5000" → `credit_limit: 5000`).
struct InputProposer {
    /// Resolves component references of the plan's API.
    let resolve: (JSONValue) -> JSONValue

    private static let searchInputs: Set<String> = ["name", "q", "query", "search", "term", "keyword", "keywords", "title"]

    /// Values for the properties of an inputs schema.
    func propose(for inputs: JSONValue, request: String) -> JSONObject {
        let tokens = RequestText.tokens(request)
        let entity = RequestText.properName(in: tokens)
        var proposed = JSONObject()
        for member in resolve(inputs)["properties"]?.objectValue?.members ?? [] {
            let schema = resolve(member.value)
            if member.key == "body" {
                let body = proposeBody(schema, tokens: tokens)
                if !body.isEmpty { proposed["body"] = .object(body) }
                continue
            }
            let types = Self.types(of: schema)
            if types.contains("string"), let entity,
               Self.searchInputs.contains(member.key.lowercased()) || member.key.lowercased().hasSuffix("name") {
                proposed[member.key] = .string(entity)
            } else if let pattern = schema["pattern"]?.stringValue,
                      let token = tokens.first(where: { ECMARegex.schemaPattern(pattern, matches: $0) == true }) {
                proposed[member.key] = .string(token)
            } else if types.contains("string"), schema["pattern"] == nil,
                      ParameterMeaning.takesName(member.key, description: schema["description"]?.stringValue),
                      let value = RequestText.value(for: member.key, in: tokens) {
                proposed[member.key] = .string(value)
            }
        }
        return proposed
    }

    /// Numbers for numeric fields of a body whose name words appear in the request before the number.
    private func proposeBody(_ schema: JSONValue, tokens: [String]) -> JSONObject {
        var body = JSONObject()
        let lowered = tokens.map { $0.lowercased() }
        for member in schema["properties"]?.objectValue?.members ?? [] {
            let property = resolve(member.value)
            let types = Self.types(of: property)
            guard types.contains("number") || types.contains("integer") else { continue }
            let words = SearchText.words(member.key)
            guard let mention = lowered.indices.first(where: { index in
                words.allSatisfy { word in lowered[index...].prefix(words.count + 1).contains { $0.hasPrefix(word) } }
            }) else { continue }
            guard let number = tokens[mention...].lazy.compactMap({ Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "$€£,"))) }).first
            else { continue }
            body[member.key] = number.rounded() == number && abs(number) < 1e15 ? .int(Int64(number)) : .double(number)
        }
        return body
    }

    static func types(of schema: JSONValue) -> [String] {
        schema["type"]?.arrayValue?.compactMap(\.stringValue) ?? [schema["type"]?.stringValue ?? ""]
    }
}
