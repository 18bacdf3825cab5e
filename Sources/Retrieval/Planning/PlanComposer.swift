import HandbookModel

/// A call path composed for a request: the answer operation last, each earlier step producing an identifier a later
/// one needs, with the argument bindings and why each step is there.
struct ComposedPlan {
    /// One call.
    struct Step {
        var operationID: String
        /// Arguments: stated values as strings, produced ones as `$steps.ID.response.body#/pointer` expressions.
        var arguments: JSONObject
        /// Which resource it looks up, for ordering lookups as the request mentions them.
        var mentionOrder: Int
    }

    var steps: [Step]
    /// The plan inputs that choose an item of a list by a name the request states (``ItemChoice``), with that name.
    var choices: [String: String] = [:]
    /// How much the lookups are to be trusted, multiplied over the steps (1 for a single call).
    var confidence: Double
    /// Why the plan looks as it does, one line per decision.
    var reasons: [String]
    /// Required inputs nothing states or produces.
    var unresolved: [String]

    var operations: [String] { steps.map(\.operationID) }
}

/// Composes call paths for a request without an LLM: starting from an answer operation, every input that identifies
/// something is taken from the request when it states it (``StatedValues``) or from a GET operation whose response
/// returns it (``PlanningCatalog``), recursively, up to ``maximumSteps`` calls.
///
/// A producer ranks by how well its field matches (named for the input, or the input's key inside the input's
/// resource), whether the request names or mentions the producer's resource ("my droplet web-1" makes the droplet
/// list the producer of `volume_ids`), whether its path is the parent collection of the consumer's, whether it uses
/// a value the request states that nothing else uses (`GET …/issues/{issue_number}` for "issue #512"), its search
/// rank, whether it is about the caller's own account as the request is or is not, and how many further lookups it
/// needs.
struct PlanComposer {
    let catalog: PlanningCatalog
    let values: StatedValues
    /// Search rank of operations among operations (1-based), for the request.
    let operationRank: [String: Int]
    /// The calls the request names clause by clause (``ClauseChains``), as `producer>consumer` pairs with how well
    /// the producer does what its clause says (0–1): a producer feeding the call its next clause names is likelier
    /// than the API alone makes it.
    var namedLinks: [String: Double] = [:]
    /// Whether the request speaks of its writer's own things (``RequestText/isFirstPerson(_:)``): lookups about the
    /// caller's account ("the teams I belong to") are then likelier, else less likely.
    let firstPerson: Bool
    /// The thing a request asks for in the plural ("What clusters do I have?" → `cluster`), when it does: taking one
    /// of those from a list to go further answers another request.
    var wantedList: String? = nil
    /// Whether the request asks for a property of one thing (``RequestText/asksForProperty(_:)``): reading the item a
    /// lookup found then reads what the lookup's list does not show.
    var asksProperty = false
    /// The property the question names (``RequestText/askedProperty(in:)``: `name` in "What is the name of the artist
    /// of album …?"): a lookup that returns it beside the identifier it gives answers without the read.
    var askedProperty: String? = nil
    /// Whether the request's main clause picks one of the things an earlier clause named (``RequestFrame/picksOne``):
    /// reading the item a lookup found is then what it asks.
    var picksOne = false

    /// The same composer preferring `links` (``namedLinks``), with a memo of its own for what depends on the links.
    func preferring(_ links: [String: Double]) -> PlanComposer {
        var composer = PlanComposer(
            catalog: catalog, values: values, operationRank: operationRank, firstPerson: firstPerson,
            wantedList: wantedList, asksProperty: asksProperty, askedProperty: askedProperty, picksOne: picksOne)
        composer.namedLinks = links
        composer.memo.request = memo.request
        return composer
    }

    /// What one request's planning already worked out: nodes by operation and budget, producers by input.
    private let memo = Memo()

    /// The API's resources the request gives a name for ("my droplet web-1" → `droplet`).
    private var namedResources: [[String]] {
        if let known = memo.request.namedResources { return known }
        let named = catalog.orderedResourceWords.filter { values.name(for: [$0]) != nil }.map { [$0] }
        memo.request.namedResources = named
        return named
    }

    /// The API's resource words the request mentions, each once.
    private var mentionedResources: [String] {
        if let known = memo.request.mentionedResources { return known }
        let mentioned = catalog.orderedResourceWords.filter { values.firstMention(of: [$0]) != nil }
        memo.request.mentionedResources = mentioned
        return mentioned
    }

    /// The fields that could feed `input` of `consumer`
    /// (``PlanningCatalog/producers(of:excluding:qualifiers:phrases:mentioned:)`` with the resources the request
    /// mentions), looked up once a request for inputs alike.
    private func fields(
        for input: PlanInput, of consumer: String, qualifiers: [String], phrases: [String]
    ) -> [(field: ProducedField, strength: Int)] {
        let query = FieldQuery(input, qualifiers: qualifiers, phrases: phrases)
        let all =
            memo.request.fields[query]
            ?? {
                // No operation has an empty id: none is excluded here, the consumer's own fields below.
                let found = catalog.producers(
                    of: input, excluding: "", qualifiers: qualifiers, phrases: phrases, mentioned: mentionedResources)
                memo.request.fields[query] = found
                return found
            }()
        return all.filter { $0.field.operationID != consumer }
    }

    /// What weighs a producer whatever input it feeds (``traits(of:)``).
    private struct ProducerTraits {
        /// The segments of its path.
        let segments: [Substring]
        /// ``unmentionedSelectors(of:segments:)``.
        let unmentionedSelectors: Int
        /// ``unmentionedQualifiers(of:)``.
        let unmentionedQualifiers: Int
        /// The value the request states for each of its inputs, in their order (``StatedValues/value(for:siblings:)``).
        let statedValues: [String?]
        /// The values the request states in the formats its filters take (``StatedValues/valueInItsFormat(for:of:)``).
        let filterValues: [String]
        /// Whether it needs a name to look up (a required name filter: ``filtersByName(_:)``).
        let needsName: Bool
        /// Whether one of its query parameters enumerates a state the request names (`status=overdue`).
        let filtersByNamedState: Bool
    }

    /// What weighs `producer` in ``rankProducers(for:of:byProperName:consumed:)`` whatever input it feeds, worked out
    /// once a request: the same producer is weighed for the inputs of many consumers.
    private func traits(of producer: OperationFacts) -> ProducerTraits {
        if let known = memo.request.traits[producer.operation.id] { return known }
        let parameters = producer.operation.parameters
        let segments = producer.operation.path.split(separator: "/")
        let made = ProducerTraits(
            segments: segments,
            unmentionedSelectors: unmentionedSelectors(of: producer, segments: segments),
            unmentionedQualifiers: unmentionedQualifiers(of: segments),
            statedValues: producer.inputs.map { values.value(for: $0, siblings: producer.inputs)?.value },
            filterValues: producer.filters.compactMap {
                values.valueInItsFormat(for: $0, of: producer.resource)?.value
            },
            needsName: parameters.contains { $0.required && Self.filtersByName($0) },
            filtersByNamedState: parameters.contains { parameter in
                parameter.location == .query
                    && parameter.schema["enum"]?.arrayValue?.contains(where: { value in
                        value.stringValue.map { values.lowered.contains($0.lowercased()) } ?? false
                    }) == true
            })
        memo.request.traits[producer.operation.id] = made
        return made
    }

    /// How many words of `producer`'s last static path segment (of its path's `segments`) the request does not
    /// mention when that segment is no resource of it (`GET /v2/projects/default` for "the project called Website").
    private func unmentionedSelectors(of producer: OperationFacts, segments: [Substring]) -> Int {
        guard let last = segments.last, !last.hasPrefix("{") else { return 0 }
        let words = PlanningWords.singularWords(String(last))
        guard !PlanningWords.endsWith(words, producer.resource) && words != producer.resource else { return 0 }
        return words.count { values.firstMention(of: [$0]) == nil }
    }

