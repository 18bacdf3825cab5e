import Foundation
import HandbookModel
import Synchronization

/// A plan proposed for a request: a stored multi-step template, or a single operation.
public struct PlanProposal: Sendable {
    /// The stored template, for multi-step proposals.
    public var template: PlanTemplate?
    /// The operations to call, in order.
    public var operations: [String]
    /// The proposal's score; higher is better, comparable within one answer.
    public var score: Double
    /// Why it ranks where it does, for people debugging.
    public var reasons: [String]
    /// Input values found in the request (a name to look up, identifiers, numbers for body fields).
    public var proposedInputs: JSONObject = JSONObject()

    /// Whether one of the proposed inputs, or an argument of one of the template's steps, is `name` (two lookups may
    /// each filter by a name the request gives, under the same parameter name).
    func takes(_ name: String) -> Bool {
        proposedInputs.members.contains { $0.value == .string(name) }
            || template?.steps.contains { step in
                step.arguments.objectValue?.members.contains { $0.value == .string(name) } == true
            } == true
    }

    /// The operation of the first step that looks `name` up by a name or a search text (an argument named as
    /// ``PlanComposer/nameFilters`` holds it, as stated or as a proposed input), if one does.
    func lookup(taking name: String) -> String? {
        let proposed = Set(proposedInputs.members.filter { $0.value == .string(name) }.map { "$inputs." + $0.key })
        guard let template else {
            let filters = proposedInputs.members.contains {
                PlanComposer.nameFilters.contains($0.key.lowercased()) && $0.value == .string(name)
            }
            return filters ? operations.first : nil
        }
        return template.steps.first { step in
            step.arguments.objectValue?.members.contains { member in
                PlanComposer.nameFilters.contains(member.key.lowercased())
                    && (member.value == .string(name) || member.value.stringValue.map(proposed.contains) == true)
            } == true
        }?.operation
    }
}

/// Proposes plans for natural-language requests without an LLM, goal first: the search ranks the operations that
/// could answer the request (what it asks to read or change), and for each of the best the ``PlanComposer`` fills
/// every input that identifies something from the request or from a lookup (recursively, up to four calls). Complete
/// plans rank by their answer operation's score times the lookups' confidence; stored templates (lookup chains,
/// Arazzo workflows) stay candidates.
public struct Planner: Sendable {
    let engine: SearchEngine
    let reader: BundleReader
    private let storedTemplates: LazyTemplates
    private let catalog: LazyCatalog
    private let recentOperations: RecentPlannedOperations

    /// A planner over the engine's bundle; templates and operations load when a proposal first needs them.
    public init(engine: SearchEngine, reader: BundleReader) {
        self.engine = engine
        self.reader = reader
        storedTemplates = LazyTemplates(reader: reader)
        catalog = LazyCatalog(reader: reader)
        recentOperations = RecentPlannedOperations()
    }

    /// The operations of the first `limit` proposals for `request` (``propose(_:limit:)``), each in call order; kept
    /// for the most recent requests, as they never change for a bundle: a search that repeats a task (its next page,
    /// another detail level, another agent asking the same) plans it once.
    public func proposedOperations(_ request: String, limit: Int) throws -> [[String]] {
        let key = "\(limit) \(request)"
        if let kept = recentOperations.kept.withLock({ $0.value(for: key) }) { return kept }
        let operations = try propose(request, limit: limit).map(\.operations)
        recentOperations.kept.withLock { $0.insert(operations, for: key) }
        return operations
    }

    /// How many requests ``proposedOperations(_:limit:)`` keeps the operations of.
    static let keptRequests = 64

    /// The search position given to candidates the search did not rank (below its 60 hits).
    static let unrankedPosition = 61

    /// How much a search position counts: 1/(position + 10), flat enough at the top that what the request's frame
    /// says about an operation can lift the fourth hit over the first.
    static func rankWeight(_ position: Int) -> Double {
        1 / Double(position + 10)
    }

    /// How many of the best-scoring operations are tried as the answer of a request.
    static let answerCandidates = 12

