import HandbookModel

/// Lists whose items are the same kind of thing under another name: `GET /anime/{animeId}/recommendations` lists
/// items with the fields of the anime `GET /anime/search` finds (`title`, `coverImage`, `description`), so a
/// recommendation's `id` is an anime's and can feed `animeId`. Specs written without components say so only by the
/// items' fields.
///
/// Two lists of one API are alike when their items hold the same fields besides keys, at least
/// ``minimumSharedFields`` of them, and their paths name different things; each one's keys are then also keys of the
/// other's thing (held further out, so a field named for the input still feeds it first).
struct LookalikeItems {
    /// How many fields besides keys two lists' items must share, all of them.
    static let minimumSharedFields = 2

    /// A list's items: the names of their fields besides keys, and their own key fields (`id`, `name`).
    private struct Items {
        var apiID: String
        var resource: [String]
        var fields: Set<String> = []
        var keys: [ProducedField] = []
    }

    /// The items of each list seen, by operation id, in the order seen.
    private var items: [String: Items] = [:]
    private var order: [String] = []

    /// Notes `field` of the list `operation`, whose path names `resource`, when it is a member of the listed items
    /// (`/0/title`, `/data/0/id`).
    mutating func add(_ field: ResponseField, isKey: Bool, of operation: APIOperation, resource: [String]) {
        let parts = field.pointer.split(separator: "/")
        guard parts.count >= 2, parts.count <= 3, parts[parts.count - 2] == "0", !resource.isEmpty else { return }
        if items[operation.id] == nil {
            items[operation.id] = Items(apiID: operation.apiID, resource: resource)
            order.append(operation.id)
        }
        if isKey {
            items[operation.id]?.keys.append(ProducedField(operationID: operation.id, field: field))
        } else if !PlanningWords.keyWords.contains(field.words.last ?? "") {
            // (`animeId` is a key too, of no use here: it is not the thing's own key field.)
            items[operation.id]?.fields.insert(field.words.joined(separator: " "))
        }
    }

    /// The key fields of every list whose items look like those of a list of another thing, each also held by that
    /// thing (its resource added as the outermost owner).
    func keysOfKindsTheyLookLike() -> [ProducedField] {
        var groups: [[String]: [String]] = [:]
        for id in order {
            guard let listed = items[id], listed.fields.count >= Self.minimumSharedFields else { continue }
            groups[[listed.apiID] + listed.fields.sorted(), default: []].append(id)
        }
        var found: [ProducedField] = []
        for id in order {
            guard let listed = items[id], let group = groups[[listed.apiID] + listed.fields.sorted()], group.count > 1
            else { continue }
            let others = group.compactMap { items[$0]?.resource }.filter { $0.last != listed.resource.last }
            for other in others {
                for key in listed.keys where !key.field.owners.contains(other) {
                    var field = key.field
                    field.owners.append(other)
                    found.append(ProducedField(operationID: key.operationID, field: field, ofLookalikes: true))
                }
            }
        }
        return found
    }
}