    /// How many words of a producer's static path segments (of its path's `segments`) before its last the request
    /// does not mention (`stats` of `GET /projects/{id}/stats/members`): a list that says more than the request does.
    private func unmentionedQualifiers(of segments: [Substring]) -> Int {
        let literals = segments.filter {
            !$0.hasPrefix("{") && !PlanningWords.isVersion($0)
        }.dropLast()
        return literals.flatMap { PlanningWords.singularWords(String($0)) }
            .count { values.firstMention(of: [$0]) == nil }
    }

    /// The named resources that neither `input` nor a path parameter of `consumer` is about.
    private func otherNamedResources(for input: PlanInput, of consumer: OperationFacts) -> [[String]] {
        namedResources.filter { resource in
            !([input] + consumer.inputs.filter { $0.location == .path }).contains { other in
                other.resources.contains { PlanningWords.endsWith($0, resource) }
            }
        }
    }

    /// What a lookup the request names in one of its clauses adds to a producer's score, times how well it does what
    /// the clause says.
    static let namedStepWeight = 12.0

    /// The most calls in one plan.
    static let maximumSteps = 4

    /// What a composer worked out: nodes and ranked producers, which depend on its links (``namedLinks``), and what
    /// depends on the request alone, shared with the composers ``preferring(_:)`` makes.
    private final class Memo {
        var nodes: [String: Node?] = [:]
        var producers: [String: [(field: ProducedField, score: Double)]] = [:]
        var request = RequestMemo()
    }

    /// What a request's composers share: it depends on no links.
    private final class RequestMemo {
        var traits: [String: ProducerTraits] = [:]
        var fields: [FieldQuery: [(field: ProducedField, strength: Int)]] = [:]
        var namedResources: [[String]]?
        var mentionedResources: [String]?
        var findsByName: [String: Bool] = [:]
    }

    /// Where a step takes an input from: a field of a lookup's answer, or a value.
    private enum InputSource: Equatable {
        case field(operationID: String, pointer: String)
        case value(JSONValue)
    }

    private struct Node {
        var operationID: String
        var arguments: JSONObject
        var children: [(input: PlanInput, node: Node, pointer: String)]
        /// The plan inputs its children's pointers choose items by (``ItemChoice``), with the names they hold.
        var choices: [String: String] = [:]
        /// Its inputs fed by a list of other things of their kind (``listsOthers(_:for:)``).
        var othersFed: Set<String> = []
        var mentionOrder: Int
        var reasons: [String]
        var unresolved: [String]
        var confidence: Double
        var size: Int { 1 + children.reduce(0) { $0 + $1.node.size } }
        /// The call itself: the operation with the arguments it has of its own (the request's values).
        var call: String { operationID + JSONValue.object(arguments).serialized }
        /// The distinct calls of its plan: a call that two inputs need is made once (``linearize(_:)``).
        var calls: Set<String> { children.reduce(into: [call]) { $0.formUnion($1.node.calls) } }
    }

    /// The best plans ending with `answer`: the best lookups, then alternatives with the second-best producer of the
    /// first looked-up input.
    func compose(answer: String) -> [ComposedPlan] {
        var consumed = Set<String>()
        // (A POST named for its verb, `POST /v1/invoices/{invoice}/pay`, makes nothing the API lists.)
        if let facts = catalog.facts[answer], Self.creates(facts.operation),
            catalog.listedResources.contains(facts.resource.joined(separator: " ")), let name = values.properName,
            let given = values.name(for: facts.resource), startsProperName(given)
        {
            // "Create a customer named Jenny Rosen": the name is the new customer's, not one to look up.
            consumed.insert(name)
        }
        guard
            let best = node(
                for: answer, budget: Self.maximumSteps, avoiding: [answer], consumed: consumed,
                alternative: nil)
        else {
            return []
        }
        var plans = [linearize(best)]
        if let alternative = node(
            for: answer, budget: Self.maximumSteps, avoiding: [answer], consumed: consumed,
            alternative: 1),
            linearize(alternative).operations != plans[0].operations
        {
            plans.append(linearize(alternative))
        }
        return plans
    }

    /// A node calling `operationID` with its inputs satisfied as well as possible within `budget` calls.
    /// `alternative` picks the n-th best producer for the first input that needs one (at the top level only);
    /// `producing` is the input the node is to produce, which it does not look up itself (`GET /v1/payment_methods`
    /// finds a customer by listing, not by a `customer` filter of its own).
    /// `made` holds the calls the rest of the plan makes already (``Node/calls``), which this node's lookups may
    /// share.
    private func node(
        for operationID: String, budget: Int, avoiding: Set<String>, consumed: Set<String>, alternative: Int?,
        producing: String? = nil, made: Set<String> = []
    ) -> Node? {
        guard alternative == nil else {
            return makeNode(
                for: operationID, budget: budget, avoiding: avoiding, consumed: consumed, alternative: alternative,
                made: made)
        }
        // What a node looks up depends on whether the request's proper name is still free to take. (The calls
        // made elsewhere change a node only when a producer did not fit without them, kept as first found.)
        let key = "\(operationID)|\(budget)|\(values.properName.map(consumed.contains) ?? false)|\(producing ?? "")"
        if let known = memo.nodes[key] { return known }
        let node = makeNode(
            for: operationID, budget: budget, avoiding: avoiding, consumed: consumed, alternative: nil,
            producing: producing, made: made)
        memo.nodes[key] = node
        return node
    }