    /// The best plans for `request`, best first.
    ///
    /// An answer operation scores by its position among operations in the lexical search (``rankWeight(_:)``, plus
    /// the same for its position in a search of the request's last clause, and in a search of the compound a question
    /// asks for ("what permission level…", ``RequestText/askedForWords(in:)``) among the operations naming a word of
    /// it; embeddings, where the bundle has them,
    /// ranked the answer worse on every API of the dev set, and rank only when no operation shares a word with the
    /// request), times how well it fits the request's ``RequestFrame``: ×2.5 when its summary or last path segment is
    /// named for the request's verb (×1.2 / ×0.7 as its method does that kind of action or not), else ×1.6 when it
    /// does the kind of action the verb names (read, create, update, delete; a POST to an item updates it) and ×0.6
    /// when it does another, ×2 when its path is about the thing the request names, ×1.3 for a collection when the
    /// request names things in the plural, ×0.85 for each word of a static path segment the request does not mention,
    /// ×0.5 when deprecated, ×0.8 for a PUT beside a PATCH of the same path unless the request uses a word of the
    /// PUT's summary the PATCH's lacks ("replace"), ×0.4 when it is another path to an operation that addresses the
    /// same thing directly
    /// (``Aliases``; not a GET of a list through a parent whose value the request states), ×0.6 when it is a GET with
    /// no parameter in its path beside a candidate that reads the same list through parents the request names all
    /// of (`GET /events` beside `GET /namespaces/{namespace}/events` for "the events in namespace prod"), ×1.5 when
    /// it is about the caller's own account and the request speaks in the first person (×0.7 when it does not), ×0.3
    /// when named for a verb the request rules out ("without merging it"). A request with neither verb nor resource
    /// words falls back to its mood: a question prefers GET (×1.3, others ×0.7, ×0.35
    /// when it asks whether something holds: ``RequestMood/asksWhether``), other requests prefer the other methods
    /// (×1.2, GET ×0.8). ×1.5 when the question asks for the kind of thing it
    /// names (``names(_:_:)``: "which fields…" and "List data sets and their fields"; any word of the compound asked
    /// for) and ×0.7 when another candidate names it but it does not. A read of one thing scores
    /// ×``propertyReadWeight`` when the request asks for a property of a thing it mentions
    /// (``RequestText/asksForProperty(_:)``), and ×0.5 when it reads one of the things the request counts or asks
    /// a list of ("how many seasons…", "the episodes of season 2"). A read that returns people (its path's resource
    /// or a top-level field naming them, or the doer of the question's verb) scores ×``peopleWeight`` when the
    /// request asks who (``RequestText/whoQuestionVerb(in:)``; only reads of the doers its verb names, when some read
    /// returns them), and another read ×0.7. ×0.6 when its path puts its thing under other things than the request
    /// does ("the logs of the first job" and `…/runs/{run_id}/logs`: ``PathPlacement``), or under nothing while no
    /// input is named for that thing (`GET /logs` for "the logs of pod web-2"). A composed plan scores its
    /// answer's score times the confidence of its lookups, times one plus twice the share of the request's words its
    /// operations name (``coverage(of:request:catalog:)``), halved for each required input nothing states or returns
    /// and ×0.7 for each value identifying one thing by itself (``StatedValues/identifiesSomething(_:)``) it leaves
    /// unused (twice for the `owner/name` pair the request names its subject by).
    /// A request of several clauses is also composed along the lookups its clauses name (``ClauseChains``); a plan
    /// composed both ways keeps its better score. A best plan that leaves unused a value identifying one thing is
    /// composed again along the lookups that take it (``ValueBridges``).
    /// A lookup chain compiled into the bundle scores like the composed plan with its operations (it replaces it, so
    /// its id can be executed), or half its old pairwise score when none was composed. A handbook workflow (Arazzo)
    /// scores by its own rank among plans, with the same verb adjustment for its last step. When the request names
    /// something (a proper name, or a name it quotes), the best candidates whose proposed inputs do not take that name
    /// score ×0.4.
    public func propose(_ request: String, limit: Int = 3) throws -> [PlanProposal] {
        let templates = try storedTemplates.value()
        let catalog = try catalog.value()
        // Initialisms written out, the API's name not a name; what the request rules out is no part of its goal.
        let asked = request
        let request = RequestText.withoutOrderingParticiples(catalog.vocabulary.reading(asked))
        let negated = NegatedClauses(request)
        let searchText = catalog.vocabulary.withoutName(negated.kept)
        let searchOptions = SearchOptions(limit: 60, mode: .lexical, ignoresStatedValues: true, steersByFeedback: false)
        var hits = try engine.search(searchText, options: searchOptions).hits
        // "When was Meryl Streep born?" shares no word with `birthday`: when no operation has a word of the request,
        // the embedding of its meaning (where the bundle has embeddings) ranks them.
        if !hits.contains(where: { $0.document.kind == .operation }) {
            var meaning = searchOptions
            meaning.mode = .hybrid
            hits = try engine.search(searchText, options: meaning).hits
        }
        var operationRank: [String: Int] = [:]
        var planRank: [String: Int] = [:]
        for hit in hits {
            switch hit.document.kind {
            case .operation: operationRank[hit.document.target] = operationRank.count + 1
            case .plan: planRank[hit.document.target] = planRank.count + 1
            case .doc: break
            }
        }
        let context = Context(request: request, catalog: catalog)
        let intent = Self.methodIntent(of: request)
        let mood = RequestMood.of(request)
        let frame = RequestFrame(request: negated.kept, resources: catalog.resourceWords)
        let firstPerson = RequestText.isFirstPerson(negated.kept)
        let reads = frame.action == .read || (frame.action == nil && mood.reads)
        let wantedList = frame.wantsList && (frame.action == nil || frame.action == .read) ? frame.objects.first : nil
        let asksProperty = RequestText.asksForProperty(request)
        let shownProperties = RequestText.shownProperties(in: request)
        // "Display the title and body of post 9": a read whose response has the fields the request asks to see.
        func showsProperties(_ id: String) -> Bool {
            guard !shownProperties.isEmpty, let returned = catalog.facts[id]?.returnedTerms else { return false }
            return shownProperties.allSatisfy(returned.contains)
        }
        let asksHowMany = request.lowercased().contains("how many")
        let counted = asksProperty && asksHowMany ? RequestText.askedFor(in: request) : nil
        // The ranked reads that count things, when the question asks how many.
        let countingReads =
            !asksHowMany
            ? []
            : Set(
                try operationRank.keys.filter { id in
                    try context.operation(id).map { $0.method == "GET" && Self.counts($0) } ?? false
                })
        // Operations about the thing the request names are candidates even when the search ranked them low; when it
        // found none at all ("Who directed Cowboy Bebop?" shares no word with an API of six operations, and the
        // bundle has no embeddings), every operation is, and what the request says of them ranks them.
        let foundNone = operationRank.isEmpty
        for (id, facts) in catalog.facts where operationRank[id] == nil && (foundNone || frame.names(facts.resource)) {
            operationRank[id] = Self.unrankedPosition
        }
        /// The ranks (best 1) of the operations among `admitted` that a lexical search of part of the request finds;
        /// each is a candidate, at the unranked position where the search of the whole request did not rank it.
        func candidateRanks(
            of part: String, limit: Int, admitted: (String) throws -> Bool = { _ in true }
        ) throws -> [String: Int] {
            let options = SearchOptions(
                limit: limit, kind: .operation, mode: .lexical, ignoresStatedValues: true, steersByFeedback: false)
            var ranks: [String: Int] = [:]
            for hit in try self.engine.search(part, options: options).hits {
                guard try admitted(hit.document.target) else { continue }
                ranks[hit.document.target] = ranks.count + 1
            }
            for id in ranks.keys where operationRank[id] == nil { operationRank[id] = Self.unrankedPosition }
            return ranks
        }
        // "What permission level does the author of PR #19 have?" asks for a permission level: what a search of those
        // words alone finds is a candidate too, the rest of the question (who, of what) being the way to it.
        let askedForWords = RequestText.askedForWords(in: request)
        let askedRank =
            askedForWords.count < 2
            ? [:]
            : try candidateRanks(of: askedForWords.joined(separator: " "), limit: 10) { id in
                try context.operation(id).map { operation in askedForWords.contains { Self.names($0, operation) } }
                    ?? false
            }
        // The ranked operations whose summary names the kind of thing the question asks for, read once.
        // Of a compound ("what permission level"), the last word some ranked operation's summary names.
        // An operation naming another word of the compound names the thing too ("Get TV Airing Today" for "which TV
        // shows…").
        var askedFor: String?
        var namingAskedFor = Set<String>()
        for thing in askedForWords.reversed() {
            namingAskedFor = Set(
                try operationRank.keys.filter {
                    try context.operation($0).map { Self.names(thing, $0) } ?? false
                })
            if !namingAskedFor.isEmpty {
                askedFor = thing
                namingAskedFor.formUnion(
                    try operationRank.keys.filter { id in
                        try context.operation(id).map { operation in
                            askedForWords.contains { Self.names($0, operation) }
                        } ?? false
                    })
                break
            }
        }
        // A request of several clauses ("find X, then do Y") usually wants what its last clause asks for.
        let clauseRank = try RequestText.lastClause(of: searchText).map { try candidateRanks(of: $0, limit: 30) } ?? [:]
        // The ranked reads that return people (their words for them), when the question asks who.
        var peopleReads: [String: Set<String>] = [:]
        if let verb = RequestText.whoQuestionVerb(in: request) {
            let wanted = PlanningWords.peopleNouns.union(PlanningWords.agents(of: verb))
            // "Who wrote post 12?" shares no word with `GET /users/{userId}`: reading one of the API's people whose
            // identifier a read of the thing the request names returns (a post's `userId`) is a candidate answer
            // whatever the search ranked, placed as that read.
            let namedReads = operationRank.filter { id, _ in
                catalog.facts[id].map { $0.operation.method == "GET" && frame.names($0.resource) } ?? false
            }
            for (id, facts) in catalog.facts where operationRank[id] == nil && facts.operation.method == "GET" {
                guard facts.operation.path.hasSuffix("}"), let last = facts.resource.last, wanted.contains(last)
                else { continue }
                let positions = facts.inputs.filter { $0.location == .path }.map { input in
                    catalog.producers(of: input, excluding: id).compactMap { namedReads[$0.field.operationID] }.min()
                }
                if !positions.isEmpty, !positions.contains(nil), let position = positions.compactMap({ $0 }).max() {
                    operationRank[id] = position
                }
            }
            for id in operationRank.keys {
                guard let facts = catalog.facts[id], facts.operation.method == "GET" else { continue }
                let people = facts.peopleFields.union(facts.resource).intersection(wanted)
                if !people.isEmpty { peopleReads[id] = people }
            }
            // "Who contributes to …": where a read returns the doers the verb names (`contributors`), reads of
            // other people (an organization's members) answer another question.
            let doers = Set(PlanningWords.agents(of: verb))
            if peopleReads.values.contains(where: { !$0.isDisjoint(with: doers) }) {
                peopleReads = peopleReads.filter { !$0.value.isDisjoint(with: doers) }
            }
        }
        // A request of several clauses names its lookups, one a clause (``ClauseChains``).
        let clauses = RequestText.clauses(of: searchText, resources: catalog.resourceWords).map { clause in
            let text = RequestText.withoutValues(clause)
            return ClauseChains.Clause(
                words: Set(SearchText.queryTerms(text).map(SearchText.singular)), statesValue: text != clause,
                firstPerson: RequestText.isFirstPerson(clause))
        }
        let requestWords = Set(SearchText.queryTerms(RequestText.withoutValues(request)).map(SearchText.singular))
        let speaksOfTimeSpan = RequestText.speaksOfTimeSpan(request)
        // Why the frame favours or disfavours an operation, kept from its scoring for the proposal's reasons.
        var frameReasons: [String: String] = [:]
        let engine = engine
        let values = StatedValues(
            request: catalog.vocabulary.withoutName(request, keepingOwners: true),
            resources: catalog.resourcesBeyondGroups,
            holders: catalog.holderWords
        ) { engine.indexes(word: $0) }
        // "Where was Audrey Hepburn born?": what reads things of the kind the request's name is of is a candidate
        // whatever the search ranked.
        if let name = values.properName, let kind = values.kind(named: name) {
            for (id, facts) in catalog.facts where operationRank[id] == nil && facts.operation.method == "GET" {
                if facts.resource.last.map({ PlanningWords.sameWord($0, kind) }) == true {
                    operationRank[id] = Self.unrankedPosition
                }
            }
        }
        /// Whether the request states a value for each of `inputs`, some of `facts`' inputs.
        func statesEach(_ inputs: [PlanInput], of facts: OperationFacts) -> Bool {
            !inputs.isEmpty && inputs.allSatisfy { values.value(for: $0, siblings: facts.inputs) != nil }
        }
        /// Whether the GET `id` takes in its path a value the request states that `direct` has no place for.
        func readsThroughStatedParent(_ id: String, direct: String) -> Bool {
            // A read of one item by its own id is the same call whatever its path (`…/customers/{c}/subscriptions/{id}`
            // and `/subscriptions/{id}`).
            guard let facts = catalog.facts[id], facts.operation.method == "GET", !facts.operation.path.hasSuffix("}")
            else { return false }
            let directPath = catalog.facts[direct]?.operation.path ?? ""
            return statesEach(
                facts.inputs.filter { $0.location == .path && !directPath.contains("{\($0.name)}") }, of: facts)
        }
        // "The events in namespace prod": a GET of the same kind of thing through no parent reads all of them, where
        // a candidate whose path values the request all states reads that parent's (`GET /events` beside
        // `GET /namespaces/{namespace}/events`).
        var bypassedParents: [String: String] = [:]
        let candidateFacts = operationRank.keys.sorted().compactMap { catalog.facts[$0] }
        let candidateReads = candidateFacts.filter { $0.operation.method == "GET" }
        let candidateReadsByPath = Dictionary(grouping: candidateReads.map(\.operation), by: \.path)
        for scoped in candidateReads where statesEach(scoped.inputs.filter { $0.location == .path }, of: scoped) {
            // The path without its parents: what comes before the first parent's collection, then what comes after
            // the last parameter (`/api/v1` + `/events` of `/api/v1/namespaces/{namespace}/events`).
            let segments = scoped.operation.path.split(separator: "/")
            guard let first = segments.firstIndex(where: { $0.hasPrefix("{") }), first > 0,
                let last = segments.lastIndex(where: { $0.hasPrefix("{") }), last + 1 < segments.count
            else { continue }
            let direct = "/" + (segments[..<(first - 1)] + segments[(last + 1)...]).joined(separator: "/")
            for other in candidateReadsByPath[direct] ?? [] where bypassedParents[other.id] == nil {
                bypassedParents[other.id] = scoped.operation.id
            }
        }
        // "Scale the deployment web to 5 replicas" changes what it states: where one path takes PUT and PATCH, the
        // PATCH changes those fields and the PUT replaces the whole thing, which the request asks for only in the
        // PUT's own words ("replace").
        func pathKey(_ facts: OperationFacts) -> String {
            PlanningCatalog.itemKey(apiID: facts.operation.apiID, path: facts.operation.path)
        }
        let patchByPath = Dictionary(
            candidateFacts.filter { $0.operation.method == "PATCH" }.map { (pathKey($0), $0) },
            uniquingKeysWith: { first, _ in first })
        func replacesWhatPatchChanges(_ facts: OperationFacts) -> Bool {
            guard facts.operation.method == "PUT", let patch = patchByPath[pathKey(facts)] else { return false }
            return facts.summaryWords.subtracting(patch.summaryWords).isDisjoint(with: requestWords)
        }
        func score(_ id: String) throws -> Double {
            guard let rank = operationRank[id], let operation = try context.operation(id) else { return 0 }
            func addReason(_ reason: String) {
                frameReasons[id] = [frameReasons[id], reason].compactMap { $0 }.joined(separator: ", ")
            }
            var value =
                Self.rankWeight(rank) + (clauseRank[id].map(Self.rankWeight) ?? 0)
                + (askedRank[id].map(Self.rankWeight) ?? 0)
            if !frame.covers(criterionWith: catalog.facts[id]?.terms ?? []) { value *= 0.5 }
            if !frame.isEmpty {
                let fit = frame.factor(
                    for: operation, resource: catalog.facts[id]?.resource ?? [],
                    actionWords: catalog.facts[id]?.actionWords ?? [])
                value *= fit.value
                frameReasons[id] = fit.reason
                // "Is the album Currents saved in my library?": without a verb of its own to go by, a question reads.
                if frame.verb == nil, intent == nil {
                    value *= mood.factor(for: operation.method, path: operation.path)
                }
            } else if let intent {
                value *= intent.contains(operation.method) ? 1.5 : 0.7
            } else {
                value *= mood.factor(for: operation.method, path: operation.path)
            }
            if !namingAskedFor.isEmpty { value *= namingAskedFor.contains(id) ? 1.5 : 0.7 }
            // "Download the logs of the first job that failed": a path that puts its thing under something else than
            // the request does (`…/runs/{run_id}/logs`, not `…/jobs/{job_id}/logs`) is about other things.
            if let resource = catalog.facts[id]?.resource, let container = values.containers(of: resource).first {
                let placement = PathPlacement.of(operation.path.split(separator: "/"), containers: [container])
                // Under nothing, it still takes the container when an input is named for it (`GET /logs?pod=`).
                func takesContainer() -> Bool {
                    (catalog.facts[id]?.inputs ?? []).contains { input in
                        PlanningWords.singularWords(input.name).contains(SearchText.singular(container))
                    }
                }
                if placement == .elsewhere || placement == .readsContainer
                    || (placement == .unplaced && !takesContainer())
                {
                    value *= 0.6
                    addReason("not under the \(container) the request puts it under")
                }
            }
            // "…, and show me the image of the first one": an operation that addresses no item acts on none of them.
            if frame.picksOne, !operation.path.contains("{") {
                value *= 0.5
                addReason("addresses none of the things the request picks one of")
            }
            // "How long is the movie Parasite?" is answered by reading the movie, whatever the search ranked first.
            if operation.method == "GET", operation.path.hasSuffix("}") {
                let resource = catalog.facts[id]?.resource ?? []
                if let counted = counted ?? wantedList,
                    resource.last.map({ PlanningWords.sameWord($0, counted) }) ?? false
                {
                    // "How many seasons does the show have?" counts seasons, "the episodes of season 2" asks for a
                    // list: reading one of them answers neither.
                    value *= 0.5
                    addReason("reads one of the \(counted)s the request asks for")
                } else if asksProperty || showsProperties(id),
                    frame.objects.isEmpty || frame.names(resource) || values.firstMention(of: resource) != nil
                {
                    value *= Self.propertyReadWeight
                    let shown = shownProperties.joined(separator: " and ")
                    addReason(
                        asksProperty
                            ? "reads one thing, as the question asks for its property"
                            : "reads one thing, whose \(shown) the request asks to see")
                }
            }
            // "Who directed the movie Inception?" asks for people: a read that returns them (a movie's cast and crew,
            // a book's contributors, a show's creators) answers it, not the thing's own details.
            if operation.method == "GET", !peopleReads.isEmpty {
                if let people = peopleReads[id] {
                    value *= Self.peopleWeight
                    let named = people.sorted().joined(separator: ", ")
                    addReason("it returns people (\(named)), as the question asks who")
                } else {
                    value *= 0.7
                }
            }
            // "How many cats are there?": an operation that counts (`GET /api/count`, "Count the cats") answers it,
            // not a read of the things.
            if !countingReads.isEmpty {
                if countingReads.contains(id) {
                    value *= Self.countingWeight
                    addReason("it counts, as the question asks how many")
                } else {
                    value *= 0.5
                }
            }
            if operation.deprecated { value *= 0.5 }
            if let facts = catalog.facts[id], replacesWhatPatchChanges(facts) {
                value *= 0.8
                addReason("replaces the whole thing, where PATCH \(operation.path) changes what the request states")
            }
            if catalog.facts[id]?.aboutCaller == true { value *= firstPerson ? 1.5 : 0.7 }
            if let missing = Self.unmentionedRequiredQuery(
                of: operation, facts: catalog.facts[id], request: requestWords, speaksOfTimeSpan: speaksOfTimeSpan,
                resolve: { context.resolved($0, apiID: operation.apiID) })
            {
                // `POST /v2/droplets/actions?tag_name=` acts on the droplets of a tag the request never speaks of.
                value *= 0.6
                addReason("needs \(missing), which the request does not speak of")
            }
            // "The services in namespace prod": a read through a parent the request names reads that parent's
            // things, not the same as the direct path.
            if let direct = catalog.aliases[id], !readsThroughStatedParent(id, direct: direct) {
                value *= 0.4
                addReason("another path to \(direct), which addresses it directly")
            }
            if let scoped = bypassedParents[id] {
                value *= 0.6
                addReason("reads them all, where \(scoped) reads those of what the request names")
            }
            if let ruledOut = negated.verbs.first(where: {
                RequestFrame.isNamed(operation, for: $0, actionWords: catalog.facts[id]?.actionWords ?? [])
            }) {
                value *= 0.3
                frameReasons[id] = "named for what the request rules out (\(ruledOut))"
            }
            return value
        }
        // An opaque id (`4aawyAB9vmqN3uQ7FjRGTy`) counts here, in a request to plan; a search does not plan for one
        // (``PlannedSearch``): a made-up token looks the same.
        // A code in capitals written in parentheses after a name ("Switzerland (CH)") is how the request identifies it.
        let codes = asked.matches(of: /\((\w+)\)/).map { String($0.output.1) }.filter(StatedValues.isInitialism)
        let statedIdentifiers = Set(
            context.tokens.filter {
                StatedValues.identifiesSomething($0) || StatedValues.isSlashPair($0) || StatedValues.isOpaqueID($0)
            }.map {
                $0.hasPrefix("#") ? String($0.dropFirst()) : $0
            } + codes)
        let composer = PlanComposer(
            catalog: catalog, values: values,
            operationRank: operationRank, firstPerson: firstPerson,
            wantedList: wantedList, asksProperty: asksProperty,
            askedProperty: RequestText.askedProperty(in: request), picksOne: frame.picksOne)
        let dependencyTemplates = templates.filter { $0.origin == .dependency }
        let templateByOperations = Dictionary(
            dependencyTemplates.map { ($0.operations, $0) }, uniquingKeysWith: { first, _ in first })
        var proposals: [PlanProposal] = []
        var scores: [String: Double] = [:]
        for id in operationRank.keys { scores[id] = try score(id) }
        // Where each composed plan's proposal sits; a plan composed twice (as the search and as the clauses name its
        // calls) keeps its better score.
        var composedIndex: [[String]: Int] = [:]
        // The plan behind each composed proposal: only the best candidates get their template, once ranked.
        var composedPlans: [[String]: ComposedPlan] = [:]
        /// Adds `plan` as a proposal (or improves its score) and returns the values identifying one thing it leaves
        /// unused.
        @discardableResult
        func consider(
            _ plan: ComposedPlan, answer: String, answerScore: Double, why: String? = nil
        ) throws -> Set<String> {
            let coverage = Self.coverage(of: plan.operations, request: requestWords, reads: reads, catalog: catalog)
            var value = answerScore * plan.confidence * (1 + 2 * coverage)
            for _ in plan.unresolved { value *= 0.5 }
            let stated = Self.statedArguments(of: plan)
            let unused = Self.unused(statedIdentifiers, placed: Set(stated.compactMap(\.value.stringValue)))
            // "Which pull requests contain commit 6dcb09b…": a plan that never uses a value the request identifies
            // something by answers another request.
            value *= Self.weight(leaving: unused, subject: values.ownerPair)
            // "List the cats tagged 'orange' and show me the first one": what the main clause picks from, an earlier
            // clause's call finds.
            let skipsEarlierClause = frame.picksOne && plan.steps.count == 1
            if skipsEarlierClause { value *= Self.skippedClauseWeight }
            let known = composedIndex[plan.operations]
            if let known, proposals[known].score >= value { return unused }
            var reasons = [
                "answers the request: operation rank \(operationRank[answer] ?? 0)"
                    + (clauseRank[answer].map { ", rank \($0) for its last clause" } ?? "")
                    + ", the calls' words cover \(Int((coverage * 100).rounded()))% of the request's"
            ]
            if let why { reasons.append(why) }
            if let reason = frameReasons[answer] { reasons.append(reason) }
            if let askedFor, namingAskedFor.contains(answer) {
                reasons.append("it names what is asked for (\(askedFor))")
            }
            reasons += plan.reasons
            if !unused.isEmpty { reasons.append("leaves \(unused.sorted().joined(separator: ", ")) unused") }
            if skipsEarlierClause { reasons.append("makes no call for the earlier clause it picks from") }
            var proposal = PlanProposal(template: nil, operations: plan.operations, score: value, reasons: reasons)
            if plan.choices.isEmpty, let compiled = templateByOperations[plan.operations] {
                proposal.reasons.append("compiled as \(compiled.id)")
            }
            for (name, value) in stated { proposal.proposedInputs[name] = value }
            for (input, name) in plan.choices { proposal.proposedInputs[input] = .string(name) }
            composedPlans[plan.operations] = plan
            if let known {
                proposals[known] = proposal
            } else {
                composedIndex[plan.operations] = proposals.count
                proposals.append(proposal)
            }
            return unused
        }
        let answers = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(Self.answerCandidates)
        // The best plan composed for each answer that leaves values unused, the links it was composed along and those
        // values: one may be the way to an input of its calls (``ValueBridges``).
        var leavingValues: [(plan: ComposedPlan, answer: String, links: [String: Double], unused: Set<String>)] = []
        for (answer, answerScore) in answers {
            for (index, plan) in composer.compose(answer: answer).enumerated() {
                let unused = try consider(plan, answer: answer, answerScore: answerScore)
                if index == 0, !unused.isEmpty { leavingValues.append((plan, answer, [:], unused)) }
            }
        }
        let chains = ClauseChains(catalog: catalog, values: values).chains(
            over: clauses, answers: answers.map { ($0.key, $0.value) }, limit: Self.clauseChains)
        for chain in chains {
            guard let answer = chain.operations.last else { continue }
            let stepComposer = composer.preferring(chain.links)
            // A chain is the request's reading of its lookups: a plan that needs more than one call besides follows
            // something else.
            let plans = stepComposer.compose(answer: answer).filter { $0.steps.count <= chain.operations.count + 1 }
            for (index, plan) in plans.enumerated() {
                let unused = try consider(
                    plan, answer: answer, answerScore: scores[answer] ?? 0,
                    why: "its clauses name the calls \(chain.operations.joined(separator: " → "))")
                if index == 0, !unused.isEmpty { leavingValues.append((plan, answer, chain.links, unused)) }
            }
        }
        let bridges = ValueBridges(catalog: catalog, values: values)
        for (plan, answer, links, unused) in leavingValues {
            let bridged = bridges.links(into: plan.operations, using: unused)
            guard !bridged.isEmpty else { continue }
            for plan in composer.preferring(links.merging(bridged) { max($0, $1) }).compose(answer: answer) {
                try consider(plan, answer: answer, answerScore: scores[answer] ?? 0)
            }
        }
        for compiled in dependencyTemplates where composedIndex[compiled.operations] == nil {
            guard let first = compiled.operations.first, let last = compiled.operations.last, operationRank[last] != nil
            else { continue }
            let planScore = planRank[compiled.id].map { 1 / Double($0) } ?? 0
            var reasons = ["chains \(first) → \(last)"]
            var value: Double
            if let bound = compiled.boundInput, try context.needsLookup(bound, of: last) {
                value = 0.5 * ((scores[last] ?? 0) + 0.2 * (scores[first] ?? 0) + 0.2 * planScore)
                reasons.append("looks up \(bound) first")
            } else {
                value = 0.125 * (scores[last] ?? 0)
                reasons.append("the request already identifies the target")
            }
            // Weighed as composed plans are: a value identifying something that no input of the chain takes.
            let placed = Set(
                compiled.operations.flatMap { id in
                    let inputs = catalog.facts[id]?.inputs ?? []
                    return inputs.compactMap { values.value(for: $0, siblings: inputs)?.value }
                })
            let unused = Self.unused(statedIdentifiers, placed: placed)
            if !unused.isEmpty {
                value *= Self.weight(leaving: unused, subject: values.ownerPair)
                reasons.append("leaves \(unused.sorted().joined(separator: ", ")) unused")
            }
            // Its template is read once it ranks among the candidates.
            proposals.append(
                PlanProposal(template: nil, operations: compiled.operations, score: value, reasons: reasons))
        }
        for workflow in templates where workflow.origin == .arazzo {
            guard let rank = planRank[workflow.id], let last = workflow.operations.last,
                let template = try reader.planTemplate(id: workflow.id)
            else { continue }
            var value = 1 / Double(rank)
            if let intent, let method = try context.operation(last)?.method {
                value *= intent.contains(method) ? 1.5 : 0.7
            }
            proposals.append(
                PlanProposal(
                    template: template, operations: template.operations, score: value,
                    reasons: ["workflow of the handbook, plan rank \(rank)"]))
        }
        // Input values come from the request; when it names something ("Initech"), candidates with an input that
        // takes the name are likelier right than those with no place for it.
        var candidates = try Self.ranked(proposals).prefix(max(limit, Self.inputCandidates)).map { proposal in
            var proposal = proposal
            // The compiled chain with these calls (its id can be executed), else the composed steps (also when they
            // choose an item by name, where the chain takes the first).
            if proposal.template == nil, let compiled = templateByOperations[proposal.operations],
                composedPlans[proposal.operations]?.choices.isEmpty ?? true
            {
                proposal.template = try reader.planTemplate(id: compiled.id)
            } else if proposal.template == nil, let plan = composedPlans[proposal.operations], plan.steps.count > 1 {
                proposal.template = try composedTemplate(plan, context: context)
            }
            guard let first = proposal.operations.first, let operation = try context.operation(first) else {
                return proposal
            }
            let proposer = InputProposer { context.resolved($0, apiID: operation.apiID) }
            let inputs = proposal.template?.inputs ?? SchemaDocument.arguments(of: operation)
            for member in proposer.propose(for: inputs, request: request).members
            where proposal.proposedInputs[member.key] == nil {
                proposal.proposedInputs[member.key] = member.value
            }
            return proposal
        }
        // Also a name the request quotes ("the 'CI' workflow").
        let quotedNames = values.quoted.sorted().filter { $0 != values.properName }
        for name in [values.properName].compactMap({ $0 }) + quotedNames
        where candidates.contains(where: { $0.takes(name) }) {
            for index in candidates.indices where !candidates[index].takes(name) {
                candidates[index].score *= 0.4
                candidates[index].reasons.append("no input takes the name \(name)")
            }
        }
        // "Who wrote the book Dune": a lookup of authors by the name the request gives a book finds no author.
        if let name = values.properName, let kind = values.kind(named: name) {
            for index in candidates.indices {
                guard let lookup = candidates[index].lookup(taking: name),
                    let resource = catalog.facts[lookup]?.resource.last
                else { continue }
                let sameKind = PlanningWords.sameWord(resource, kind)
                candidates[index].score *= sameKind ? Self.sameKindWeight : Self.otherKindWeight
                candidates[index].reasons.append("looks \(name), a \(kind), up among the \(resource) things")
            }
        }
        let ranked = Self.ranked(candidates)
        if let match = try engine.feedback.match(
            asked, embedding: { engine.embed(FeedbackText.embeddingText(of: asked)) })
        {
            return Array(
                try engine.feedback.steer(ranked, for: match, request: request) { try context.operation($0) }.prefix(
                    limit))
        }
        return Array(ranked.prefix(limit))
    }

