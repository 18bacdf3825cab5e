import HandbookModel
import Testing

@testable import Retrieval

/// What the planner reads from an API's operations and from a request besides its words, on made-up APIs (none of the
/// planning dev set's): aliases, bodies that say what a call does, operations about the caller, first-person
/// requests, the thing a question asks for, and which `owner/name` pair names the subject.
@Suite struct PlanningSignalsTests {
    private func operation(
        _ method: String, _ path: String, summary: String? = nil, description: String? = nil, id: String,
        body: JSONValue? = nil, deprecated: Bool = false
    ) -> APIOperation {
        APIOperation(
            id: id, apiID: "shop", method: method, path: path, summary: summary, description: description, tags: [],
            deprecated: deprecated, parameters: [],
            requestBody: body.map {
                OperationRequestBody(
                    description: nil, required: true,
                    content: [MediaTypeContent(mediaType: "application/json", schema: $0, examples: [])])
            },
            responses: [], security: [], servers: [], source: nil)
    }

    @Test func nestedPathsAndSameWordedOperationsAreAliasesOfTheDirectOne() {
        let direct = operation("DELETE", "/v3/orders/{order_id}", summary: "Cancel an order", id: "cancelOrder")
        let nested = operation(
            "DELETE", "/v3/shops/{shop}/orders/{order_id}", summary: "Cancel a shop's order", id: "cancelShopOrder")
        let returns = operation("POST", "/v3/returns", description: "<p>Create a return.</p>", id: "createReturn")
        let viaOrder = operation(
            "POST", "/v3/orders/{order_id}/returns", description: "<p>Create a return.</p> More.",
            id: "createOrderReturn")
        let other = operation("GET", "/v3/shops/{shop}/orders/{order_id}", summary: "Get an order", id: "getShopOrder")
        let aliases = Aliases.of([direct, nested, returns, viaOrder, other])
        #expect(aliases["cancelShopOrder"] == "cancelOrder")
        #expect(aliases["createOrderReturn"] == "createReturn")
        // No direct GET of an order exists, and the direct operations are nobody's alias.
        #expect(aliases["getShopOrder"] == nil)
        #expect(aliases["cancelOrder"] == nil && aliases["createReturn"] == nil)
        // A deprecated direct path is no better than the nested one.
        let old = operation(
            "DELETE", "/v3/orders/{order_id}", summary: "Cancel an order", id: "cancelOrder", deprecated: true)
        #expect(Aliases.of([old, nested])["cancelShopOrder"] == nil)
        // The same words about different things ("Get details" of an order and of the shop) alias nothing.
        let orderDetails = operation("GET", "/v3/order/{order_id}", summary: "Get Details", id: "orderDetails")
        let shopDetails = operation("GET", "/v3/shop", summary: "Get Details", id: "shopDetails")
        #expect(Aliases.of([orderDetails, shopDetails]).isEmpty)
    }

    @Test func aRequiredEnumeratedBodyFieldNamesWhatTheCallDoes() {
        let kinds: JSONValue = .object([
            "oneOf": .array([
                .object([
                    "type": .string("object"), "required": .array([.string("type"), .string("locker_id")]),
                    "properties": .object([
                        "type": .object(["type": .string("string"), "enum": .array([.string("ship")])]),
                        "locker_id": .object(["type": .string("string")]),
                    ]),
                ]),
                .object([
                    "type": .string("object"), "required": .array([.string("type")]),
                    "properties": .object([
                        "type": .object(["type": .string("string"), "enum": .array([.string("resize")])]),
                        "note": .object(["type": .string("string"), "enum": .array([.string("optional")])]),
                    ]),
                ]),
            ])
        ])
        let actions = operation(
            "POST", "/v3/parcels/actions", summary: "Run a parcel action", id: "parcelAction", body: kinds)
        let words = OperationFacts.actionWords(of: actions, resolve: { $0 })
        #expect(words == ["ship", "resize"])
        #expect(RequestFrame.isNamed(actions, for: "ship", actionWords: words))
        // "grow" means resize; a word of an optional field says nothing.
        #expect(RequestFrame.isNamed(actions, for: "grow", actionWords: words))
        #expect(!RequestFrame.isNamed(actions, for: "optional", actionWords: words))
        #expect(!RequestFrame.isNamed(actions, for: "ship"))
        // Each kind's fields are inputs of the call, optional since only one kind is sent.
        let inputs = PlanInput.inputs(
            of: actions, resolution: SchemaResolution(components: [:]), resources: ["locker", "parcel"])
        #expect(inputs.map(\.name) == ["locker_id"])
        #expect(inputs.first?.required == false)
    }