    private func makeNode(
        for operationID: String, budget: Int, avoiding: Set<String>, consumed: Set<String>, alternative: Int?,
        producing: String? = nil, made: Set<String>
    ) -> Node? {
        guard let facts = catalog.facts[operationID] else { return nil }
        var node = Node(
            operationID: operationID, arguments: JSONObject(), children: [], mentionOrder: Int.max,
            reasons: [], unresolved: [], confidence: 1)
        var remaining = budget - 1
        var consumed = consumed
        var alternativeUsed = alternative == nil
        var properNameTaken = false
        var placed = Set<String>()
        // The field each looked-up input takes.
        var producedFields: [String: ProducedField] = [:]
        // The list item a name the request states chooses, when a list that cannot filter by name finds it.
        var choice: NamedItem?
        for input in facts.inputs {
            // "The countries bordering Switzerland (CH)": the stated value is the thing whose related items the call
            // is to take, found by the read of that thing.
            if input.required, let stated = values.value(for: input, siblings: facts.inputs), remaining >= 1,
                let related = relatedItems(of: input, operationID: operationID, avoiding: avoiding),
                let child = self.node(
                    for: related.operationID, budget: remaining, avoiding: avoiding.union([related.operationID]),
                    consumed: consumed, alternative: nil, producing: input.name),
                child.arguments.members.contains(where: { $0.value == .string(stated.value) })
            {
                remaining -= child.size
                node.children.append((input, child, Self.pointer(related.field, for: input)))
                producedFields[input.name] = related
                node.othersFed.insert(input.name)
                node.reasons.append(
                    "\(input.name) of the \(related.field.display) of the \(input.name) \(stated.value) the request "
                        + "states")
                continue
            }
            // One stated value fills one of a call's path parameters ("example.com" is the domain, not the record),
            // and one optional list item at most (`entries[].book`, not `extra_entries[].book` too).
            if let stated = values.value(for: input, siblings: facts.inputs),
                input.location != .path
                    || !node.arguments.members.contains(where: { $0.value == .string(stated.value) }),
                input.container == nil || input.required || !placed.contains(stated.value)
            {
                guard input.required || input.location != .path else { continue }
                Self.set(input, to: .string(stated.value), in: &node.arguments)
                placed.insert(stated.value)
                consumed.insert(stated.value)
                node.reasons.append("\(input.name) = \(stated.value) (\(stated.how))")
                // "The track 11dF…": the one thing the request identifies is read by the call that reads one
                // (`GET /tracks/{id}`), not by the one that reads several (`GET /tracks?ids=`).
                if input.isList, input.location == .query, facts.operation.method == "GET",
                    catalog.readsOneItem(below: facts.operation)
                {
                    node.confidence *= 0.6
                    node.reasons.append("reads several for the one \(input.name) the request identifies")
                }
                continue
            }
            guard input.required || input.name != producing else { continue }
            // "The queues of the user kmiller": a lower-case handle the request gives a thing the API lists nowhere
            // is the thing's own text id, as no lookup could find it (a capitalized name is a person's or a title).
            if input.location == .path, !input.takesName, input.types == ["string"],
                let handle = input.resources.lazy.compactMap({ values.name(for: $0) }).first.map(fullName),
                !handle.contains(" "), !handle.contains(where: \.isUppercase), !consumed.contains(handle),
                !input.resources.contains(where: catalog.lists)
            {
                Self.set(input, to: .string(handle), in: &node.arguments)
                placed.insert(handle)
                consumed.insert(handle)
                node.reasons.append("\(input.name) = \(handle) (the name of a thing no list finds)")
                continue
            }
            // An optional list item (`extra_entries[].book`) takes a stated value or stays empty.
            guard input.required || input.container == nil else { continue }
            var named =
                input.resources.contains { values.name(for: $0) != nil }
                // "the charge we took today" for `POST /v1/refunds`' optional `charge`: a thing the request speaks
                // of, that the call can take but does not act on itself, is one to look up.
                || (input.location != .path && !input.resources.contains { PlanningWords.endsWith(facts.resource, $0) }
                    && input.resources.contains { values.firstMention(of: $0) != nil })
                // "Move my droplet web-1 into the project Website": the members a call adds (`resources` of
                // `POST /v2/projects/{project_id}/resources`) are the thing the request names besides the target.
                || (input.location == .body && input.resources.contains { PlanningWords.endsWith(facts.resource, $0) }
                    && !otherNamedResources(for: input, of: facts).isEmpty)
            var byProperName = false
            // "customer Jenny Rosen": the input's resource is named by the request's proper name, which no other
            // input of the call then takes.
            let givenName = input.resources.lazy.compactMap { values.name(for: $0) }.first.map(fullName)
            if givenName != nil, givenName == values.properName {
                properNameTaken = true
                // A list of its kind that filters by name finds it.
                byProperName = input.resources.contains(where: findsByName)
            }
            if !named, !input.required, input.location == .query, let properName = values.properName,
                !properNameTaken, !consumed.contains(properName), mayName(properName, input.resources),
                avoiding.count == 1
                    || (!Self.filtersByName(facts.operation) && input.resources.contains(where: findsByName))
            {
                // "the orders Initech placed": a name the request gives without saying what it names may be the
                // thing an optional filter of the answer identifies; one such filter per call. (A lookup takes the
                // name as its own name filter instead, or, without one, as a filter for a thing some list finds by
                // name: "the latest quote for Jenny Rosen" lists the quotes of the customer found by that name.)
                named = true
                properNameTaken = true
                byProperName = true
            }
            // "Find the 'v3.0' milestone, take the oldest open issue in it": a filter a lookup the request names feeds.
            if !input.required, !named, input.location != .path, !namedLinks.isEmpty,
                catalog.producers(of: input, excluding: operationID).contains(where: {
                    namedLinks[$0.field.operationID + ">" + operationID] != nil
                        && !avoiding.contains($0.field.operationID)
                })
            {
                named = true
            }
            guard input.required || named else { continue }
            if !named, !byProperName, let properName = values.properName, !properNameTaken,
                !consumed.contains(properName), mayName(properName, input.resources),
                input.resources.contains(where: findsByName)
            {
                // "Change Jenny Rosen's email": the customer to change is the one a search by that name finds.
                byProperName = true
                properNameTaken = true
            }
            if input.takesName && input.location == .path && !named,
                facts.inputs.contains(where: { $0.takesName && $0.name != input.name && node.arguments[$0.name] != nil }
                ),
                values.hasUnplacedName(besides: consumed)
            {
                // "the Spoon-Knife repository of octocat": the other half of a stated name pair.
                node.reasons.append("\(input.name) given with the request's names")
                continue
            }
            let choices = rankedProducers(
                for: input, of: facts, byProperName: byProperName, avoiding: avoiding, consumed: consumed)
            var chosen: (node: Node, field: ProducedField, score: Double)?
            var skip = alternativeUsed ? 0 : (alternative ?? 0)
            let takesAlternative = skip > 0
            // `{owner}/{repo}`: the two halves of a pair name one thing, so they come from the item one call found.
            let otherHalf = input.halfOfPair.flatMap { half in
                node.children.first { $0.input.location == .path && $0.input.halfOfPair == 1 - half }
            }
            if let otherHalf {
                chosen = secondHalf(
                    of: input, for: facts, first: otherHalf, choices: choices, node: &node,
                    producedFields: &producedFields)
            }
            // The calls the plan makes already, here and elsewhere, which a producer's own lookups may share.
            let known = made.union(node.calls)
            func producer(_ operationID: String, budget: Int) -> Node? {
                self.node(
                    for: operationID, budget: budget, avoiding: avoiding.union([operationID]), consumed: consumed,
                    alternative: nil, producing: input.name, made: known)
            }
            for choice in choices.prefix(4) where chosen == nil {
                // A producer another input already calls costs no further call.
                if let shared = node.children.first(where: { $0.node.operationID == choice.field.operationID }) {
                    chosen = (shared.node, choice.field, choice.score)
                    break
                }
                guard remaining >= 1, var child = producer(choice.field.operationID, budget: remaining) else {
                    continue
                }
                if skip > 0 {
                    skip -= 1
                    continue
                }
                child.mentionOrder =
                    catalog.facts[choice.field.operationID].flatMap { values.firstMention(of: $0.resource) }
                    ?? input.resources.compactMap(values.firstMention).min() ?? Int.max
                chosen = (child, choice.field, choice.score)
                break
            }
            // "The label of the first parcel of the latest shipment in the group's first store": a producer that
            // did not fit costs one call when its own lookups are calls the plan makes already (the shipments are
            // listed in the store the parcels are read in).
            if chosen == nil, input.required, otherHalf == nil, !takesAlternative {
                let free = budget - node.calls.subtracting(made).count
                for choice in choices.prefix(4) where chosen == nil && free >= 1 {
                    guard let child = producer(choice.field.operationID, budget: free + known.count),
                        child.calls.subtracting(known).count == 1
                    else { continue }
                    chosen = (child, choice.field, choice.score)
                }
            }
            alternativeUsed = true
            if let otherHalf, let chosen {
                // The first half's pointer as it now is (``secondHalf`` may have taken it again).
                let firstPointer = node.children.first { $0.input.name == otherHalf.input.name }?.pointer ?? ""
                let apart =
                    chosen.node.operationID != otherHalf.node.operationID
                    ? "calls"
                    // An event's `repo.name` and the `owner.login` of a repository its payload holds name two things.
                    : Self.ofOneObject(Self.pointer(chosen.field.field, for: input), firstPointer) ? nil : "objects"
                if let apart {
                    node.confidence *= 0.5
                    node.reasons.append("\(input.name) and \(otherHalf.input.name) come from different \(apart)")
                }
            }
            guard let chosen else {
                if input.required {
                    node.unresolved.append(input.name)
                    node.reasons.append("nothing states or returns \(input.name)")
                }
                continue
            }
            if !node.children.contains(where: { $0.node.operationID == chosen.node.operationID }) {
                remaining -= chosen.node.size
            }
            let pointer = Self.pointer(chosen.field.field, for: input)
            node.children.append((input, chosen.node, pointer))
            producedFields[input.name] = chosen.field
            // "search → GET /albums?ids= → GET /albums/{id}/tracks": a read that takes the very thing it gives, by
            // its key (not by a name, as `GET /users/{username}` gives a user's id), only passes it on.
            let others = Self.listsOthers(chosen.field, for: input)
            if others { node.othersFed.insert(input.name) }
            if !others, let producer = catalog.facts[chosen.node.operationID],
                producer.inputs.contains(where: { own in
                    own.required && !own.takesName && own.key == input.key
                        && own.resources.contains(where: input.resources.contains)
                })
            {
                node.confidence *= 0.5
                node.reasons.append("step \(chosen.node.operationID) takes the \(input.name) it gives")
            }
            if let kind = kindListedInstead(of: chosen.field, for: input, of: facts) {
                node.confidence *= 0.6
                node.reasons.append("\(input.name) of another kind of \(kind.last ?? "item")")
            }
            // "The primary queue": a producer of any queue is no way to the one a field is named for.
            let phrases = phrases(for: input)
            if !Self.isNamed(chosen.field.field, byOneOf: phrases),
                let phrase = choices.lazy.map(\.field.field).first(where: { Self.isNamed($0, byOneOf: phrases) })
            {
                node.confidence *= 0.6
                node.reasons.append("\(input.name) is not the \(phrase.display) the request names")
            }
            // Past a score of 7 a producer is as good as certain; what it scores beyond counts a little, so the
            // better of two such producers still wins.
            node.confidence *= 0.8 + 0.03 * min(max(chosen.score, 0), 7) + 0.005 * max(chosen.score - 7, 0)
            // The request neither names the item a list's first entry stands for nor picks it from the list.
            func requestLeavesItOpen() -> Bool {
                !named && !values.picksFromLists && values.properName == nil && !filtersByStatedValue(chosen.node)
            }
            // "The episodes of season 2": a season read lists them under `episodes`, and reading its first one
            // answers another request.
            if let wantedList, input.location == .path, pointer.contains("/0"),
                isWantedList(catalog.facts[chosen.node.operationID]?.resource.last)
                    || isWantedList(Self.listsUnder(pointer))
            {
                node.confidence *= 0.5
                node.reasons.append("takes one \(wantedList) of the \(wantedList)s the request asks for")
            } else if asksProperty, facts.operation.method == "GET", facts.operation.path.hasSuffix("{\(input.name)}"),
                !input.resources.contains(where: { isWantedList($0.last) })
            {
                if let property = askedProperty, catalog.field(named: property, besides: chosen.field) != nil {
                    // "What is the name of the artist of album …?": the album read returns its artists' names beside
                    // their ids; reading the artist again adds nothing.
                    node.confidence *= 0.3
                    node.reasons.append(
                        "step \(chosen.node.operationID) returns the \(property) beside the \(input.name) it gives")
                } else {
                    // "How long is the movie Parasite?": the list found the movie; reading it reads its length. (Not so
                    // one of the things "how many seasons…" counts.)
                    node.reasons.append(
                        "reads the \(input.name) step \(chosen.node.operationID) found for what the question asks")
                }
            } else if Self.isDetail(facts.operation, of: chosen.node.operationID, catalog: catalog)
                || Self.readsSeveralAgain(facts, input: input, from: chosen.field.field, catalog: catalog)
            {
                // The list already returned what this detail call would: the list alone answers, and the item it
                // reads is one the request identifies or none.
                node.confidence *= 0.5
                node.reasons.append("reads again what step \(chosen.node.operationID) listed")
                if requestLeavesItOpen() {
                    node.confidence *= 0.6
                    node.reasons.append("reads one \(input.name) the request does not identify")
                }
            } else if !named, !picksOne, facts.operation.method == "GET", input.location == .path,
                facts.operation.path.hasSuffix("{\(input.name)}"),
                input.resources.contains(where: { values.firstMention(of: $0) != nil })
                    || catalog.facts[chosen.node.operationID].map({ producer in
                        input.resources.contains { PlanningWords.endsWith(producer.resource, $0) }
                    }) ?? true
            {
                // Reading one item the request speaks of but neither identifies nor picks ("the first one"): a list of
                // the kind usually answers.
                // (Reading the one another thing refers to, "the profile of the pull request's author", is a step.)
                node.confidence *= 0.6
                node.reasons.append("reads one \(input.name) the request does not identify")
            } else if input.location == .path, pointer.contains("/0"), requestLeavesItOpen(),
                catalog.facts[chosen.node.operationID].map({ values.name(for: $0.resource) == nil }) ?? true
            {
                // "the teams in the acme-corp org" is no request about the first team's child teams.
                node.confidence *= 0.7
                node.reasons.append("takes one \(input.name) of a list the request does not choose from")
            }
            if let producer = catalog.facts[chosen.node.operationID] {
                if let name = givenName
                    ?? values.properName.flatMap({
                        mayName($0, input.resources + [producer.resource]) ? $0 : nil
                    })
                {
                    for filter in producer.operation.parameters
                    where Self.filtersByName(filter)
                        && node.children.last?.node.arguments[filter.name] == nil
                    {
                        node.children[node.children.count - 1].node.arguments[filter.name] = .string(name)
                        break
                    }
                    // "Is Papua New Guinea supported? …": a list that cannot be told a name finds the item by the name
                    // its items carry.
                    if !Self.filtersByName(producer.operation), !input.resources.contains(where: findsByName),
                        chosen.node.children.isEmpty, !consumed.contains(name), !StatedValues.isSlashPair(name),
                        choice == nil,
                        let found = self.choice(of: name, from: chosen.field, for: input, in: node)
                    {
                        choice = found
                        consumed.insert(name)
                    }
                }
                // "The most starred 'static site generator' repository": what the search looks for.
                if let child = node.children.last?.node,
                    let filter = producer.operation.parameters.first(where: { $0.required && Self.filtersByName($0) }),
                    child.arguments[filter.name] == nil, let phrase = values.describedPhrase(for: producer.resource)
                {
                    node.children[node.children.count - 1].node.arguments[filter.name] = .string(phrase)
                }
                // "What movies are playing now?" is no search: a lookup that must be told a name, told none, finds
                // nothing.
                if let child = node.children.last?.node,
                    let filter = producer.operation.parameters.first(where: { $0.required && Self.filtersByName($0) }),
                    child.arguments[filter.name] == nil
                {
                    node.confidence *= 0.5
                    let looked = input.resources.last?.last ?? input.name
                    node.reasons.append("nothing names the \(looked) step \(chosen.node.operationID) looks up")
                }
            }
        }
        if let choice {
            for index in node.children.indices
            where node.children[index].node.operationID == choice.producer
                && node.children[index].pointer.hasPrefix(choice.item + "/0/")
            {
                let pointer = node.children[index].pointer
                node.children[index].pointer =
                    choice.item + "/" + choice.choice.token + pointer.dropFirst(choice.item.count + "/0".count)
            }
            node.choices[choice.choice.input] = choice.name
            node.reasons.append(
                "\(choice.choice.input) = \(choice.name): the item step \(choice.producer) lists by that name")
        }
        // "The customer with email sam@example.com": a value in the format of a filter (`email` of
        // `GET /v1/customers`) narrows the read to the thing meant.
        if facts.operation.method == "GET" {
            for filter in facts.filters where node.arguments[filter.name] == nil {
                guard
                    let stated = values.valueInItsFormat(for: filter, of: facts.resource)
                        ?? values.namedValue(forFilter: filter),
                    !consumed.contains(stated.value)
                else { continue }
                node.arguments[filter.name] = .string(stated.value)
                consumed.insert(stated.value)
                node.reasons.append("\(filter.name) = \(stated.value) (\(stated.how))")
            }
        }
        if let (input, step) = disagreement(in: node) {
            // "list the files of the newest pull request there": the pull request's number is one of the repository
            // `GET …/pulls` was called with, not of a repository another call gives.
            node.confidence *= 0.5
            node.reasons.append("\(input) is not the one step \(step) was called with")
        }
        return node
    }