    /// The values of `stated` a plan leaves out of `placed`; an `owner/name` pair is used when both halves are.
    static func unused(_ stated: Set<String>, placed: Set<String>) -> Set<String> {
        stated.filter { value in
            guard StatedValues.isSlashPair(value), !placed.contains(value) else { return !placed.contains(value) }
            return !value.split(separator: "/").allSatisfy { placed.contains(String($0)) }
        }
    }

    /// The weight of an operation reading one thing the request names, when the request asks for a property of one.
    static let propertyReadWeight = 2.0

    /// The weight of an operation that counts things (``counts(_:)``), when the request asks how many.
    static let countingWeight = 2.0

    /// Whether `operation` counts things: its last path segment is `count` (`/api/count`, `/users/count`), or its
    /// summary, else its id, opens with "count".
    static func counts(_ operation: APIOperation) -> Bool {
        if operation.path.split(separator: "/").last?.lowercased() == "count" { return true }
        return SearchText.words(operation.summary ?? operation.id).first == "count"
    }

    /// The weight of a read that returns people, when the request asks who (``RequestText/whoQuestionVerb(in:)``).
    static let peopleWeight = 1.8

    /// The weight of a one-call plan for a request whose main clause picks one of the things an earlier clause names
    /// (``RequestFrame/picksOne``).
    static let skippedClauseWeight = 0.6