    @Test func aOneWordBooleanBodyFieldNamesWhatTheCallDoes() {
        let body: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "submit": .object(["type": .string("boolean")]),
                "notify_customer": .object(["type": .string("boolean")]),
                "evidence": .object(["type": .string("object")]),
            ]),
        ])
        let update = operation("POST", "/v3/claims/{claim}", summary: "Update a claim", id: "updateClaim", body: body)
        let words = OperationFacts.actionWords(of: update, resolve: { $0 })
        #expect(words == ["submit"])
        #expect(RequestFrame.isNamed(update, for: "submit", actionWords: words))
        // A flag of several words, and an object, name no action.
        #expect(!RequestFrame.isNamed(update, for: "notify", actionWords: words))
        #expect(!RequestFrame.isNamed(update, for: "submit"))
    }

    @Test func operationsAboutTheCallerAndFirstPersonRequests() {
        #expect(
            OperationFacts.isAboutCaller(
                operation("GET", "/me/orders", summary: "List orders of the authenticated user", id: "a")))
        #expect(
            OperationFacts.isAboutCaller(
                operation("GET", "/me", description: "Shows the current user. Needs a token.", id: "b")))
        #expect(
            !OperationFacts.isAboutCaller(
                operation(
                    "GET", "/orders", description: "Lists orders. The authenticated user must be an admin.", id: "c")))
        #expect(RequestText.isFirstPerson("Which orders did I place last week?"))
        #expect(RequestText.isFirstPerson("Cancel my latest order"))
        #expect(RequestText.isFirstPerson("Bookmark this shop for me"))
        #expect(!RequestText.isFirstPerson("Show me the orders of shop Acme"))
        #expect(!RequestText.isFirstPerson("I need a new shop called Acme"))
    }

    @Test func aQuestionAsksForTheLastNounOfACompound() {
        #expect(RequestText.askedFor(in: "What Kubernetes clusters do I have running?") == "cluster")
        #expect(RequestText.askedFor(in: "Which datacenter regions can I deploy to?") == "region")
        #expect(RequestText.askedFor(in: "Which cards does Jenny Rosen have?") == "card")
    }

    @Test func ofSeveralOwnerNamePairsTheOneAfterAPrepositionNamesTheSubject() {
        let values = StatedValues(
            request: "Which files does the pull request from the feature/login branch in acme/web change?"
        ) { _ in true }
        let owner = PlanInput(
            name: "owner", location: .path, required: true, resources: [["owner"]], key: "name", types: ["string"],
            takesName: true, isList: false, schema: .object([:]), description: "", halfOfPair: 0)
        var repo = owner
        repo.name = "repo"
        repo.resources = [["repo"]]
        repo.halfOfPair = 1
        #expect(values.value(for: owner, siblings: [owner, repo])?.value == "acme")
        #expect(values.value(for: repo, siblings: [owner, repo])?.value == "web")
        #expect(!values.picksFromLists)
        #expect(StatedValues(request: "Lock the oldest open issue") { _ in true }.picksFromLists)
    }
}

/// How the request frame reads clauses joined by "and" and first words that name a resource, on a made-up API.
@Suite struct RequestFrameClauseTests {
    private let resources: Set<String> = ["parcel", "locker", "pull", "request", "branch", "shipment"]