    /// A list item chosen by name: the list call, the pointer of its items' array and the choice.
    private typealias NamedItem = (producer: String, item: String, choice: ItemChoice, name: String)

    /// The choice of the item named `name` among the items whose `field` a list call returns, for `input` of `node`
    /// (``ItemChoice``): when the items are things of `input`'s kind with a `name` of their own (a holiday's name
    /// names no country) and no argument of `node` or of its calls holds `name` already; else `nil`. (Called only
    /// when no list of the kind filters by name, as a search finds the thing and "my top artists" may not hold it,
    /// and for a list whose own inputs the request states: the teams of some organization hold no team it names.)
    private func choice(
        of name: String, from field: ProducedField, for input: PlanInput, in node: Node
    ) -> NamedItem? {
        let kind = (input.resources.first ?? []).filter { !PlanningWords.keyWords.contains($0) }
        guard let item = field.field.listPointer,
            let named = catalog.field(named: "name", besides: field), named.field.pointer == item + "/0/name",
            let owner = named.field.owners.first(where: { !Set($0).isDisjoint(with: kind) }),
            // "The most starred Rust web framework" names a framework, no team.
            values.nounAfter(name).map({ kind.contains(SearchText.singular($0)) }) ?? true,
            !node.arguments.members.contains(where: { $0.value == .string(name) }),
            !node.children.contains(where: { child in
                child.node.arguments.members.contains { $0.value == .string(name) }
            })
        else { return nil }
        let thing = kind.filter(owner.contains).joined(separator: "_")
        return (field.operationID, item, ItemChoice(field: "name", input: thing + "_name"), name)
    }