    /// The weight of a plan for each value identifying one thing that it leaves unused.
    static let unusedValueWeight = 0.5

    /// The weight of a plan that looks a name up among things of another kind than the request calls it
    /// ("the book Dune" among authors).
    static let otherKindWeight = 0.5

    /// The weight of a candidate that looks the request's name up among things of the kind the request calls it.
    static let sameKindWeight = 1.5

    /// The weight of a plan that leaves `unused` unused: ``unusedValueWeight`` for each, and that again when one is
    /// the `owner/name` pair the request names its subject by (`subject`, "the alarm in forge/atlas"): such a plan
    /// answers about something else.
    static func weight(leaving unused: Set<String>, subject: String?) -> Double {
        let subjectLeft = subject.map(unused.contains) ?? false
        return pow(unusedValueWeight, Double(unused.count + (subjectLeft ? 1 : 0)))
    }

    /// A composed plan as a template (``ComposedTemplate``).
    private func composedTemplate(_ plan: ComposedPlan, context: Context) throws -> PlanTemplate? {
        var steps: [(step: PlanStep, operation: APIOperation)] = []
        for (index, step) in plan.steps.enumerated() {
            guard let operation = try context.operation(step.operationID) else { continue }
            steps.append(
                (
                    PlanStep(
                        id: "s\(index + 1)", operation: step.operationID, arguments: .object(step.arguments),
                        successCriteria: []),
                    operation
                ))
        }
        let last = steps.last?.operation
        return ComposedTemplate.make(
            steps, title: "Look up, then \(last?.summary ?? last?.id ?? "call")", exampleRequests: [],
            choosing: plan.choices.keys.sorted())
    }