    @Test func andFollowedByAVerbStartsTheClauseThatSaysWhatIsWanted() {
        let frame = RequestFrame(
            request: "Find the locker whose code is 7 and list the parcels in it", resources: resources)
        #expect(frame.verb == "list")
        #expect(frame.objects.first == "parcel")
        // "and" between things is no new clause.
        let things = RequestFrame(request: "Show the parcels and lockers of Acme", resources: resources)
        #expect(things.verb == "show")
    }

    @Test func aFirstWordNamingAResourceIsTheVerbOnlyWhenNoKnownVerbFollows() {
        let frame = RequestFrame(request: "Pull request 45 has been merged, so delete its branch", resources: resources)
        #expect(frame.verb == "delete")
        #expect(frame.action == .delete)
        let unknown = RequestFrame(request: "Parcel 12 to locker 4", resources: resources)
        #expect(unknown.verb == "parcel")
        // A resource named as the verb ("Parcel 12", "Star the repo", "Refund the charge") may create or change.
        #expect(unknown.action == .other)
    }

    @Test func auxiliaryWordsAreNoThingsAskedFor() {
        // "do" may be a resource of some API; in "do I have" it is no object.
        let frame = RequestFrame(
            request: "What parcel lockers do I have running?", resources: resources.union(["do"]))
        #expect(frame.objects.first == "locker")
        #expect(frame.wantsList)
    }

    @Test func aVerbDoneAgainIsNamedByTheVerb() {
        let send = APIOperation(
            id: "sendShipment", apiID: "post", method: "POST", path: "/v3/shipments/{id}/send",
            summary: "Send a shipment", description: nil, tags: [], deprecated: false, parameters: [],
            requestBody: nil, responses: [], security: [], servers: [], source: nil)
        #expect(RequestFrame.isNamed(send, for: "resend"))
        #expect(RequestFrame(request: "Resend the shipment to Ann", resources: resources).action == .create)
        #expect(!RequestFrame.isNamed(send, for: "reorder"))
    }

    @Test func aReadNamedForAChangeIsAFarWorseFitThanTheChange() {
        func operation(_ method: String, _ path: String) -> APIOperation {
            APIOperation(
                id: method + path, apiID: "post", method: method, path: path, summary: nil, description: nil,
                tags: [], deprecated: false, parameters: [], requestBody: nil, responses: [], security: [],
                servers: [], source: nil)
        }
        let frame = RequestFrame(request: "Refund the latest parcel of Ann", resources: resources.union(["refund"]))
        let change = frame.factor(for: operation("POST", "/v3/refunds"), resource: ["refund"]).value
        let listing = frame.factor(for: operation("GET", "/v3/refunds"), resource: ["refund"]).value
        #expect(listing < change / 2)
    }

    @Test func aLastSegmentThatPicksOneItemOrAsksWhetherItIsHeldIsNoResource() {
        #expect(PlanningWords.pathResource("/repos/{owner}/{repo}/releases/latest") == ["release"])
        #expect(PlanningWords.pathResource("/v2/projects/default") == ["project"])
        #expect(PlanningWords.pathResource("/me/albums/contains") == ["album"])
        #expect(PlanningWords.pathResource("/v2/lockers/{id}/latest") == ["latest"])
        #expect(PlanningWords.pathResource("/v2/lockers/{id}") == ["locker"])
    }