    /// The key of things related to one thing, of its own kind, that `input` can take, when the request names their
    /// list: the key of the items of a list member of the object a GET reads by the same key, whose items are what
    /// that object is (`borders[].countryCode` of `GET /api/v3/CountryInfo/{countryCode}`: a country's borders are
    /// countries), named by a word of the request ("bordering"). The request's value for `input` then identifies the
    /// thing read first, and the call takes the keys of the things related to it.
    private func relatedItems(of input: PlanInput, operationID: String, avoiding: Set<String>) -> ProducedField? {
        // Few objects list things of their own kind, and fewer requests name such a list: those are checked first.
        let named = catalog.relatedLists.compactMapValues { lists in
            lists.first { list in
                values.firstMention(of: list.words) != nil
                    && !input.resources.contains(where: { PlanningWords.endsWith(list.words, $0) })
            }
        }
        guard !named.isEmpty else { return nil }
        let key = PlanningWords.singularWords(input.name)
        for produced in catalog.producers(of: input, excluding: operationID).map(\.field)
        where !avoiding.contains(produced.operationID) && produced.field.depth == 0
            && produced.field.words.map(SearchText.singular) == key
        {
            guard let list = named[produced.operationID], let reader = catalog.facts[produced.operationID],
                reader.inputs.contains(where: { own in
                    own.required && own.location == .path && own.name == input.name
                        && own.resources.contains(where: input.resources.contains)
                })
            else { continue }
            return ProducedField(
                operationID: produced.operationID, field: list.itemsField(produced.field), order: produced.order)
        }
        return nil
    }

    /// The first path input of `node` that one of its producers takes too, from another source (another call's
    /// field, or another value), with that producer's operation id; `nil` when they agree.
    private func disagreement(in node: Node) -> (input: String, step: String)? {
        guard !node.children.isEmpty else { return nil }
        func source(of name: String, in node: Node) -> InputSource? {
            if let child = node.children.first(where: { $0.input.name == name }) {
                return .field(operationID: child.node.operationID, pointer: child.pointer)
            }
            return node.arguments[name].map(InputSource.value)
        }
        // The same input: of the same name, identifying the same things (`{id}` of a track is no artist's).
        let ownPaths = (catalog.facts[node.operationID]?.inputs ?? []).filter { $0.location == .path }
        for child in node.children {
            for input in catalog.facts[child.node.operationID]?.inputs ?? []
            where input.location == .path && !node.othersFed.contains(input.name)
                && ownPaths.contains(where: { $0.name == input.name && $0.resources == input.resources })
            {
                guard let theirs = source(of: input.name, in: child.node), let ours = source(of: input.name, in: node)
                else { continue }
                if theirs != ours { return (input.name, child.node.operationID) }
            }
        }
        return nil
    }

    /// The request's proper name when `name`, a name given beside a mention, is its first word ("customer Jenny
    /// Rosen" gives `Jenny`), else `name`.
    private func fullName(_ name: String) -> String {
        guard startsProperName(name), let proper = values.properName else { return name }
        return proper
    }

    /// Whether `name` is the first word of the request's proper name ("Jenny" of "Jenny Rosen").
    private func startsProperName(_ name: String) -> Bool {
        values.properName?.split(separator: " ").first == Substring(name)
    }

    /// Whether a lookup filters its list by a value the request states (`GET /v1/invoices?customer=cus_…`): the
    /// request chooses from the list.
    private func filtersByStatedValue(_ node: Node) -> Bool {
        let queries = Set(
            catalog.facts[node.operationID]?.operation.parameters.filter { $0.location == .query }.map(\.name) ?? [])
        return node.arguments.members.contains { member in
            guard queries.contains(member.key), let text = member.value.stringValue else { return false }
            return !text.hasPrefix("$")
        }
    }

    /// Whether `operation` creates something: a POST to a collection that is not a query or search.
    private static func creates(_ operation: APIOperation) -> Bool {
        RequestFrame.action(of: operation.method, path: operation.path) == .create
    }

    /// Whether `operation` is a GET of one item of the collection `producer` lists (`GET /disputes/{dispute}` after
    /// `GET /disputes`).
    private static func isDetail(_ operation: APIOperation, of producer: String, catalog: PlanningCatalog) -> Bool {
        guard operation.method == "GET", operation.path.hasSuffix("}"),
            let list = catalog.facts[producer]?.operation, list.method == "GET"
        else { return false }
        let parent = operation.path.split(separator: "/").dropLast().joined(separator: "/")
        return "/" + parent == list.path || parent == list.path
    }

    /// Whether `consumer` is a read of several things by their keys that returns them (`GET /artists?ids=`, not
    /// `GET /me/artists/contains`), fed the key of one that its producer returned whole already (`artists.items[].id`
    /// of a search).
    private static func readsSeveralAgain(
        _ consumer: OperationFacts, input: PlanInput, from field: ResponseField, catalog: PlanningCatalog
    ) -> Bool {
        guard consumer.operation.method == "GET", input.isList, input.location != .path,
            let holder = field.owners.first
        else { return false }
        return input.resources.contains { resource in
            PlanningWords.endsWith(consumer.resource, resource) && PlanningWords.endsWith(holder, resource)
                && catalog.returnsNames(consumer.operation.id, of: resource)
        }
    }

