import Foundation
import HandbookModel
import Retrieval
import Testing

@testable import Releases

@Suite("Request values")
struct RequestValueTests {
    private func read(_ request: String) -> [String] {
        RequestValues.find(in: request).map { "\($0.kind.rawValue):\($0.text)" }
    }

    @Test("Names, numbers, identifiers, dates and quoted text are read in order")
    func kinds() {
        #expect(
            read("Raise the credit limit of Globex Corporation to $7,500") == [
                "name:Globex Corporation", "number:7500",
            ])
        #expect(read("Close PR #88 on acme-corp/payments-api") == ["number:88", "identifier:acme-corp/payments-api"])
        #expect(
            read("refund charge ch_3MmlLrLkdIwHu7ix0snN0B15 since 2024-05-01")
                == ["identifier:ch_3MmlLrLkdIwHu7ix0snN0B15", "date:2024-05-01"])
        #expect(read("Open an issue titled 'Broken link in README' please") == ["quoted:Broken link in README"])
        // A size written onto its unit is the number; a number that ends a name given after a naming word is the
        // name's.
        #expect(read("Can you make a 50GB volume in ams3?") == ["number:50", "identifier:ams3"])
        #expect(read("Resize it to 1.5TiB") == ["number:1.5"])
        #expect(read("For user daftpunk, create a playlist titled Summer 2024") == ["name:Summer 2024"])
        #expect(read("Add 3 songs to the playlist called Road Trip") == ["number:3", "name:Road Trip"])
    }

    @Test("A sentence's first word and possessives are not names on their own; apostrophes open no quote")
    func sentenceStart() {
        #expect(read("Show Initech's orders") == ["name:Initech"])
        #expect(read("Show me the orders") == [])
        #expect(read("What's the limit of Globex?") == ["name:Globex"])
        // A first "The" before a name's word opens the name; before a word of the request's own, it is no name.
        #expect(read("The Sopranos season 5 episodes") == ["name:The Sopranos", "number:5"])
        #expect(read("The Wire: who directed it?") == ["name:The Wire"])
        #expect(read("The orders of Globex") == ["name:Globex"])
    }

    @Test("Masked texts of requests about other values are equal")
    func masking() {
        let globex = RequestShape("raise the credit limit of Globex to 5000")
        let initech = RequestShape("raise the credit limit of Initech Ltd to 7000")
        #expect(globex.maskedText == initech.maskedText)
        #expect(globex.contentWords == ["raise", "credit", "limit"])
        #expect(globex.overlap(with: initech) == 1)
    }
}

@Suite("Learned plans generalize")
struct PlanGeneralizationTests {
    private func json(_ text: String) -> JSONValue {
        (try? ModelCoding.decode(JSONValue.self, from: text)) ?? .null
    }