    @Test func wordsOnlyABodyGivesAreKeptApart() {
        let body: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "description": .object(["type": .string("string")]), "name": .object(["type": .string("string")]),
            ]),
        ])
        let update = APIOperation(
            id: "renameLocker", apiID: "post", method: "POST", path: "/v3/lockers/{locker}", summary: "Rename a locker",
            description: nil, tags: [], deprecated: false, parameters: [],
            requestBody: OperationRequestBody(
                description: nil, required: true,
                content: [MediaTypeContent(mediaType: "application/json", schema: body, examples: [])]),
            responses: [], security: [], servers: [], source: nil)
        let terms = OperationFacts.terms(of: update, resolve: { $0 })
        #expect(terms.all.isSuperset(of: ["rename", "locker", "description", "name"]))
        // What a change sets is no answer to "give me its name and description"; what its summary says stays.
        #expect(terms.bodyOnly == ["description", "name"])
    }

    @Test func anOwnerNamePairIsUsedWhenBothHalvesAre() {
        #expect(Planner.unused(["acme/web", "ch_1"], placed: ["acme", "web"]) == ["ch_1"])
        #expect(Planner.unused(["acme/web"], placed: ["acme"]) == ["acme/web"])
        #expect(Planner.unused(["acme/web"], placed: ["acme/web"]).isEmpty)
    }

    @Test func aQuotedPhraseBeforeAResourceIsItsName() {
        let values = StatedValues(request: "Drop the 'stale' label from the board", isKnownWord: { _ in true })
        #expect(values.name(for: ["label"]) == "stale")
        #expect(StatedValues(request: "Drop the stale label", isKnownWord: { _ in true }).name(for: ["label"]) == nil)
    }

    @Test func aNameBeforeANounQualifiesIt() {
        func noun(after name: String, in request: String) -> String? {
            StatedValues(request: request, isKnownWord: { _ in true }).nounAfter(name)
        }
        #expect(noun(after: "Rust", in: "Find the most starred Rust web framework") == "web")
        #expect(noun(after: "Greenland", in: "Is Greenland supported?") == nil)
        #expect(noun(after: "Papua New Guinea", in: "Is Papua New Guinea in your list?") == nil)
        #expect(noun(after: "Faroe Islands", in: "Does the service cover the Faroe Islands?") == nil)
    }

    @Test func scalingAndGrowingAreChanges() {
        #expect(RequestFrame(request: "Scale the shipment pool to 5", resources: resources).action == .update)
        #expect(RequestFrame(request: "Grow the locker to 200 slots", resources: resources).action == .update)
    }
}

/// A required query parameter the request never speaks of makes an operation unlikely.
@Suite struct UnmentionedRequiredQueryTests {
    /// An operation of a made-up fleet API with one required query parameter, `name`.
    private func operation(_ method: String, _ path: String, requiring name: String) -> APIOperation {
        let parameter = OperationParameter(
            name: name, location: .query, required: true, description: nil, deprecated: false,
            schema: .object(["type": .string("string")]), style: nil, explode: nil, example: nil)
        return APIOperation(
            id: path, apiID: "fleet", method: method, path: path, summary: nil, description: nil, tags: [],
            deprecated: false, parameters: [parameter], requestBody: nil, responses: [], security: [], servers: [],
            source: nil)
    }

    @Test func aRequiredFilterTheRequestNeverMentionsIsReported() {
        let operation = operation("POST", "/v2/boats/actions", requiring: "tag_name")
        #expect(Planner.unmentionedRequiredQuery(of: operation, facts: nil, request: ["reboot", "boat"]) == "tag_name")
        #expect(Planner.unmentionedRequiredQuery(of: operation, facts: nil, request: ["reboot", "boat", "tag"]) == nil)
    }