    /// Sets an input's argument: parameters by name, body fields inside `body`.
    private static func set(_ input: PlanInput, to value: JSONValue, in arguments: inout JSONObject) {
        guard input.location == .body else {
            arguments[input.name] = value
            return
        }
        var body = arguments["body"]?.objectValue ?? JSONObject()
        let value = input.isList && value.stringValue?.hasPrefix("$steps.") != true ? .array([value]) : value
        if let container = input.container {
            var item = body[container]?.arrayValue?.first?.objectValue ?? JSONObject()
            item[input.name] = value
            body[container] = .array([.object(item)])
        } else {
            body[input.name] = value
        }
        arguments["body"] = .object(body)
    }

    /// Whether `field` is a key of things listed under another name that look like `input`'s (``LookalikeItems``:
    /// the recommendations of an anime are other anime), so a read that takes `input` can give another one.
    private static func listsOthers(_ field: ProducedField, for input: PlanInput) -> Bool {
        field.ofLookalikes
            && !input.resources.contains { resource in
                field.field.owners.first.map { PlanningWords.endsWith($0, resource) } ?? true
            }
    }

    /// The pointer that feeds an input from a field: a list input takes a list field whole, a scalar input the first
    /// item of a list field.
    private static func pointer(_ field: ResponseField, for input: PlanInput) -> String {
        field.isList && !input.isList ? field.pointer + "/0" : field.pointer
    }

    /// The producer of `input`, the second half of an `{owner}/{repo}` pair whose `first` half `node` already takes: a
    /// field of the first half's call in the object the first half is of (a repository's `owner.login` beside its
    /// `name`), the best of `choices` first; else the best field of that call, with the first half taken again from
    /// its object when it can be (a `repository.owner.login`, not an app's `owner.login`); else, when `choices` hold
    /// nothing of that call, the key of the first half's item (``PlanningCatalog/field(named:besides:)``).
    private func secondHalf(
        of input: PlanInput, for consumer: OperationFacts, first: (input: PlanInput, node: Node, pointer: String),
        choices: [(field: ProducedField, score: Double)], node: inout Node,
        producedFields: inout [String: ProducedField]
    ) -> (node: Node, field: ProducedField, score: Double)? {
        /// The fields of the first half's call that can feed `input`.
        func callFields(feeding input: PlanInput) -> [ProducedField] {
            fields(
                for: input, of: consumer.operation.id, qualifiers: values.qualifiers(for: input),
                phrases: phrases(for: input)
            ).map(\.field).filter { $0.operationID == first.node.operationID }
        }
        let best = choices.first {
            $0.field.operationID == first.node.operationID
                && Self.pointer($0.field.field, for: input) != first.pointer
        }
        if let best, Self.ofOneObject(Self.pointer(best.field.field, for: input), first.pointer) {
            return (first.node, best.field, best.score)
        }
        if let field = callFields(feeding: input).first(where: {
            Self.ofOneObject(Self.pointer($0.field, for: input), first.pointer)
        }) {
            // Of a list of one kind or another (`oneOf`): `/0/repo/owner/login` beside `/0/repo/name`.
            return (first.node, field, best?.score ?? choices.first?.score ?? 0)
        }
        if let best {
            if let index = node.children.firstIndex(where: { $0.input.name == first.input.name }),
                let moved = callFields(feeding: first.input).first(where: {
                    $0.field.pointer != best.field.field.pointer
                        && Self.ofOneObject(
                            Self.pointer($0.field, for: first.input), Self.pointer(best.field.field, for: input))
                })
            {
                node.children[index].pointer = Self.pointer(moved.field, for: first.input)
                producedFields[first.input.name] = moved
            }
            return (first.node, best.field, best.score)
        }
        guard let other = producedFields[first.input.name], let field = catalog.field(named: input.key, besides: other)
        else { return nil }
        // The item's own key, though the index holds it under another kind (a search's result item).
        return (first.node, field, choices.first?.score ?? 0)
    }

    /// Whether two fields' pointers are of one object: members of it, or one a member of an object it holds
    /// (`/0/repository/name` and `/0/repository/owner/login`; not `/0/repo/name` and `/0/payload/repository/owner/login`).
    private static func ofOneObject(_ lhs: String, _ rhs: String) -> Bool {
        func parent(_ pointer: Substring) -> Substring {
            pointer.lastIndex(of: "/").map { pointer[..<$0] } ?? ""
        }
        let (left, right) = (parent(lhs[...]), parent(rhs[...]))
        return left == right || left == parent(right) || parent(left) == right
    }

    /// Whether the request's name `name` may identify a thing of one of `resources`: the request calls it no other
    /// kind ("the 'Night Shift' book" is no edition).
    private func mayName(_ name: String, _ resources: [[String]]) -> Bool {
        guard let kind = values.kind(named: name) else { return true }
        return resources.contains { $0.last.map { PlanningWords.sameWord($0, kind) } ?? false }
    }

    /// Whether `word` is the thing the request asks a list of (``wantedList``).
    private func isWantedList(_ word: String?) -> Bool {
        guard let word, let wantedList else { return false }
        return PlanningWords.sameWord(word, wantedList)
    }

    /// The last word, singular, of the array member a pointer takes its first item from (`episode` of
    /// `/episodes/0/episode_number`, `result` of `/results/0/id`).
    static func listsUnder(_ pointer: String) -> String? {
        let segments = pointer.split(separator: "/").map(String.init)
        guard let index = segments.lastIndex(of: "0"), index > 0 else { return nil }
        return PlanningWords.singularWords(segments[index - 1]).last
    }

    /// Whether `parameter` is a query parameter that filters a list by a name or a search text: named so, and free
    /// text (`filter=latest|all` of a list of check runs picks a kind, no name).
    private static func filtersByName(_ parameter: OperationParameter) -> Bool {
        parameter.location == .query && parameter.schema["enum"] == nil
            && nameFilters.contains(parameter.name.lowercased())
    }

    /// The names of query parameters that filter a list by a name or a search text, lower-case.
    static let nameFilters: Set<String> = ["name", "q", "query", "search", "filter", "term"]

    /// Whether `operation` takes a query parameter that filters by a name or a search text.
    private static func filtersByName(_ operation: APIOperation) -> Bool {
        operation.parameters.contains(where: filtersByName)
    }

    /// Whether some list of `resource`, or a search of every kind (`GET /search?q=&type=` returns artists and albums
    /// alike), filters by a name or a search text (`GET /v1/customers/search?query=`) and returns things of that kind
    /// with a name of their own (a charge search finds no charge by a person's name).
    private func findsByName(_ resource: [String]) -> Bool {
        let key = resource.joined(separator: " ")
        if let known = memo.request.findsByName[key] { return known }
        let found = catalog.facts.values.contains { facts in
            facts.operation.method == "GET" && !facts.operation.path.hasSuffix("}")
                && (facts.resource.isEmpty || PlanningWords.endsWith(facts.resource, resource))
                && Self.filtersByName(facts.operation)
                && catalog.returnsNames(facts.operation.id, of: resource)
        }
        memo.request.findsByName[key] = found
        return found
    }

    /// The request's phrases for the thing `input` identifies, a word that says which one and the thing ("the primary
    /// queue" for `queue_id`, "the stable channel" for a `ref` that takes a channel's name): a field named so
    /// (`primary_queue`, `stable_channel`) holds the very one.
    private func phrases(for input: PlanInput) -> [String] {
        // A thing's own name of two words ("the API token" for `api_token_id`) says no which.
        let own = Set(input.resources.map { $0.joined(separator: " ") })
        return (input.resources.compactMap(\.last) + input.describedKinds).flatMap { kind in
            values.qualifiers(of: [kind]).map { $0 + " " + kind }.filter { !own.contains($0) }
        }
    }

    /// Whether `field` is named by one of `phrases` (``phrases(for:)``).
    private static func isNamed(_ field: ResponseField, byOneOf phrases: [String]) -> Bool {
        field.words.count == 2 && phrases.contains(field.words.map(SearchText.singular).joined(separator: " "))
    }