    private var plan: PlanTemplate {
        PlanTemplate(
            id: "composed", title: "composed plan", description: "find → update", origin: .composed,
            inputs: json(#"{"type": "object"}"#),
            steps: [
                PlanStep(
                    id: "find", operation: "listCustomers", arguments: json(#"{"name": "globex", "limit": 1}"#),
                    successCriteria: []),
                PlanStep(
                    id: "update", operation: "updateCustomer",
                    arguments: json(
                        #"""
                        {"customer_id": "$steps.find.response.body#/items/0/id",
                         "body": {"credit_limit": 5000, "note": "$inputs.note"}}
                        """#), successCriteria: []),
            ],
            exampleRequests: [])
    }

    @Test("Values the request states become required, typed inputs; others stay constants")
    func generalizes() throws {
        let generalized = PlanGeneralization(
            request: "raise the credit limit of Globex to 5000", plan: plan,
            inputs: ["note": .string("agreed by phone")])
        let steps = generalized.plan.steps
        #expect(steps[0].arguments["name"] == .string("$inputs.name"))
        #expect(steps[0].arguments["limit"] == .int(1))
        #expect(steps[1].arguments["body"]?["credit_limit"] == .string("$inputs.credit_limit"))
        // An input the request did not state is baked in.
        #expect(steps[1].arguments["body"]?["note"] == .string("agreed by phone"))
        #expect(steps[1].arguments["customer_id"] == .string("$steps.find.response.body#/items/0/id"))
        let inputs = generalized.plan.inputs
        #expect(inputs["required"] == json(#"["name", "credit_limit"]"#))
        #expect(inputs["properties"]?["credit_limit"]?["type"] == .string("integer"))
        #expect(inputs["properties"]?["note"] == nil)
        #expect(generalized.slots.map(\.input).sorted() == ["credit_limit", "name"])
    }

    @Test("A new request fills the slots with its own values, in order of their kinds")
    func fills() throws {
        let generalized = PlanGeneralization(
            request: "raise the credit limit of Globex to 5000", plan: plan, inputs: [:])
        let learned = "raise the credit limit of Globex to 5000"
        let filled = try #require(
            PlanGeneralization.fill(
                generalized.slots, learnedFrom: learned, for: "please raise Initech's credit limit to 7,000"))
        #expect(filled["name"] == .string("Initech"))
        #expect(filled["credit_limit"] == .int(7000))
        // A request without a number cannot fill the plan.
        #expect(
            PlanGeneralization.fill(generalized.slots, learnedFrom: learned, for: "raise the credit limit of Initech")
                == nil)
    }

    @Test("A place that holds more than the value it held fills no slot; the value after its mention does")
    func longerPlace() throws {
        let learned = "Create a 100 GB block storage volume named db-data in nyc1"
        let create = ReleaseFixtures.oneCallPlan(
            "createVolume", #"{"body": {"size_gigabytes": 100, "name": "db-data", "region": "nyc1"}}"#)
        let generalized = PlanGeneralization(request: learned, plan: create, inputs: [:])
        let filled = try #require(
            PlanGeneralization.fill(
                generalized.slots, learnedFrom: learned, for: "Can you make a 50GB volume in ams3 named logs-archive?"))
        #expect(filled["region"] == .string("ams3"))
        #expect(filled["name"] == .string("logs-archive"))
        #expect(filled["size_gigabytes"] == .int(50))
    }

    @Test("The one owner a request writes with a possessive fills the slot of words that followed a mention")
    func possessiveOwner() throws {
        let learned = "List the first 10 playlists of user smedjan"
        let playlists = ReleaseFixtures.oneCallPlan("listUserPlaylists", #"{"user_id": "smedjan", "limit": 10}"#)
        let generalized = PlanGeneralization(request: learned, plan: playlists, inputs: [:])
        #expect(RequestShape("Show me 20 of wizzler's playlists").owners == ["wizzler"])
        let filled = try #require(
            PlanGeneralization.fill(generalized.slots, learnedFrom: learned, for: "Show me 20 of wizzler's playlists"))
        #expect(filled["user_id"] == .string("wizzler"))
        #expect(filled["limit"] == .int(20))
        // Of two owners, neither is chosen.
        #expect(
            PlanGeneralization.fill(
                generalized.slots, learnedFrom: learned, for: "Show me 20 of wizzler's and quillbert's playlists")
                == nil)
    }

    @Test("Words the plan used are read where the new request lines up with the learned one")
    func alignsWords() throws {
        let learned = "Tag issue #1347 in octocat/Hello-World with the needs-triage label."
        let plan = PlanTemplate(
            id: "composed", title: "composed plan", description: "label", origin: .composed,
            inputs: json(#"{"type": "object"}"#),
            steps: [
                PlanStep(
                    id: "label", operation: "addLabels",
                    arguments: json(
                        #"""
                        {"owner": "octocat", "repo": "Hello-World", "issue_number": 1347, "body": {"labels": ["needs-triage"]}}
                        """#), successCriteria: [])
            ],
            exampleRequests: [])
        let generalized = PlanGeneralization(request: learned, plan: plan, inputs: [:])
        #expect(Set(generalized.slots.map(\.input)) == ["owner", "repo", "issue_number", "labels"])
        let filled = try #require(
            PlanGeneralization.fill(
                generalized.slots, learnedFrom: learned, for: "Tag issue #12 in github/linguist with the bug label."))
        #expect(filled["owner"] == .string("github"))
        #expect(filled["repo"] == .string("linguist"))
        #expect(filled["issue_number"] == .int(12))
        #expect(filled["labels"] == .string("bug"))
        // Open state words line up too: "closed" stands where "open" stood.
        let listing = PlanTemplate(
            id: "composed", title: "composed plan", description: "list", origin: .composed,
            inputs: json(#"{"type": "object"}"#),
            steps: [
                PlanStep(
                    id: "list", operation: "listIssues", arguments: json(#"{"state": "open"}"#),
                    successCriteria: [])
            ],
            exampleRequests: [])
        let states = PlanGeneralization(request: "list the open issues", plan: listing, inputs: [:])
        #expect(
            PlanGeneralization.fill(states.slots, learnedFrom: "list the open issues", for: "list the closed issues")
                == ["state": .string("closed")])
    }

    @Test("A name that chooses a listed item stays an input the next request fills")
    func choiceInputs() throws {
        let learned = "Does the service cover the Faroe Islands? If so, list their public holidays."
        let plan = PlanTemplate(
            id: "composed:listCountries>countryHolidays", title: "composed plan", description: "find → holidays",
            origin: .composed,
            inputs: json(#"{"type": "object", "properties": {"country_name": {"type": "string"}}}"#),
            steps: [
                PlanStep(id: "s1", operation: "listCountries", arguments: json("{}"), successCriteria: []),
                PlanStep(
                    id: "s2", operation: "countryHolidays",
                    arguments: json(
                        #"{"countryCode": "$steps.s1.response.body#/[name=$inputs.country_name]/countryCode"}"#),
                    successCriteria: []),
            ],
            exampleRequests: [])
        let generalized = PlanGeneralization(
            request: learned, plan: plan, inputs: ["country_name": .string("Faroe Islands")])
        #expect(generalized.slots.map(\.input) == ["country_name"])
        #expect(
            generalized.plan.steps[1].arguments["countryCode"]
                == .string("$steps.s1.response.body#/[name=$inputs.country_name]/countryCode"))
        let filled = try #require(
            PlanGeneralization.fill(
                generalized.slots, learnedFrom: learned,
                for: "Does the service cover Papua New Guinea? If so, list their public holidays."))
        #expect(filled["country_name"] == .string("Papua New Guinea"))
    }

    @Test("The cache offers a learned plan for another entity, never for another intent or shape")
    func cacheMatches() async throws {
        let path = try ReleaseFixtures.temporaryDirectory() + "/state.sqlite"
        let cache = try PlanCache(path: path)
        let bundle = try ReleaseFixtures.bundle()
        func renaming(to name: String) -> PlanTemplate {
            PlanTemplate(
                id: "composed", title: "composed plan", description: "find → rename", origin: .composed,
                inputs: json(#"{"type": "object"}"#),
                steps: [
                    PlanStep(
                        id: "find", operation: "listItems", arguments: json(#"{"limit": 1}"#), successCriteria: []),
                    PlanStep(
                        id: "rename", operation: "updateItem",
                        arguments: .object([
                            "item_id": .string("$steps.find.response.body#/0/id"),
                            "body": .object(["name": .string(name)]),
                        ]), successCriteria: []),
                ],
                exampleRequests: [])
        }
        let learned = renaming(to: "Blue Widget")
        let request = "rename the first item to 'Blue Widget'"
        let id = try await cache.store(request: request, vector: nil, plan: learned, reader: bundle)

        let match = try #require(
            try await cache.match(
                request: "rename the first item to 'Red Gadget'", vector: nil, servedBy: bundle))
        #expect(match.entry.id == id)
        #expect(match.proposedInputs["name"] == .string("Red Gadget"))
        // The same shape with the same steps is one entry.
        #expect(
            try await cache.store(
                request: "rename the first item to 'Green Thing'", vector: nil,
                plan: renaming(to: "Green Thing"), reader: bundle) == id)
        // Another verb, another shape, a missing value, or an answer the search does not rank: nothing offered.
        #expect(
            try await cache.match(
                request: "delete the first item 'Red Gadget'", vector: nil,
                servedBy: bundle) == nil)
        #expect(
            try await cache.match(
                request: "rename the last order to 'Red Gadget'", vector: nil, servedBy: bundle) == nil)
        #expect(
            try await cache.match(
                request: "rename the first item", vector: nil, servedBy: bundle) == nil)
        // Worded otherwise, it is offered when the planner answers with the plan's last operation, and only then.
        let reworded = "change the first item's name to 'Red Gadget'"
        #expect(try await cache.match(request: reworded, vector: nil, servedBy: bundle) == nil)
        #expect(
            try await cache.match(
                request: reworded, vector: nil, answeredBy: ["listItems"],
                servedBy: bundle) == nil)
        let answered = try await cache.match(
            request: reworded, vector: nil, answeredBy: ["updateItem"],
            servedBy: bundle)
        #expect(answered?.entry.id == id)
        #expect(answered?.proposedInputs["name"] == .string("Red Gadget"))
    }
}