    /// The share of the request's meaningful words (singular) that the plan's operations name in their summaries,
    /// paths, parameters or request bodies (``OperationFacts/terms``), and — counting half — the last one, when it
    /// reads, in the fields it returns (``OperationFacts/returnedTerms``): a plan that explains more of the request is
    /// likelier the one it asks for.
    static func coverage(
        of operations: [String], request: Set<String>, reads: Bool = false, catalog: PlanningCatalog
    ) -> Double {
        guard !request.isEmpty else { return 0 }
        func covers(_ words: Set<String>, _ word: String) -> Bool {
            words.contains(word) || words.contains { PlanningWords.sameWord($0, word) }
        }
        var covered = Set<String>()
        for id in operations {
            guard let facts = catalog.facts[id] else { continue }
            // "Give me its name and description" is not answered by a change whose body sets a name and description.
            let changes = RequestFrame.action(of: facts.operation.method, path: facts.operation.path) != .read
            let words = reads && changes ? facts.terms.subtracting(facts.bodyTerms) : facts.terms
            for word in request where !covered.contains(word) && covers(words, word) { covered.insert(word) }
        }
        // What the answer returns counts half: a field's name is weaker evidence than what the call says it does
        // (`unit_price` is no answer to "by units sold"); what a lookup returns is only the way to the answer.
        var returned = 0
        if let last = operations.last, let words = catalog.facts[last]?.returnedTerms {
            returned = request.count { !covered.contains($0) && covers(words, $0) }
        }
        return (Double(covered.count) + 0.5 * Double(returned)) / Double(request.count)
    }

