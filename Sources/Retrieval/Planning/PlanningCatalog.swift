import Foundation
import HandbookModel
import Synchronization

/// What the planner knows about one operation: the inputs that identify something and the fields it returns.
///
/// A class: the catalog holds one per operation for as long as the server runs, and the planner reads them many
/// times per request; as a value each look-up copied some twenty references, and the catalog's table held 2,048
/// slots of the whole value for GHES's 809 operations (0.7 MB; #17).
final class OperationFacts: Sendable {
    /// The operation as planning reads it once the catalog is built (``planned(_:)``).
    let operation: APIOperation
    let inputs: [PlanInput]
    /// Its optional query parameters that narrow what it returns without identifying anything, for a GET
    /// (``PlanInput/filters(of:resolution:resources:)``); empty for other methods.
    let filters: [PlanInput]
    /// The resource its path names (`/v2/droplets/{droplet_id}` → `droplet`).
    let resource: [String]
    /// The words that say what it does and takes, singular: its summary (or id), path, parameter names, the
    /// request body's field names and enumerated values, and the names of its request examples
    /// (`topProductsByQuantity`).
    let terms: Set<String>
    /// The words of `terms` that only its request body gives (field names and enumerated values): what a change sets,
    /// no answer to a request that reads.
    let bodyTerms: Set<String>
    /// The field names it returns when it reads (``returnedTerms(of:resolve:)``).
    let returnedTerms: Set<String>
    /// What the request body says the call does: the enumerated values of its required top-level string fields
    /// (`POST /v2/volumes/actions` with `type: attach | detach | resize`), lower-case.
    let actionWords: Set<String>
    /// The meaningful words of its summary (or id), singular.
    let summaryWords: Set<String>
    /// Whether it is about the caller's own account: its summary (or its description's first sentence) says "the
    /// authenticated user" or "the current user" (`GET /user/following`: "List the people the authenticated user
    /// follows").
    let aboutCaller: Bool
    /// The words of its response's top-level fields (or of its list's items' fields) that could name people
    /// (``PlanningWords/couldNamePeople(_:)``: `cast`, `crew`, `creator`, `publisher`), singular, for a read; what a
    /// question that asks who wants (``peopleFields(of:resolve:)``).
    let peopleFields: Set<String>

    init(
        operation: APIOperation, inputs: [PlanInput], filters: [PlanInput], resource: [String], terms: Set<String>,
        bodyTerms: Set<String>, returnedTerms: Set<String>, actionWords: Set<String>, summaryWords: Set<String>,
        aboutCaller: Bool, peopleFields: Set<String>
    ) {
        self.operation = operation
        self.inputs = inputs
        self.filters = filters
        self.resource = resource
        self.terms = terms
        self.bodyTerms = bodyTerms
        self.returnedTerms = returnedTerms
        self.actionWords = actionWords
        self.summaryWords = summaryWords
        self.aboutCaller = aboutCaller
        self.peopleFields = peopleFields
    }

    /// `operation` without what planning never reads after the catalog is built — its responses (read into
    /// ``returnedTerms`` and the field index), description, security, servers and source location — which the
    /// catalog then does not hold for as long as the server runs; without a summary, its description's first sentence
    /// (``gist(of:)``) says what it does.
    static func planned(_ operation: APIOperation) -> APIOperation {
        var planned = operation
        planned.summary = operation.summary ?? operation.description.flatMap(gist)
        planned.responses = []
        planned.description = nil
        planned.security = []
        planned.servers = []
        planned.source = nil
        return planned
    }

