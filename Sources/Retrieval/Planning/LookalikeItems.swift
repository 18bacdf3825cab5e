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

    /// A list's items: what their fields besides keys are (their names, sorted and joined, with the API's id), and
    /// their own key fields (`id`, `name`).
    private struct Items {
        var signature: String
        var resource: [String]
        var keys: [ProducedField]
    }

    /// The items of each list seen, in the order seen (only a signature per list is kept while the catalog is built).
    private var lists: [Items] = []

    /// Notes the items of the list `operation`, whose path names `resource`, from its response's `fields` (those at
    /// `/0/…` or `/envelope/0/…`); `isKey` tells the fields that can be keys.
    mutating func add(
        _ fields: [ResponseField], of operation: APIOperation, resource: [String], isKey: (ResponseField) -> Bool
    ) {
        guard !resource.isEmpty else { return }
        var names: [String] = []
        var keys: [ProducedField] = []
        for field in fields {
            let parts = field.pointer.split(separator: "/")
            guard parts.count >= 2, parts.count <= 3, parts[parts.count - 2] == "0" else { continue }
            if isKey(field) {
                keys.append(ProducedField(operationID: operation.id, field: field))
            } else if !PlanningWords.keyWords.contains(field.words.last ?? "") {
                // (`animeId` is a key too, of no use here: it is not the thing's own key field.)
                names.append(field.words.joined(separator: " "))
            }
        }
        guard Set(names).count >= Self.minimumSharedFields else { return }
        let signature = ([operation.apiID] + Set(names).sorted()).joined(separator: "\n")
        lists.append(Items(signature: signature, resource: resource, keys: keys))
    }

    /// The key fields of every list whose items look like those of a list of another thing, each also held by that
    /// thing (its resource added as the outermost owner) and marked ``ProducedField/ofLookalikes``.
    func keysOfKindsTheyLookLike() -> [ProducedField] {
        let groups = Dictionary(grouping: lists.indices, by: { lists[$0].signature })
        var found: [ProducedField] = []
        for listed in lists {
            guard let group = groups[listed.signature], group.count > 1 else { continue }
            for other in group.map({ lists[$0].resource }) where other.last != listed.resource.last {
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