    /// A required query parameter of `operation` that is no input the planner looks up and none of whose words the
    /// request uses (`tag_name` when the request never says "tag"), when there is one. A request that speaks of a
    /// span of time ("over the last 24 hours") speaks of the bounds of one (`start`, `end`), and one that uses a value
    /// the parameter enumerates ("the build logs" for `type: BUILD | RUN`, "the album" for a list of `album | track`)
    /// speaks of the parameter; `resolve` follows component references.
    static func unmentionedRequiredQuery(
        of operation: APIOperation, facts: OperationFacts?, request: Set<String>, speaksOfTimeSpan: Bool = false,
        resolve: (JSONValue) -> JSONValue = { $0 }
    ) -> String? {
        let inputs = Set(facts?.inputs.map(\.name) ?? [])
        func mentioned(_ word: String) -> Bool { request.contains { PlanningWords.sameWord($0, word) } }
        return operation.parameters.first { parameter in
            guard parameter.location == .query, parameter.required, !inputs.contains(parameter.name),
                !(speaksOfTimeSpan && PlanningWords.singularWords(parameter.name).contains(where: timeBounds.contains)),
                !PlanningWords.singularWords(parameter.name).contains(where: mentioned)
            else { return false }
            let schema = resolve(parameter.schema)
            let values = (schema["enum"] ?? schema["items"].map(resolve)?["enum"])?.arrayValue ?? []
            return !values.contains { value in
                value.stringValue.map { PlanningWords.singularWords($0).contains(where: mentioned) } ?? false
            }
        }?.name
    }