    @Test func aValueTheParameterEnumeratesSpeaksOfIt() {
        let kinds: JSONValue = .object(["type": .string("string"), "enum": .array([.string("BUILD"), .string("RUN")])])
        let parameter = OperationParameter(
            name: "type", location: .query, required: true, description: nil, deprecated: false, schema: kinds,
            style: nil, explode: nil, example: nil)
        var logs = operation("GET", "/v2/boats/{boat_id}/logs", requiring: "type")
        logs.parameters = [parameter]
        #expect(Planner.unmentionedRequiredQuery(of: logs, facts: nil, request: ["log", "boat"]) == "type")
        #expect(Planner.unmentionedRequiredQuery(of: logs, facts: nil, request: ["build", "log", "boat"]) == nil)
        // Through a reference, and of a list's items.
        let reference: JSONValue = .object(["$ref": .string("#/components/schemas/kinds")])
        logs.parameters = [
            OperationParameter(
                name: "type", location: .query, required: true, description: nil, deprecated: false,
                schema: .object(["type": .string("array"), "items": reference]), style: nil, explode: nil, example: nil)
        ]
        let resolve: (JSONValue) -> JSONValue = { $0 == reference ? kinds : $0 }
        #expect(
            Planner.unmentionedRequiredQuery(of: logs, facts: nil, request: ["run", "log"], resolve: resolve) == nil)
        #expect(Planner.unmentionedRequiredQuery(of: logs, facts: nil, request: ["log"], resolve: resolve) == "type")
    }

    @Test func aSpanOfTimeSpeaksOfTheBoundsOfOne() {
        let operation = operation("GET", "/v2/metrics/boat/load", requiring: "start_time")
        let request: Set<String> = ["load", "boat"]
        #expect(Planner.unmentionedRequiredQuery(of: operation, facts: nil, request: request) == "start_time")
        #expect(
            Planner.unmentionedRequiredQuery(
                of: operation, facts: nil, request: request, speaksOfTimeSpan: true) == nil)
        #expect(RequestText.speaksOfTimeSpan("the load of boat b-1 over the last 24 hours"))
        #expect(RequestText.speaksOfTimeSpan("what did we sell this month"))
        #expect(RequestText.speaksOfTimeSpan("the orders placed since Monday"))
        // "The last commit" is one item, no span.
        #expect(!RequestText.speaksOfTimeSpan("show the last commit of the main branch"))
    }
}

/// Words of a request that say how to order things, or abbreviate what the API calls something, read as such.
@Suite struct RequestWordFormsTests {
    @Test func participlesThatOrderThingsAreNoActionAndNoThing() {
        #expect(
            RequestText.withoutOrderingParticiples("fork the most starred repository of sindresorhus")
                == "fork the most repository of sindresorhus")
        #expect(
            RequestText.withoutOrderingParticiples("comment on the most recently updated open bug")
                == "comment on the most recently open bug")
        #expect(RequestText.withoutOrderingParticiples("delete the least used key") == "delete the least key")
        // Only after "most" or "least": "the updated invoice" keeps its word.
        #expect(RequestText.withoutOrderingParticiples("send the updated invoice") == "send the updated invoice")
    }

    @Test func aShortWordAbbreviatesAResourceByInitialsOrLettersInOrder() {
        #expect(PlanningWords.abbreviates("db", ["database"]))
        #expect(PlanningWords.abbreviates("lb", ["load", "balancer"]))
        #expect(PlanningWords.abbreviates("repo", ["repository"]))
        #expect(!PlanningWords.abbreviates("bd", ["database"]))
        #expect(!PlanningWords.abbreviates("lb", ["load", "test"]))
        // Not shorter by two letters at least: the word itself or a plural is no abbreviation.
        #expect(!PlanningWords.abbreviates("volume", ["volume"]))
    }

    @Test func aWordMadeFromAnotherIsNoAbbreviationWrittenOut() {
        #expect(PlanningWords.isDerived("runner", from: "run"))
        #expect(PlanningWords.isDerived("reviewer", from: "review"))
        #expect(PlanningWords.isDerived("committer", from: "commit"))
        #expect(PlanningWords.isDerived("authorization", from: "author"))
        #expect(!PlanningWords.isDerived("organization", from: "org"))
        #expect(!PlanningWords.isDerived("repository", from: "repo"))
    }

    @Test func aPathSegmentNamesTheVerbByTheThingItMakes() {
        #expect(RequestFrame.nominalizes("subscriptions", "subscribe"))
        #expect(RequestFrame.nominalizes("invitations", "invite"))
        #expect(RequestFrame.nominalizes("forks", "fork"))
        #expect(!RequestFrame.nominalizes("commits", "comment"))
        // Short verbs ("pay", "add") name no segment by a shared beginning.
        #expect(!RequestFrame.nominalizes("addresses", "add"))
        // A segment of several words is a part of the thing, not the thing ("subscribe" makes no subscription item).
        #expect(!RequestFrame.nominalizes("subscription_items", "subscribe"))
        #expect(!RequestFrame.nominalizes("fork-requests", "fork"))
    }
}