    /// Producers of an input, best first, with scores; `byProperName`: the input is to identify the thing the
    /// request's proper name names, so lists that filter by a name are likelier.
    private func rankedProducers(
        for input: PlanInput, of consumer: OperationFacts, byProperName: Bool, avoiding: Set<String>,
        consumed: Set<String>
    ) -> [(field: ProducedField, score: Double)] {
        let key = consumer.operation.id + "|" + input.name + (byProperName ? "|name" : "")
        if let known = memo.producers[key] { return known.filter { !avoiding.contains($0.field.operationID) } }
        let ranked = rankProducers(for: input, of: consumer, byProperName: byProperName, consumed: consumed)
        memo.producers[key] = ranked
        return ranked.filter { !avoiding.contains($0.field.operationID) }
    }

    private func rankProducers(
        for input: PlanInput, of consumer: OperationFacts, byProperName: Bool, consumed: Set<String>
    ) -> [(field: ProducedField, score: Double)] {
        let consumerSegments = consumer.operation.path.split(separator: "/")
        var best: [String: (field: ProducedField, score: Double)] = [:]
        let qualifiers = values.qualifiers(for: input)
        let phrases = phrases(for: input)
        let inputNameWords = PlanningWords.singularWords(input.name)
        let pairHalves = values.ownerPair?.split(separator: "/") ?? []
        // The words the request puts right before one thing of the input's kind ("the most popular movie").
        let pickingWords = Set(input.resources.flatMap(values.wordsBefore))
        // The things the request puts the input's thing under ("the repository of the first organization"), unless
        // the consumer's own path is under them ("a member of the maintainers team" is where the call puts it).
        let containers = Set(input.resources.flatMap(values.containers)).filter { container in
            !PathPlacement.holders(in: consumerSegments).contains { PlanningWords.sameWord($0, container) }
        }
        for (produced, strength) in fields(
            for: input, of: consumer.operation.id, qualifiers: qualifiers, phrases: phrases)
        {
            // A read that takes the input itself is no way to it; one whose same-named path parameter is about
            // another thing, which the request identifies, is ("the artist of the track 11dF…": `GET /tracks/{id}`
            // gives the `{id}` of `GET /artists/{id}/albums`).
            guard let facts = catalog.facts[produced.operationID],
                facts.operation.method == "GET", facts.operation.apiID == consumer.operation.apiID
            else { continue }
            let traits = traits(of: facts)
            // Other things of the input's kind are a way to it only when the request speaks of them ("recommendations
            // based on Mushishi").
            let others = Self.listsOthers(produced, for: input)
            if others, values.firstMention(of: facts.resource) == nil { continue }
            guard
                others
                    || !facts.inputs.indices.contains(where: { index in
                        let own = facts.inputs[index]
                        return own.location == .path && own.name == input.name
                            && (own.resources.isEmpty || input.resources.isEmpty
                                || own.resources.contains(where: input.resources.contains)
                                || traits.statedValues[index] == nil)
                    })
            else { continue }
            // A list of identifiers feeds one (its first: "the volume attached to droplet db-1" is the first of
            // the droplet's `volume_ids`) when it is named for the input's kind.
            if input.isList != produced.field.isList, produced.field.isList, strength < 3 { continue }
            var score = Double(strength)
            // "Its head revision": the key of the object the request's qualifier names (`head.id`).
            if let holder = produced.field.owners.first?.last, qualifiers.contains(holder) { score += 2 }
            if Self.isNamed(produced.field, byOneOf: phrases) { score += 2 }
            // What the producer lists: the resource its path names, or for a path that names none (`GET /search`
            // returns shows and episodes alike) the thing holding the field.
            let listed = facts.resource.isEmpty ? produced.field.owners.first ?? [] : facts.resource
            // A list of the input's kind that filters by name finds the thing the request's proper name names.
            let findsTheName =
                byProperName && Self.filtersByName(facts.operation)
                && input.resources.contains { PlanningWords.endsWith(listed, $0) }
            // A name the request gives a thing of the producer's kind counts unless a call already took it ("issue
            // #77" is the issue to change, not the one whose milestone to take), and, when the request names a thing
            // of the input's own kind ("my droplet db-1" for `droplet_id`), only for a list of that kind (a list of
            // the volume pg-data is no way to the droplet).
            let namesIt =
                values.name(for: listed).map { name in
                    !consumed.contains(name) && !consumed.contains(String(name.drop { $0 == "#" }))
                } ?? false
            let namesTheInput = input.resources.contains { values.name(for: $0) != nil }
            let listsTheInput = input.resources.contains { PlanningWords.endsWith(listed, $0) }
            // `membership.loan` of a member is the loan of a thing the request never speaks of.
            let holder = produced.field.owners.first { !$0.allSatisfy(OperationFacts.envelopeWords.contains) }
            let heldByAnUnmentionedThing =
                holder.map { holder in
                    !PlanningWords.endsWith(listed, holder)
                        && !input.resources.contains(where: { $0.last == holder.last })
                        && holder != inputNameWords && values.firstMention(of: holder) == nil
                } ?? false
            if (namesIt && (listsTheInput || (!namesTheInput && !heldByAnUnmentionedThing))) || findsTheName {
                // Of the lists of its kind, one that filters by the name finds the very thing.
                score += findsTheName ? 5 : 3
            } else if values.firstMention(of: facts.resource) != nil {
                score += 1
            }
            let segments = traits.segments
            // A list the consumer's path continues (`GET …/hooks` for `…/hooks/{hook_id}`) holds the things it
            // addresses, when it lists what the input identifies.
            if segments.count < consumerSegments.count, Array(consumerSegments.prefix(segments.count)) == segments,
                listsTheInput
            {
                score += 2
            }
            // What the producer needs besides what the consumer shares with it (path parameters, required filters):
            // a value the request states that nothing else took counts for it, one it lacks against it; both halves
            // of an `owner/repo` pair are one stated thing.
            var pairCounted = false
            for (own, stated) in zip(facts.inputs, traits.statedValues)
            where (own.location == .path || own.required) && consumer.inputs.allSatisfy({ $0.name != own.name }) {
                if let stated, !consumed.contains(stated) {
                    let fromPair = pairHalves.contains(Substring(stated))
                    if !(fromPair && pairCounted) { score += 2 }
                    pairCounted = pairCounted || fromPair
                } else {
                    score -= 1.5
                }
            }
            // A list the request's value filters (`GET /v1/invoices?customer=cus_…`, `GET /v1/customers?email=…`)
            // finds the very items meant.
            if zip(facts.inputs, traits.statedValues).contains(where: { own, stated in
                own.location == .query && !own.required && own.name != input.name
                    && stated.map { !consumed.contains($0) } == true
            }) || traits.filterValues.contains(where: { !consumed.contains($0) }) {
                score += 1.5
            }
            // A search finds the things the request describes by a phrase ("the most starred 'static site
            // generator' repository").
            if traits.needsName, values.describedPhrase(for: listed) != nil { score += 3 }
            // A search that needs a text (`GET /editions/search?q=`) is no way to the thing the request's name
            // names when that is of another kind ("the 'Night Shift' book" is no edition's name).
            if traits.needsName, values.name(for: listed) == nil, let name = values.properName,
                let kind = values.kind(named: name), !PlanningWords.sameWord(kind, listed.last ?? "")
            {
                score -= 2
            }
            // "The most popular movie", "the top chart show": a list whose path ends in the word the request puts
            // before the thing (`GET /movie/popular`, `GET /browse/charts`) picks it.
            if !pickingWords.isEmpty, let selector = traits.segments.last, segments.count >= 2,
                !selector.hasPrefix("{"), let word = PlanningWords.singularWords(String(selector)).last,
                pickingWords.contains(word)
            {
                score += 3
            }
            // "The most recently updated repository of the first organization": a list under that organization
            // (`GET /orgs/{org}/repos`) finds it, one under another thing (`GET /users/{username}/repos`) does not;
            // the read of the organization itself is neither.
            if !containers.isEmpty {
                switch PathPlacement.of(segments, containers: containers) {
                case .under: score += 2
                case .elsewhere: score -= 1
                case .readsContainer, .unplaced: break
                }
            }
            // "The latest overdue loan": a list that filters by a state the request names (`status=overdue`).
            if listsTheInput, traits.filtersByNamedState { score += 1 }
            if let rank = operationRank[produced.operationID] { score += 2 / Double(rank) }
            if let weight = namedLinks[produced.operationID + ">" + consumer.operation.id] {
                score += Self.namedStepWeight * weight
            }
            // One item the path picks ("default") is the one the request names only by chance, and none of a list
            // the request picks from ("her oldest open loan" is no `…/loans/current`).
            let selectorWeight = values.name(for: listed) != nil ? 1.5 : values.picksFromLists ? 2 : 0.5
            score -= selectorWeight * Double(traits.unmentionedSelectors)
            score -= 0.3 * Double(traits.unmentionedQualifiers)
            if facts.aboutCaller { score += firstPerson ? 1.5 : -1 }
            score -= 0.3 * Double(produced.field.depth)
            if hasUnnamedQualifier(produced.field, for: input, of: consumer) { score -= 2 }
            if kindListedInstead(of: produced, for: input, of: consumer) != nil { score -= 2 }
            // A new renewal's loan is seldom that of a renewal listed at the path it is made at.
            if consumer.operation.method == "POST", facts.operation.path == consumer.operation.path { score -= 2 }
            if heldByAnUnmentionedThing { score -= 3 }
            // Of an item's fields that could name it, the one the input is named for (`slug` for `team_slug`), and an
            // account's login before its display name.
            if produced.field.words.last.map(SearchText.singular) == input.key { score += 0.1 }
            if input.takesName, produced.field.words == ["login"] { score += 0.2 }
            // `owner` (of a repository) is the owner's login, not the repository's name: a field of an object named
            // as the input is comes first.
            if input.resources.count > 1, produced.field.owners.first == inputNameWords {
                score += 0.5
            }
            if let known = best[produced.operationID], known.score >= score { continue }
            best[produced.operationID] = (produced, score)
        }
        // "Tag my droplet web-1" (`resources[].resource_id`), "the CPU use of droplet web-1" (`host_id`): an identifier
        // of no kind the API lists, or of the members a call adds, that no producer about a thing the request names
        // feeds, may take the id of the thing it names.
        if input.key == "id", !input.takesName,
            input.resources.allSatisfy({ resource in
                !catalog.lists(resource)
                    || (input.location == .body && PlanningWords.endsWith(consumer.resource, resource))
            }),
            best.values.allSatisfy({ known in
                catalog.facts[known.field.operationID].map { values.name(for: $0.resource) == nil } ?? true
            })
        {
            for resource in otherNamedResources(for: input, of: consumer) {
                let standIn = PlanInput(
                    name: resource.joined(separator: "_") + "_id", location: input.location, required: input.required,
                    resources: [resource], key: "id", types: input.types, takesName: false, isList: input.isList,
                    schema: input.schema, description: "")
                for (produced, strength) in catalog.producers(of: standIn, excluding: consumer.operation.id)
                where strength == 3 {
                    guard let facts = catalog.facts[produced.operationID], facts.operation.method == "GET",
                        facts.operation.apiID == consumer.operation.apiID, !facts.operation.path.hasSuffix("}"),
                        PlanningWords.endsWith(facts.resource, resource)
                    else { continue }
                    var score = 4 - 0.3 * Double(produced.field.depth)
                    if let rank = operationRank[produced.operationID] { score += 2 / Double(rank) }
                    if let known = best[produced.operationID], known.score >= score { continue }
                    best[produced.operationID] = (produced, score)
                }
            }
        }
        return best.values.sorted { lhs, rhs in
            lhs.score != rhs.score ? lhs.score > rhs.score : lhs.field.operationID < rhs.field.operationID
        }
    }