    /// The first sentence of a description, without markup ("<p>Retrieves the details of a ticket.</p>" →
    /// "Retrieves the details of a ticket"): what an operation without a summary says it does (also for
    /// ``isAboutCaller(_:)`` and ``Aliases``).
    static func gist(of description: String) -> String? {
        let text = description.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        let sentence = text.split(separator: ".", maxSplits: 1).first.map {
            $0.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return sentence?.isEmpty == false ? sentence : nil
    }

    /// The words of `operation` that say what it does and takes (``terms``) and those of them only its request body
    /// gives (``bodyTerms``); `resolve` follows component references.
    static func terms(
        of operation: APIOperation, resolve: @escaping (JSONValue) -> JSONValue
    ) -> (all: Set<String>, bodyOnly: Set<String>) {
        var text = [operation.summary ?? operation.id, operation.path]
        for parameter in operation.parameters where parameter.location != .header && parameter.location != .cookie {
            text.append(parameter.name)
        }
        var body: [String] = []
        for content in operation.requestBody?.content ?? [] {
            text += content.examples.map(\.name)
            if let schema = content.schema { body += SchemaTerms(resolve: resolve).terms(of: schema) }
        }
        let called = Set(text.flatMap(PlanningWords.singularWords))
        let given = Set(body.flatMap(PlanningWords.singularWords))
        return (called.union(given), given.subtracting(called))
    }

    /// The field names a read returns, singular, a few levels deep (`data[].email` → `email`); empty for other
    /// operations. A request that asks for "its name and description" or "their email" is answered by a read that
    /// returns them.
    static func returnedTerms(of operation: APIOperation, resolve: @escaping (JSONValue) -> JSONValue) -> Set<String> {
        guard RequestFrame.action(of: operation.method, path: operation.path) == .read,
            let schema = successSchema(of: operation)
        else { return [] }
        let names = SchemaTerms(resolve: resolve, depth: SchemaTerms.responseDepth, enumerations: false).terms(
            of: schema)
        return Set(names.flatMap(PlanningWords.singularWords)).subtracting(envelopeWords)
    }

    /// The words of the fields at the top of `operation`'s success response (of the items, for a list) that could
    /// name people, singular; empty for other operations and when none could.
    static func peopleFields(of operation: APIOperation, resolve: (JSONValue) -> JSONValue) -> Set<String> {
        guard RequestFrame.action(of: operation.method, path: operation.path) == .read,
            let schema = successSchema(of: operation)
        else { return [] }
        var top = resolve(schema)
        if let items = top["items"] { top = resolve(items) }
        var found = Set<String>()
        for member in top["properties"]?.objectValue?.members ?? [] {
            let words = PlanningWords.singularWords(member.key)
            if words.count == 1, let word = words.first, PlanningWords.couldNamePeople(word) { found.insert(word) }
        }
        return found
    }

    /// `words` in a set of just their size: a set made from a list of words with many repeats, or cut from a larger
    /// one, keeps room for them all, for as long as the catalog lives (Stripe: 0.6 MB; #17).
    static func exactly(_ words: Set<String>) -> Set<String> {
        var set = Set<String>(minimumCapacity: words.count)
        set.formUnion(words)
        return set
    }

    /// The schema of `operation`'s first success response, its JSON content or else its first.
    static func successSchema(of operation: APIOperation) -> JSONValue? {
        guard let success = operation.responses.first(where: { $0.status.hasPrefix("2") }) else { return nil }
        return (success.content.first { $0.mediaType.contains("json") } ?? success.content.first)?.schema
    }

    /// Words of the fields that page or wrap a list (`total`, `has_more`, `next`, `data`), which say nothing of what
    /// a read answers.
    static let envelopeWords: Set<String> = [
        "total", "count", "has", "more", "next", "previous", "prev", "page", "limit", "offset", "cursor", "item",
        "data",
        "datum", "url", "object", "link", "meta",
    ]

    /// Whether `operation`'s summary, or without one its description's first sentence, speaks of the caller.
    static func isAboutCaller(_ operation: APIOperation) -> Bool {
        let text = operation.summary ?? operation.description.flatMap(gist) ?? ""
        return text.range(
            of: #"\b(authenticated|current|logged-in|signed-in) user\b"#,
            options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// The enumerated values of the required top-level string fields of `operation`'s request body, through
    /// `allOf`/`oneOf`/`anyOf` branches, and the names of its one-word top-level boolean fields (`submit` of "Update
    /// a dispute", `archived` of "Update a repository": a flag that makes the call do it); `resolve` follows
    /// component references.
    static func actionWords(of operation: APIOperation, resolve: @escaping (JSONValue) -> JSONValue) -> Set<String> {
        let schemas = (operation.requestBody?.content ?? []).compactMap(\.schema)
        return Set(
            schemas.flatMap { schema in
                let flags = (resolve(schema)["properties"]?.objectValue?.members ?? []).compactMap { member in
                    resolve(member.value)["type"]?.stringValue == "boolean" && SearchText.words(member.key).count == 1
                        ? member.key.lowercased() : nil
                }
                return PlanInput.requiredEnumerations(
                    of: schema, resolve: resolve, through: ["allOf", "oneOf", "anyOf"]
                )
                .joined().compactMap { $0.stringValue?.lowercased() } + flags
            })
    }
}

/// The field names (and enumerated string values) of a request body or response schema, a few levels deep.
private struct SchemaTerms {
    let resolve: (JSONValue) -> JSONValue
    /// How deep into nested objects and arrays the walk goes.
    var depth = 4
    /// Whether enumerated string values count (a request body's `type: attach`), or field names only.
    var enumerations = true
    /// The most terms read from one schema.
    static let limit = 400
    /// How deep a response is read: an item's fields inside a list inside an envelope (`data[].email`).
    static let responseDepth = 3

    func terms(of schema: JSONValue) -> [String] {
        var terms: [String] = []
        collect(schema, depth: depth, into: &terms)
        return terms
    }

    private func collect(_ schema: JSONValue, depth: Int, into terms: inout [String]) {
        guard depth > 0, terms.count < Self.limit else { return }
        let schema = resolve(schema)
        if enumerations {
            for value in schema["enum"]?.arrayValue ?? [] { if let text = value.stringValue { terms.append(text) } }
        }
        for member in schema["properties"]?.objectValue?.members ?? [] {
            terms.append(member.key)
            collect(member.value, depth: depth - 1, into: &terms)
        }
        if let items = schema["items"] { collect(items, depth: depth - 1, into: &terms) }
        for key in ["allOf", "oneOf", "anyOf"] {
            for branch in schema[key]?.arrayValue ?? [] { collect(branch, depth: depth - 1, into: &terms) }
        }
    }
}

/// A member of the object a GET reads that lists things of the object's own kind: `borders` of a country.
struct RelatedList: Sendable {
    /// The member's name in singular words (`border`).
    let words: [String]
    /// The member's name as the response spells it (`borders`).
    let member: String

    /// `field`, a field of the object at the top of the response (`/countryCode`), as the first item of this list
    /// holds it (`/borders/0/countryCode`, owned by a `border`).
    func itemsField(_ field: ResponseField) -> ResponseField {
        var inItems = field
        inItems.pointer = "/" + member + "/0" + field.pointer
        inItems.display = member + "[]." + field.display
        inItems.owners = [words] + field.owners
        inItems.depth = field.depth + 1
        return inItems
    }
}

/// A field of a GET operation's response that can feed an input.
struct ProducedField: Sendable {
    let operationID: String
    let field: ResponseField
    /// Its place among the catalog's fields by operation id, then pointer: equal for the same field of the same
    /// operation (indexed under several names), so comparing two is one comparison of numbers.
    var order = 0
    /// Whether it is the key of things listed under another name that look like things of its outermost owner
    /// (``LookalikeItems``: the recommendations of an anime are other anime).
    var ofLookalikes = false
}

/// Everything the planner needs about a bundle's operations, read once: each operation's identifying inputs and
/// response fields, and an index from words to the fields that GET operations return, so finding the producers of
/// an identifier is a few dictionary look-ups.
final class PlanningCatalog: Sendable {
    let facts: [String: OperationFacts]
    /// Fields by the last word of each thing that holds them (`droplets[].id` under `droplet`).
    private let fieldsByOwner: [String: [ProducedField]]
    /// Fields by their whole name (`vpc uuid`, `customer`).
    private let fieldsByName: [String: [ProducedField]]
    /// The words naming objects that hold identifying fields (`head` of `head.sha`, `owner`): a word before a
    /// mention that says which of a kind is meant ("the head revision"), never a name; also what an abbreviated
    /// resource may stand for (`repo` finds `repository`).
    let holderWords: Set<String>
    /// The words the operations' paths name as resources (singular), for reading requests.
    let resourceWords: Set<String>
    /// ``resourceWords`` in alphabetical order, for what a request names or mentions among them in one order.
    let orderedResourceWords: [String]
    /// What the operations' paths are about (``OperationFacts/resource``), singular words joined by spaces.
    let resources: Set<String>
    /// The resources some GET lists (`GET /v2/droplets` → `droplet`), singular words joined by spaces.
    let listedResources: Set<String>
    /// ``resources`` without the groups of the API's paths (``pathGroups(of:)``): what a request's words are read
    /// against, so that it may name a thing by a group's word ("in namespace batch").
    let resourcesBeyondGroups: Set<String>
    /// Whether the items of `resource` that `operationID` returns have a name of their own (`data[].name` of a
    /// customer, not `billing_details.name` of a charge): things people find by the names they give them.
    func returnsNames(_ operationID: String, of resource: [String]) -> Bool {
        guard let last = resource.last else { return false }
        return (fieldsByOwner[last] ?? []).contains { produced in
            produced.operationID == operationID && produced.field.words == ["name"]
                && produced.field.owners.contains { PlanningWords.endsWith($0, resource) }
        }
    }

    /// Whether some GET lists `resource`, or a resource it abbreviates (`db` for `database`, `lb` for `load balancer`).
    func lists(_ resource: [String]) -> Bool {
        if listedResources.contains(resource.joined(separator: " ")) { return true }
        guard resource.count == 1, let word = resource.first else { return false }
        return listedResources.contains { PlanningWords.abbreviates(word, $0.split(separator: " ").map(String.init)) }
    }

    /// What the item a path addresses is, by the API and path of a GET that reads one (`/sites/alarms/{alarm_id}` →
    /// `site`, `alarm`; ``itemKey(apiID:path:)``): the singular words of the component schema its success response
    /// is.
    private let itemKinds: [String: [String]]
    /// What the items a list returns are, by the id of the GET that lists them (`GET /projects/{project}/alarms` →
    /// `alarm`): the singular words of the component schema of its array's items, at the top or in an envelope.
    private let listedKinds: [String: [String]]

    /// The paths a GET reads one item right below (`/tracks` for `GET /tracks/{id}`), by ``itemKey(apiID:path:)``.
    private let collectionsReadByItem: Set<String>

    /// Whether a GET of `operation`'s API reads one item right below its path (`GET /tracks/{id}` beside
    /// `GET /tracks?ids=`).
    func readsOneItem(below operation: APIOperation) -> Bool {
        collectionsReadByItem.contains(Self.itemKey(apiID: operation.apiID, path: operation.path))
    }

    /// The kind of item `operation`'s path addresses (``itemKinds``), when a GET of that path in its API says.
    func itemKind(addressedBy operation: APIOperation) -> [String]? {
        itemKinds[Self.itemKey(apiID: operation.apiID, path: operation.path)]
    }

    /// The groups of `paths`, singular words joined by spaces: the static segments a path opens with before its first
    /// version (`v` and digits: `api` of `/api/v1/…`; `apis` and `batch` of `/apis/batch/v1/…`), less those some path
    /// has after a version or before a parameter (`accounts` of `/accounts/{id}/v2/users` is a collection): no things
    /// of their own.
    static func pathGroups(of paths: [String]) -> Set<String> {
        var groups = Set<String>()
        var things = Set<String>()
        for path in paths {
            let segments = path.split(separator: "/")
            let version = segments.firstIndex(where: PlanningWords.isVersion) ?? segments.endIndex
            var afterParameter = false
            for (index, segment) in segments.enumerated() {
                if segment.hasPrefix("{") {
                    afterParameter = true
                    continue
                }
                guard !PlanningWords.isVersion(segment) else { continue }
                let words = PlanningWords.singularWords(String(segment)).joined(separator: " ")
                let beforeParameter = index + 1 < segments.count && segments[index + 1].hasPrefix("{")
                if beforeParameter || (index > version && version != segments.endIndex) {
                    things.insert(words)
                } else if index < version, version != segments.endIndex, !afterParameter {
                    groups.insert(words)
                }
            }
        }
        return groups.subtracting(things)
    }

    /// The key of ``itemKinds`` (and of the planner's PUT and PATCH pairs): two APIs of one bundle may share a path.
    static func itemKey(apiID: String, path: String) -> String {
        apiID + " " + path
    }

    /// The singular words of the component a schema refers to (`$ref: …/site-alarm` → `site`, `alarm`).
    private static func componentKind(of schema: JSONValue?) -> [String]? {
        schema?["$ref"]?.stringValue.flatMap(SchemaComponent.name(fromReference:)).map(PlanningWords.singularWords)
    }

    /// The component kind of a list response's items: of a top-level array, or of the first array property of an
    /// envelope (`{data: [...]}`); `resolve` follows component references.
    private static func listedKind(of schema: JSONValue, resolve: (JSONValue) -> JSONValue) -> [String]? {
        let envelope = resolve(schema)
        if let kind = componentKind(of: envelope["items"]) { return kind }
        for member in envelope["properties"]?.objectValue?.members ?? [] {
            if let kind = componentKind(of: resolve(member.value)["items"]) { return kind }
        }
        return nil
    }

    /// The members of the object a GET reads that list things of its own kind (`borders` of a country, whose items
    /// are countries), by the GET's id.
    let relatedLists: [String: [RelatedList]]

    /// The array members of a component's object whose items are that component again (`CountryInfoDto.borders`).
    private static func listsOfItsKind(in schema: JSONValue, resolve: (JSONValue) -> JSONValue) -> [RelatedList] {
        guard let reference = schema["$ref"]?.stringValue else { return [] }
        return (resolve(schema)["properties"]?.objectValue?.members ?? []).compactMap { member in
            guard resolve(member.value)["items"]?["$ref"]?.stringValue == reference else { return nil }
            return RelatedList(words: PlanningWords.singularWords(member.key), member: member.key)
        }
    }

    /// For each GET of a whole collection, the GETs of that collection under one item of another, and the other way
    /// round (`GET /posts` and `GET /users/{userId}/posts`, `GET /issues` and `GET /repos/{owner}/{repo}/issues`), by
    /// id, in id order: other ways the API lists the same things. Listings side by side (`/search/movie`,
    /// `/discover/movie`) are no such pair.
    let otherListings: [String: [String]]

    /// ``otherListings`` of an API's operations.
    private static func otherListings(among listings: [OperationSummary]) -> [String: [String]] {
        // GETs of a collection by API and last segment, as whole (that segment alone, versions aside) or nested
        // (under an item: a path parameter before it).
        var whole: [String: [String]] = [:]
        var nested: [String: [String]] = [:]
        for listing in listings where listing.method == "GET" && !listing.path.hasSuffix("}") {
            let segments = listing.path.split(separator: "/").filter { !PlanningWords.isVersion($0) }
            guard let last = segments.last else { continue }
            let key = listing.apiID + " " + last
            if segments.count == 1 { whole[key, default: []].append(listing.id) }
            if segments.contains(where: { $0.hasPrefix("{") }) { nested[key, default: []].append(listing.id) }
        }
        var others: [String: [String]] = [:]
        for (key, wholeIDs) in whole {
            guard let nestedIDs = nested[key] else { continue }
            for id in wholeIDs { others[id] = nestedIDs.sorted() }
            for id in nestedIDs { others[id] = wholeIDs.sorted() }
        }
        return others
    }

    /// The kind of item the list `operationID` returns (``listedKinds``), when its response says.
    func listedKind(of operationID: String) -> [String]? {
        listedKinds[operationID]
    }

    /// The operations whose ``OperationFacts/terms`` hold each word.
    let operationsByTerm: [String: [String]]
    /// The words of ``operationsByTerm``, sorted, for finding those a word abbreviates.
    private let sortedTerms: [String]
    /// The API's name and the initialisms of its phrases, for reading requests.
    let vocabulary: APIVocabulary
    /// Operations that are another path to the same call, by id, with the operation that addresses it directly
    /// (``Aliases``).
    let aliases: [String: String]
    /// How the schemas of each API resolve through its components, by API id: read from the bundle as plans need
    /// them (``SchemaComponents``). Building the catalog reads every component at once; holding them all for as long
    /// as the server runs kept 1.4 MB (GHES) to 3.1 MB (Stripe) of heap in use (#17).
    let resolutions: [String: SchemaResolution]

    /// Reads every operation of `reader` and the schema components of their APIs.
    init(reader: BundleReader) throws {
        let listings = try reader.operationSummaries()
        let views = PlanningWords.viewSegments(of: listings.filter { $0.method == "GET" }.map(\.path))
        var resources = Set<String>()
        var collectionsReadByItem = Set<String>()
        for listing in listings where listing.method == "GET" {
            guard listing.path.hasSuffix("}") else {
                resources.insert(PlanningWords.pathResource(listing.path, views: views).joined(separator: " "))
                continue
            }
            if let slash = listing.path.lastIndex(of: "/"), listing.path[slash...].hasPrefix("/{") {
                collectionsReadByItem.insert(Self.itemKey(apiID: listing.apiID, path: String(listing.path[..<slash])))
            }
        }
        self.collectionsReadByItem = collectionsReadByItem
        otherListings = Self.otherListings(among: listings)
        // One operation decoded at a time, and of a read only its success schema kept for the field index below:
        // holding a whole API's contracts with their response examples at once, only to drop them, left the process
        // with the pages they took (#17).
        var resolutions: [String: SchemaResolution] = [:]
        var facts: [String: OperationFacts] = [:]
        var byOwner: [String: [ProducedField]] = [:]
        var byName: [String: [ProducedField]] = [:]
        var summaries: [String] = []
        var reads: [(operation: APIOperation, schema: JSONValue)] = []
        // Parameters many operations share (GHES: `per_page`, `owner`, `repo` with their descriptions and schemas,
        // 379 KB of JSON, 56 KB of it distinct) are held once: each decoded operation brings its own copy, and the
        // catalog keeps them, for inputs and templates, for as long as the server runs (#17).
        var parameters = Set<OperationParameter>()
        for listing in listings {
            guard var operation = try reader.operation(id: listing.id) else { continue }
            operation.parameters = operation.parameters.map { parameters.insert($0).memberAfterInsert }
            if resolutions[operation.apiID] == nil {
                resolutions[operation.apiID] = SchemaResolution(
                    components: try reader.schemaComponents(apiID: operation.apiID))
            }
            let resolution = resolutions[operation.apiID] ?? SchemaResolution(components: [:])
            let resolve = resolution.followingReferences
            let terms = OperationFacts.terms(of: operation, resolve: resolve)
            let planned = OperationFacts.planned(operation)
            facts[operation.id] = OperationFacts(
                operation: planned,
                inputs: PlanInput.inputs(of: operation, resolution: resolution, resources: resources),
                // Only lookups take filters (``PlanComposer`` fills them for GET operations).
                filters: operation.method == "GET"
                    ? PlanInput.filters(of: operation, resolution: resolution, resources: resources) : [],
                resource: PlanningWords.pathResource(operation.path, views: views),
                terms: OperationFacts.exactly(terms.all), bodyTerms: OperationFacts.exactly(terms.bodyOnly),
                returnedTerms: OperationFacts.exactly(OperationFacts.returnedTerms(of: operation, resolve: resolve)),
                actionWords: OperationFacts.actionWords(of: operation, resolve: resolve),
                summaryWords: Set(SearchText.queryTerms(operation.summary ?? operation.id).map(SearchText.singular)),
                aboutCaller: OperationFacts.isAboutCaller(operation),
                peopleFields: OperationFacts.peopleFields(of: operation, resolve: resolve))
            if let summary = operation.summary { summaries.append(summary) }
            if operation.method == "GET", let schema = OperationFacts.successSchema(of: operation) {
                reads.append((planned, schema))
            }
        }
        // Only fields that some input could take are indexed (``producers(of:excluding:)`` looks no others up): a
        // GitHub repository alone returns a hundred fields that identify nothing.
        let names = Self.namesInputsTake(facts.values.flatMap(\.inputs))
        let pathWords = Set(facts.values.flatMap(\.resource))
        var kinds: [String: [String]] = [:]
        var listed: [String: [String]] = [:]
        var lookalikes = LookalikeItems()
        var related: [String: [RelatedList]] = [:]
        for (operation, schema) in reads {
            let resolution = resolutions[operation.apiID] ?? SchemaResolution(components: [:])
            if operation.path.hasSuffix("}") {
                kinds[Self.itemKey(apiID: operation.apiID, path: operation.path)] = Self.componentKind(of: schema)
                let lists = Self.listsOfItsKind(in: schema, resolve: resolution.followingReferences)
                if !lists.isEmpty { related[operation.id] = lists }
            } else {
                listed[operation.id] = Self.listedKind(of: schema, resolve: resolution.followingReferences)
            }
            guard let resource = facts[operation.id]?.resource else { continue }
            let fields = ResponseFieldWalker(resolution: resolution).fields(of: schema, pathResource: resource)
            if !operation.path.hasSuffix("}") {
                lookalikes.add(fields, of: operation, resource: resource) { field in
                    field.words.count == 1 && Self.keyFieldNames.contains(SearchText.singular(field.words[0]))
                }
            }
            for field in fields {
                let name = field.words.map(SearchText.singular).joined(separator: " ")
                let isKey = field.words.count == 1 && Self.keyFieldNames.contains(name)
                let isPhrase = Self.isPhrase(field, resources: pathWords)
                guard names.contains(name) || isKey || isPhrase else { continue }
                let produced = ProducedField(operationID: operation.id, field: field)
                if names.contains(name) || isPhrase { byName[name, default: []].append(produced) }
                guard isKey else { continue }
                var owners = Set<String>()
                for owner in field.owners { if let last = owner.last { owners.insert(last) } }
                for owner in owners { byOwner[owner, default: []].append(produced) }
            }
        }
        for produced in lookalikes.keysOfKindsTheyLookLike() {
            guard let owner = produced.field.owners.last?.last else { continue }
            byOwner[owner, default: []].append(produced)
        }
        itemKinds = kinds
        relatedLists = related
        listedKinds = listed
        var byTerm: [String: [String]] = [:]
        for (id, known) in facts {
            for term in known.terms { byTerm[term, default: []].append(id) }
        }
        self.facts = facts
        operationsByTerm = byTerm
        sortedTerms = byTerm.keys.sorted()
        let components = SchemaComponents()
        self.resolutions = Dictionary(
            uniqueKeysWithValues: resolutions.keys.map { apiID in
                (apiID, components.resolution(apiID: apiID, reading: reader))
            })
        listedResources = resources
        resourceWords = Set(facts.values.flatMap(\.resource))
        orderedResourceWords = resourceWords.sorted()
        self.resources = Set(facts.values.map { $0.resource.joined(separator: " ") })
        resourcesBeyondGroups = self.resources.subtracting(Self.pathGroups(of: listings.map(\.path)))
        vocabulary = APIVocabulary(
            titles: try reader.apis().map(\.title), summaries: summaries,
            resources: resourceWords, terms: Set(byTerm.keys), isVerb: RequestFrame.isVerb)
        // Kept operations alias as whole ones do (``Aliases`` reads their paths and summaries), in any order.
        aliases = Aliases.of(facts.values.map(\.operation))
        let order = Self.order(of: Array(byOwner.values.joined()) + Array(byName.values.joined()))
        fieldsByOwner = byOwner.mapValues { $0.map { Self.placed($0, in: order) } }
        fieldsByName = byName.mapValues { $0.map { Self.placed($0, in: order) } }
        holderWords = Set(byOwner.keys)
    }

    /// Where a field sits: its operation and pointer.
    private struct FieldPlace: Hashable {
        let operationID: String
        let pointer: String

        init(_ produced: ProducedField) {
            operationID = produced.operationID
            pointer = produced.field.pointer
        }
    }

    /// The place of each field of `fields` in the order of operation id, then pointer (``ProducedField/order``).
    private static func order(of fields: [ProducedField]) -> [FieldPlace: Int] {
        let sorted = Set(fields.map(FieldPlace.init)).sorted {
            ($0.operationID, $0.pointer) < ($1.operationID, $1.pointer)
        }
        return Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
    }

    /// `produced` with its place in `order`.
    private static func placed(_ produced: ProducedField, in order: [FieldPlace: Int]) -> ProducedField {
        var placed = produced
        placed.order = order[FieldPlace(produced)] ?? 0
        return placed
    }

    /// The operations' words that name the same thing as `word` (singular): itself, and, of three letters or more,
    /// the words it abbreviates or that abbreviate it (``PlanningWords/sameWord(_:_:)``).
    func termsNaming(_ word: String) -> Set<String> {
        var found = Set<String>()
        if operationsByTerm[word] != nil { found.insert(word) }
        guard word.count >= 3 else { return found }
        // Words `word` abbreviates: a run of the sorted words.
        var low = 0
        var high = sortedTerms.count
        while low < high {
            let middle = (low + high) / 2
            if sortedTerms[middle] < word { low = middle + 1 } else { high = middle }
        }
        while low < sortedTerms.count, sortedTerms[low].hasPrefix(word) {
            found.insert(sortedTerms[low])
            low += 1
        }
        // Words that abbreviate it.
        for length in 3..<word.count {
            let prefix = String(word.prefix(length))
            if operationsByTerm[prefix] != nil { found.insert(prefix) }
        }
        return found
    }

    /// The names (singular words joined by spaces) that ``producers(of:excluding:)`` looks fields up by, for
    /// `inputs`: each input's own name, its resources with each key, and its resources alone.
    private static func namesInputsTake(_ inputs: [PlanInput]) -> Set<String> {
        var names = Set<String>()
        for input in inputs {
            names.insert(PlanningWords.singularWords(input.name).joined(separator: " "))
            for resource in input.resources {
                let joined = resource.joined(separator: " ")
                names.insert(joined)
                for key in PlanningWords.generatedKeys.union([input.key]) { names.insert(joined + " " + key) }
            }
        }
        return names
    }

    /// Whether a field is named by a word that says which one of a kind of the API it holds (`primary_queue`,
    /// `newest_release`): what a request names by the same phrase ("the primary queue", "that newest release"). A
    /// plural (`open_tickets`) counts or lists, it holds no one thing.
    private static func isPhrase(_ field: ResponseField, resources: Set<String>) -> Bool {
        field.words.count == 2 && !PlanningWords.keyWords.contains(field.words[0])
            && SearchText.singular(field.words[1]) == field.words[1] && resources.contains(field.words[1])
    }

    /// One-word field names that can be an input's key inside the object holding them (``isKey(_:for:)``).
    private static let keyFieldNames = PlanningWords.keyWords.union(["name", "slug", "login", "tag"])

    /// The key field named `key` in the item that holds `other`, a field of the same operation's response
    /// (`/items/0/name` beside `/items/0/owner/login`, `/name` beside `/owner/login`); `nil` when there is none.
    func field(named key: String, besides other: ProducedField) -> ProducedField? {
        let item = other.field.listPointer.map { $0 + "/0" } ?? ""
        // Key fields are indexed by the things holding them: the kind the operation lists, what its path names, or
        // one holding `other` too.
        let holders =
            [listedKinds[other.operationID]?.last, facts[other.operationID]?.resource.last]
            + other.field.owners.map(\.last)
        for case let holder? in holders {
            if let found = fieldsByOwner[holder]?.first(where: {
                $0.operationID == other.operationID && $0.field.pointer == item + "/" + key
            }) {
                return found
            }
        }
        return nil
    }

    /// The fields that can feed `input`, with how strongly they match (3: named for it, or its key inside the
    /// resource; 2: its key inside something that names the resource further out).
    /// `qualifiers` are the words the request puts before a mention of the input's thing ("its head revision"): a
    /// key field of an object named so (`head.id` of a merge proposal) feeds it too; `phrases` are such a word and
    /// the thing together (`primary queue`): a field named so (`primary_queue`) feeds it.
    func producers(
        of input: PlanInput, excluding consumer: String, qualifiers: [String] = [], phrases: [String] = [],
        mentioned: [String] = []
    ) -> [(field: ProducedField, strength: Int)] {
        var found: [Int: (field: ProducedField, strength: Int)] = [:]
        // A text field named for a thing without a key word is no value of an input that takes a number (a
        // review's `author` name for `author_id`); a text `…_id` may be (specs type one id both ways).
        let takesNumber = !input.types.isEmpty && input.types.allSatisfy { $0 == "integer" || $0 == "number" }
        func offer(_ produced: ProducedField, _ strength: Int) {
            guard produced.operationID != consumer else { return }
            if takesNumber, produced.field.isText,
                !PlanningWords.keyWords.contains(produced.field.words.last.map(SearchText.singular) ?? "")
            {
                return
            }
            if let existing = found[produced.order], existing.strength >= strength { return }
            found[produced.order] = (produced, strength)
        }
        for qualifier in qualifiers {
            for produced in fieldsByOwner[qualifier] ?? []
            where produced.field.words.count == 1
                && produced.field.owners.first?.last == qualifier && Self.isKey(produced.field, for: input)
                && (produced.field.words != ["sha"] || isKeyedBySHA(input))
            {
                offer(produced, 3)
            }
        }
        for phrase in phrases {
            for produced in fieldsByName[phrase] ?? [] where produced.field.words.count == 2 { offer(produced, 3) }
        }
        // "Make the busiest reviewer a member": an account's key held by a thing the request mentions
        // (`reviewer.login` for `username`).
        if input.key == PlanningWords.accountKey {
            for owner in mentioned {
                for produced in fieldsByOwner[owner] ?? []
                where produced.field.words == [input.key]
                    && produced.field.owners.first?.last == owner
                {
                    offer(produced, 2)
                }
            }
        }
        let ownName = PlanningWords.singularWords(input.name).joined(separator: " ")
        for produced in fieldsByName[ownName] ?? [] where produced.field.words.count > 1 || input.location != .path {
            offer(produced, 3)
        }
        for resource in input.resources {
            let joined = resource.joined(separator: " ")
            for key in PlanningWords.generatedKeys.union([input.key]) {
                for produced in fieldsByName[joined + " " + key] ?? [] { offer(produced, 3) }
            }
            // Expandable references: a field named for the resource, singular (`customer` in a subscription).
            for produced in fieldsByName[joined] ?? []
            where produced.field.words.count == resource.count
                && !input.takesName && produced.field.words.last.map({ SearchText.singular($0) == $0 }) == true
            {
                offer(produced, 3)
            }
            guard let last = resource.last else { continue }
            for produced in fieldsByOwner[last] ?? []
            where produced.field.words.count == 1 && Self.isKey(produced.field, for: input) {
                if let strength = Self.strength(of: produced.field, heldBy: resource) { offer(produced, strength) }
            }
            // Abbreviated resources (`repo` for `repository`) are indexed under the full word; a word that holds
            // fields itself abbreviates only a resource the API's paths name, and no word made from it (`org` a team's
            // `organization`; `commit` is no `committer`, `run` no `runner`, `author` no `authorization`).
            if last.count >= 3 {
                let holdsFields = fieldsByOwner[last] != nil
                for owner in holderWords
                where owner != last && owner.hasPrefix(last)
                    && (!holdsFields || resourceWords.contains(owner) && !PlanningWords.isDerived(owner, from: last))
                {
                    for produced in fieldsByOwner[owner] ?? []
                    where produced.field.words.count == 1 && Self.isKey(produced.field, for: input) {
                        if let strength = Self.strength(of: produced.field, heldBy: resource) {
                            offer(produced, strength)
                        }
                    }
                }
            }
        }
        return found.values.sorted { lhs, rhs in
            lhs.strength != rhs.strength ? lhs.strength > rhs.strength : lhs.field.order < rhs.field.order
        }
    }

    /// Whether `input` takes a `sha` (it is named for one) or the things it identifies are keyed by one in the API's
    /// responses (a commit's own `sha`), so a `sha` the request's qualifier points at can be its value: "its head
    /// branch" is no `head.sha`.
    private func isKeyedBySHA(_ input: PlanInput) -> Bool {
        input.key == "sha"
            || input.resources.contains { resource in
                guard let last = resource.last else { return false }
                return (fieldsByOwner[last] ?? []).contains { produced in
                    produced.field.words == ["sha"] && Self.strength(of: produced.field, heldBy: resource) == 3
                }
            }
    }

    /// How strongly a key field matches as the key of `resource`: 3 when the object right around it is one, 2 when
    /// one further out is, `nil` when none is. A `sha` is the key of the object right around it only (the
    /// `commit.sha` of a branch is no branch's name).
    private static func strength(of field: ResponseField, heldBy resource: [String]) -> Int? {
        guard let index = field.owners.firstIndex(where: { PlanningWords.endsWith($0, resource) }) else { return nil }
        if index == 0 { return 3 }
        return field.words == ["sha"] ? nil : 2
    }

    /// Whether a field holds the kind of value an input takes (its key: an id for an id, a number for a number, a
    /// login or name for a name).
    private static func isKey(_ field: ResponseField, for input: PlanInput) -> Bool {
        guard let last = field.words.last, field.words.count == 1 || PlanningWords.keyWords.contains(last) else {
            return false
        }
        // A commit's `sha` is what a `ref` (a branch, tag or commit name) can be.
        if input.takesName { return ["name", "slug", "login", "tag", "sha"].contains(last) || last == input.key }
        if PlanningWords.generatedKeys.contains(input.key) { return PlanningWords.generatedKeys.contains(last) }
        return last == input.key
    }
}

/// A bundle's planning catalog, built once on first use.
final class LazyCatalog: Sendable {
    private let reader: BundleReader
    private let loaded = Mutex<PlanningCatalog?>(nil)

    init(reader: BundleReader) {
        self.reader = reader
    }

    func value() throws -> PlanningCatalog {
        try loaded.withLock { cached in
            if let cached { return cached }
            let catalog = try PlanningCatalog(reader: reader)
            cached = catalog
            // Building it decodes every operation's contract, most of which it drops.
            HeapTrimming.returnFreedMemory()
            return catalog
        }
    }
}