    /// Words that name the bounds of a span of time, in parameter names.
    private static let timeBounds: Set<String> = ["start", "end", "from", "to", "since", "until", "after", "before"]

    /// The values a composed plan takes from the request, as argument name and value, in call order (two lookups
    /// may each take a name under the same argument name).
    private static func statedArguments(of plan: ComposedPlan) -> [(name: String, value: JSONValue)] {
        var stated: [(name: String, value: JSONValue)] = []
        for step in plan.steps {
            for member in step.arguments.members {
                if let text = member.value.stringValue, !text.hasPrefix("$") {
                    stated.append((member.key, member.value))
                }
                // Body fields, and those of a body list's first item (`entries[].book`).
                let fields = (member.value.objectValue?.members ?? []).flatMap { field in
                    [field] + (field.value.arrayValue?.first?.objectValue?.members ?? [])
                }
                for field in fields {
                    if let text = field.value.stringValue, !text.hasPrefix("$") {
                        stated.append((field.key, field.value))
                    }
                }
            }
        }
        return stated
    }

    private static func ranked(_ proposals: [PlanProposal]) -> [PlanProposal] {
        proposals.sorted { lhs, rhs in
            lhs.score != rhs.score ? lhs.score > rhs.score : lhs.operations.lexicographicallyPrecedes(rhs.operations)
        }
    }

    /// How many chains read off the request's clauses (``ClauseChains``) are composed.
    static let clauseChains = 5

    /// How many of the best proposals get input values proposed (and so can gain or lose by taking a name).
    static let inputCandidates = 12

    /// The operations `proposals`, one request's best first, answer it with: the last operation of each that scores
    /// at least ``answerShare`` of the best. A close second answers too (the best is often a longer chain around
    /// it); a distant third does not.
    public static func answers(of proposals: [PlanProposal]) -> [String] {
        guard let best = proposals.map(\.score).max() else { return [] }
        return proposals.filter { $0.score >= best * answerShare }.compactMap(\.operations.last)
    }

    /// The share of the best proposal's score that a proposal needs to count among the answers.
    static let answerShare = 0.5

    /// ``answers(of:)``, each followed by the other ways its API lists the same things
    /// (``PlanningCatalog/otherListings``: `GET /users/{userId}/posts` beside `GET /posts?userId=`): a plan learned
    /// along one of them answers a request the planner answers along another.
    public func answersWithOtherListings(of proposals: [PlanProposal]) throws -> [String] {
        let catalog = try catalog.value()
        var answers: [String] = []
        for answer in Self.answers(of: proposals) where !answers.contains(answer) {
            answers.append(answer)
            answers += (catalog.otherListings[answer] ?? []).filter { !answers.contains($0) }
        }
        return answers
    }

    /// The calls that amount to `calls`, the planner's best proposal for a request, made along other roads: `calls`
    /// themselves; without a last call that reads one of the items the call before it lists (`GET /posts/{postId}`
    /// after `GET /users/{userId}/posts`: a plan that lists them gives what the request reads on from); and each of
    /// those with a listing replaced by another listing of the same things (``PlanningCatalog/otherListings``). A plan
    /// learned along any of them is the planner's own answer with tried bindings.
    public func sameCalls(as calls: [String]) throws -> [[String]] {
        let catalog = try catalog.value()
        var roads = [calls]
        if calls.count >= 2, let last = calls.last.flatMap({ catalog.facts[$0]?.operation }),
            let before = catalog.facts[calls[calls.count - 2]]?.operation,
            Self.readsListedItem(last, listedBy: before)
        {
            roads.append(Array(calls.dropLast()))
        }
        for road in roads {
            for (index, call) in road.enumerated() {
                for other in catalog.otherListings[call] ?? [] {
                    var variant = road
                    variant[index] = other
                    roads.append(variant)
                }
            }
        }
        return roads
    }