    /// Whether the thing holding `field` is a kind of the input's thing that `consumer` never names (`check_runs[].id`
    /// for the `run_id` of "Cancel a workflow run"): likely another thing of the same last name.
    private func hasUnnamedQualifier(_ field: ResponseField, for input: PlanInput, of consumer: OperationFacts) -> Bool
    {
        // The nearest holder of the input's kind (`check run` for `run`), and the words it has besides.
        let holders = field.owners.lazy.compactMap { owner in
            input.resources.first { PlanningWords.endsWith(owner, $0) }.map { owner.dropLast($0.count) }
        }
        return holders.first?.contains { !consumer.terms.contains($0) } ?? false
    }

    /// The kind of item `consumer`'s path addresses by `input`, when `produced` is a field of the items of a list of
    /// another kind of the same last name (`/0/id` or `/data/0/id`): the `id` of a project's `alarm` for
    /// `/sites/alarms/{alarm_id}`, whose GET reads a `site-alarm`. Such an id likely names nothing there.
    private func kindListedInstead(
        of produced: ProducedField, for input: PlanInput, of consumer: OperationFacts
    ) -> [String]? {
        guard Self.addressesFirstItem(produced.field.pointer),
            consumer.operation.path.hasSuffix("{\(input.name)}"),
            let kind = catalog.itemKind(addressedBy: consumer.operation),
            let listed = catalog.listedKind(of: produced.operationID),
            listed != kind, listed.last == kind.last
        else { return nil }
        return kind
    }

    /// Whether `pointer` addresses a field of a list's first item, the list at the top or in an envelope (`/0/id`,
    /// `/data/0/id`); split as bytes, as it is asked of every field that could feed an input.
    private static func addressesFirstItem(_ pointer: String) -> Bool {
        let segments = pointer.utf8.split(separator: UInt8(ascii: "/"))
        let item = segments.count == 2 ? 0 : segments.count == 3 ? 1 : nil
        return item.map { segments[$0].elementsEqual("0".utf8) } ?? false
    }

    /// The calls in order: a step's producers before it, sibling lookups in the order the request mentions what
    /// they look up; a producer shared by several inputs is called once.
    private func linearize(_ root: Node) -> ComposedPlan {
        var steps: [ComposedPlan.Step] = []
        var reasons: [String] = []
        var unresolved: [String] = []
        var confidence = 1.0
        var choices: [String: String] = [:]
        var called: [String: Int] = [:]
        @discardableResult
        func visit(_ node: Node) -> Int {
            var arguments = node.arguments
            for child in node.children.sorted(by: { $0.node.mentionOrder < $1.node.mentionOrder }) {
                let key = child.node.operationID + JSONValue.object(child.node.arguments).serialized
                let index = called[key] ?? visit(child.node)
                called[key] = index
                Self.set(
                    child.input, to: .string("$steps.s\(index + 1).response.body#\(child.pointer)"), in: &arguments)
                let label =
                    catalog.facts[child.node.operationID].map { "\($0.operation.method) \($0.operation.path)" }
                    ?? child.node.operationID
                reasons.append("\(child.input.name) ← step s\(index + 1) (\(label)) \(child.pointer)")
            }
            reasons += node.reasons
            unresolved += node.unresolved
            choices.merge(node.choices) { first, _ in first }
            confidence *= node.confidence
            steps.append(
                ComposedPlan.Step(operationID: node.operationID, arguments: arguments, mentionOrder: node.mentionOrder))
            return steps.count - 1
        }
        visit(root)
        return ComposedPlan(
            steps: steps, choices: choices, confidence: confidence, reasons: reasons, unresolved: unresolved)
    }
}
