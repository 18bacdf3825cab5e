import Foundation
import HandbookModel

/// Operations that are another path to the same call: an API that lets a resource be addressed on its own also
/// keeps paths that reach it through its parent (`DELETE /v1/customers/{customer}/subscriptions/{id}` beside
/// `DELETE /v1/subscriptions/{id}`; `POST /v1/charges/{charge}/dispute` beside `POST /v1/disputes/{dispute}`), or
/// describes two paths about the same thing with the same words (`POST /v1/charges/{charge}/refunds` and
/// `POST /v1/refunds`: "Create a refund."; not "Get details" of a book and of the account). The direct one — fewer
/// path parameters — is the call people mean; the planner weighs the others down.
enum Aliases {
    /// The aliases among `operations`, each with the operation that addresses the same thing directly.
    static func of(_ operations: [APIOperation]) -> [String: String] {
        var aliases: [String: String] = [:]
        var byCall: [String: APIOperation] = [:]
        var byWords: [String: [APIOperation]] = [:]
        for operation in operations where !operation.deprecated {
            byCall[operation.apiID + " " + operation.method + " " + operation.path] = operation
            let sentence = (operation.summary ?? operation.description).flatMap(OperationFacts.gist) ?? ""
            let words = SearchText.words(sentence).joined(separator: " ")
            // Only paths about the same thing: "Get details" of a book is no other path to "Get details" of an
            // account.
            let resource = PlanningWords.pathResource(operation.path).joined(separator: " ")
            if !words.isEmpty {
                byWords[[operation.apiID, operation.method, resource, words].joined(separator: " | "), default: []]
                    .append(operation)
            }
        }
        for operation in operations {
            let segments = operation.path.split(separator: "/").map(String.init)
            let prefix = segments.prefix { PlanningWords.isVersion(Substring($0)) }
            for start in stride(from: prefix.count + 1, to: segments.count, by: 1) where !segments[start].hasPrefix("{")
            {
                let call = operation.apiID + " " + operation.method + " /"
                var candidates: [String] = []
                if start + 1 < segments.count, segments[start + 1].hasPrefix("{") {
                    // `/v1/customers/{customer}/subscriptions/{id}` → `/v1/subscriptions/{id}`: the part from a
                    // segment followed by its parameter, behind the path's version prefix.
                    candidates.append((prefix + segments[start...]).joined(separator: "/"))
                } else if operation.method != "GET", segments[start - 1].hasPrefix("{") {
                    // A change to the one `dispute` of a charge (`POST /v1/charges/{charge}/dispute/close`) is a
                    // change to that dispute (`POST /v1/disputes/{dispute}/close`).
                    let singular = segments[start]
                    for plural in [singular + "s", singular + "es"] {
                        candidates.append(
                            (prefix + [plural, "{\(singular)}"] + segments[(start + 1)...]).joined(separator: "/"))
                    }
                }
                if let target = candidates.lazy.compactMap({ byCall[call + $0] }).first, target.id != operation.id {
                    aliases[operation.id] = target.id
                    break
                }
            }
        }
        for group in byWords.values where group.count > 1 {
            let fewest = group.map(parameterCount).min() ?? 0
            let direct = group.filter { parameterCount($0) == fewest }
            guard direct.count == 1, let target = direct.first else { continue }
            for operation in group where operation.id != target.id && aliases[operation.id] == nil {
                aliases[operation.id] = target.id
            }
        }
        return aliases
    }

    private static func parameterCount(_ operation: APIOperation) -> Int {
        operation.path.split(separator: "/").count { $0.hasPrefix("{") }
    }
}