    /// Whether `operation` reads one item of the collection `listing` lists: a GET of a path that ends in a parameter
    /// right below a segment that ends `listing`'s path (`/posts/{postId}` for `/users/{userId}/posts`).
    static func readsListedItem(_ operation: APIOperation, listedBy listing: APIOperation) -> Bool {
        guard operation.method == "GET", listing.method == "GET", operation.apiID == listing.apiID,
            !listing.path.hasSuffix("}"), let listed = listing.path.split(separator: "/").last
        else { return false }
        let segments = operation.path.split(separator: "/")
        return segments.count >= 2 && segments[segments.count - 1].hasPrefix("{")
            && segments[segments.count - 2] == listed
    }

    /// Whether the planner knows `word` (lower-case) as a verb: one that reads, creates, changes or deletes.
    public static func isVerb(_ word: String) -> Bool {
        RequestFrame.isVerb(word)
    }

    /// The words the API's paths name as resources (singular), for reading requests (``RequestIntent``).
    public func resourceWords() throws -> Set<String> {
        try catalog.value().resourceWords
    }

    /// The HTTP methods a request's verbs ask for, when they ask for a change (`nil` for reads).
    public static func methodIntent(of request: String) -> Set<String>? {
        let words = Set(SearchText.words(request))
        let intents: [(Set<String>, Set<String>)] = [
            (
                [
                    "update", "change", "set", "raise", "lower", "increase", "decrease", "modify", "edit", "rename",
                    "adjust", "assign", "replace",
                ], ["PATCH", "PUT"]
            ),
            (["create", "add", "register", "submit", "open", "new", "make"], ["POST"]),
            (["delete", "remove", "cancel", "archive", "revoke"], ["DELETE"]),
        ]
        let matched = intents.filter { !$0.0.isDisjoint(with: words) }.flatMap(\.1)
        return matched.isEmpty ? nil : Set(matched)
    }

    /// Whether `operation` is about the kind of thing `thing` (singular): its summary names it, its path ends in it
    /// or, having no parameters, holds it (`GET /movie/now_playing` lists movies), or a parameter takes it as one of
    /// its values (`media_type: movie | tv` of `GET /trending/{media_type}/{time_window}`).
    static func names(_ thing: String, _ operation: APIOperation) -> Bool {
        // The singular of "movies" reads `movy`: a word in the singular is compared in the plural too.
        func isThing(_ word: String) -> Bool {
            let word = word.lowercased()
            return SearchText.singular(word) == thing || SearchText.singular(word + "s") == thing
        }
        if summary(of: operation, names: thing) { return true }
        // Every static segment of a path without parameters (`/movie/now_playing`), else the last one.
        let segments = operation.path.split(separator: "/")
        let literals =
            segments.contains { $0.hasPrefix("{") } ? segments.filter { !$0.hasPrefix("{") }.suffix(1) : segments[...]
        if literals.contains(where: { SearchText.words(String($0)).contains(where: isThing) }) { return true }
        return operation.parameters.contains { parameter in
            parameter.schema["enum"]?.arrayValue?.contains { $0.stringValue.map(isThing) ?? false } ?? false
        }
    }

    /// Whether an operation's summary (or, without one, its id) names a kind of thing, singular or plural.
    static func summary(of operation: APIOperation, names thing: String) -> Bool {
        SearchText.words(operation.summary ?? operation.id).contains { SearchText.singular($0) == thing }
    }

    /// Whether a request token could be the value of a path parameter with `schema`: it matches the pattern, or
    /// (without a pattern) is a number for integer parameters or contains a digit for string ones.
    static func couldFill(_ schema: JSONValue, with token: String) -> Bool {
        if let pattern = schema["pattern"]?.stringValue, let matched = ECMARegex.schemaPattern(pattern, matches: token)
        {
            return matched
        }
        if schema["type"]?.stringValue == "integer" { return Int(token) != nil }
        if let values = schema["enum"]?.arrayValue { return values.contains(.string(token)) }
        return token.contains(where: \.isNumber)
    }

}

/// What one `propose` call knows about its request: its tokens, and the bundle's operations (from the catalog).
private final class Context {
    let request: String
    let tokens: [String]
    private let catalog: PlanningCatalog

    init(request: String, catalog: PlanningCatalog) {
        self.request = request
        self.catalog = catalog
        tokens = StatedValues.tokensKeepingQuotes(request)
    }

    func operation(_ id: String) throws -> APIOperation? {
        catalog.facts[id]?.operation
    }

    /// A schema with component references followed.
    func resolved(_ schema: JSONValue, apiID: String) -> JSONValue {
        catalog.resolutions[apiID]?.followingReferences(schema) ?? schema
    }

    /// Whether the request gives a plausible value for a parameter: a token that fits its schema, or, for a string
    /// parameter that takes a name (not an identifier), a name beside a mention of it.
    func gives(_ parameter: OperationParameter, schema: JSONValue) -> Bool {
        if tokens.contains(where: { Planner.couldFill(schema, with: $0) }) { return true }
        return schema["pattern"] == nil && InputProposer.types(of: schema).contains("string")
            && ParameterMeaning.takesName(
                parameter.name, description: parameter.description ?? schema["description"]?.stringValue)
            && RequestText.value(for: parameter.name, in: tokens) != nil
    }

    /// Whether the request lacks a value for an operation's parameter and so needs a lookup: always for a required
    /// path parameter without a plausible value, and for other parameters when the request names something (a proper
    /// name such as "Initech", not an acronym or a short word) instead.
    func needsLookup(_ name: String, of operationID: String) throws -> Bool {
        guard let operation = try operation(operationID),
            let parameter = operation.parameters.first(where: { $0.name == name })
        else { return false }
        let schema = resolved(parameter.schema, apiID: operation.apiID)
        if gives(parameter, schema: schema) { return false }
        let namesSomething = tokens.dropFirst().contains { $0.count > 3 && RequestText.isCapitalizedWord($0) }
        return (parameter.location == .path && parameter.required) || namesSomething
    }
}

/// The operations planned for the most recent requests (``Planner/proposedOperations(_:limit:)``).
private final class RecentPlannedOperations: Sendable {
    let kept = Mutex(RecentlyUsed<[[String]]>(capacity: Planner.keptRequests))
}

/// A bundle's plan templates' ids, origins and operations, read once on first use; a proposal reads the templates it
/// takes by id (holding every template's steps and inputs for as long as the server runs kept 1.4 MB for GHES; #17).
private final class LazyTemplates: Sendable {
    private let reader: BundleReader
    private let loaded = Mutex<[PlanTemplateSummary]?>(nil)

    init(reader: BundleReader) {
        self.reader = reader
    }

    func value() throws -> [PlanTemplateSummary] {
        try loaded.withLock { cached in
            if let cached { return cached }
            let templates = try reader.planTemplateSummaries()
            cached = templates
            return templates
        }
    }
}
