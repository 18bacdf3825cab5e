import HandbookModel
import Testing

@testable import Retrieval

/// The request frame on a made-up ticketing API (none of the planning dev set's APIs).
@Suite struct RequestFrameTests {
    private let resources: Set<String> = [
        "ticket", "queue", "agent", "merge", "tag", "comment", "escalation", "policy",
    ]

    private func operation(_ method: String, _ path: String, summary: String?, id: String = "op") -> APIOperation {
        APIOperation(
            id: id, apiID: "tickets", method: method, path: path, summary: summary, description: nil, tags: [],
            deprecated: false, parameters: [], requestBody: nil, responses: [], security: [], servers: [], source: nil)
    }

    private func factor(_ request: String, _ operation: APIOperation) -> Double {
        RequestFrame(request: request, resources: resources)
            .factor(for: operation, resource: PlanningWords.pathResource(operation.path)).value
    }

    @Test func readsTheVerbAndTheThingsOfTheMainClause() {
        let frame = RequestFrame(request: "Please close ticket T-88 without merging it.", resources: resources)
        #expect(frame.verb == "close")
        #expect(frame.action == .update)
        #expect(frame.objects == ["ticket"])
        let later = RequestFrame(
            request: "Find the queue named triage, then delete its oldest ticket", resources: resources)
        #expect(later.verb == "delete")
        #expect(later.objects == ["ticket"])
    }

    @Test func aPersonByTheirPartInAThingIsOneOfTheAPIsPeople() {
        // With users among its resources, an author is one of them, unless the API has a resource by that name.
        let request = "What is the email of the author of ticket 7?"
        let people = resources.union(["user"])
        #expect(RequestFrame(request: request, resources: people).objects == ["user", "ticket"])
        #expect(RequestFrame(request: request, resources: people.union(["author"])).objects == ["author", "ticket"])
        // Without people among its resources, an author is no thing of the API.
        #expect(RequestFrame(request: request, resources: resources).objects == ["ticket"])
    }

    @Test func theThingAfterAsIsWhatTheVerbMakes() {
        let frame = RequestFrame(
            request: "Add whoever opened ticket T-88 as an agent of the billing queue", resources: resources)
        #expect(frame.verb == "add")
        #expect(frame.objects.first == "agent")
        // Without "as", the first thing named stays first.
        let plain = RequestFrame(request: "Add a comment to ticket T-88 for the agent", resources: resources)
        #expect(plain.objects.first == "comment")
    }

    @Test func theLastNounOfACompoundIsTheThingMeant() {
        let frame = RequestFrame(request: "Show the escalation policy of the billing queue", resources: resources)
        #expect(frame.objects.first == "policy")
        // A possessive is a compound: "that ticket's comments" are comments.
        let owned = RequestFrame(request: "Then list that ticket's comments", resources: resources)
        #expect(owned.objects.first == "comment")
    }

    /// A verb of its own that makes a resource ("escalate" and escalations) is about that resource first.
    @Test func aVerbIsAboutTheThingItMakes() {
        let frame = RequestFrame(request: "Escalate ticket T-88 to the night queue", resources: resources)
        #expect(frame.verb == "escalate")
        #expect(frame.action == .other)
        #expect(frame.objects == ["escalation", "ticket", "queue"])
        // A verb that is a resource itself stays first as it was.
        #expect(RequestFrame(request: "Tag ticket T-88 as urgent", resources: resources).objects.first == "tag")
    }

    @Test func makingSomethingOfAThingChangesItAndMakingAThingCreatesIt() {
        let role = RequestFrame(
            request: "Make the oldest agent an escalation agent of the night queue", resources: resources)
        #expect(role.action == .update)
        let new = RequestFrame(request: "Make a queue for billing", resources: resources)
        #expect(new.action == .create)
        #expect(RequestFrame(request: "Make 3 tickets for the night queue", resources: resources).action == .create)
        #expect(RequestFrame(request: "Make sure ticket 12 is gone", resources: resources).action != .update)
        // What follows the next article is what the verb makes of the thing, the last noun of a compound.
        let made = RequestFrame(request: "Make the oldest agent a tag of the triage queue", resources: resources)
        #expect(made.objects.first == "tag")
        let compound = RequestFrame(
            request: "Make the oldest tag an escalation agent of the night queue", resources: resources)
        #expect(compound.objects.first == "agent")
    }

    @Test func aSummaryOfTwoVerbsIsNamedForBoth() {
        let upsert = operation("PUT", "/queues/{queue}/agents/{agent}", summary: "Add or update queue agent")
        #expect(RequestFrame.verbs(of: upsert) == ["add", "update"])
        #expect(RequestFrame.isNamed(upsert, for: "update"))
        #expect(RequestFrame.isNamed(upsert, for: "create"))
        #expect(!RequestFrame.isNamed(upsert, for: "delete"))
        // Only the verb after "or" names it for a create.
        let getOrCreate = operation("PUT", "/queues/{queue}", summary: "Get-or-create a queue")
        #expect(RequestFrame.isNamed(getOrCreate, for: "create"))
        let byID = operation("POST", "/queues", summary: nil, id: "PostQueues")
        #expect(RequestFrame.verbs(of: byID).isEmpty)
    }

    @Test func anOperationWithoutASummarySaysWhatItDoesInItsDescriptionsFirstSentence() {
        #expect(
            OperationFacts.gist(of: "<p>Retrieves the details of a ticket.</p>\n<p>Needs an agent.</p>")
                == "Retrieves the details of a ticket")
        #expect(OperationFacts.gist(of: "<p></p>") == nil)
        var described = operation("POST", "/tickets/{id}/escalations", summary: nil, id: "PostTicketsIdEscalations")
        described.description = "<p>Creates an escalation of a ticket. Agents see it first.</p>"
        let planned = OperationFacts.planned(described)
        #expect(planned.summary == "Creates an escalation of a ticket" && planned.description == nil)
        // A third-person verb of a description is read in its base form.
        #expect(RequestFrame.verbs(of: planned) == ["create"])
        #expect(
            RequestFrame.verbs(of: operation("GET", "/tickets/search", summary: "Searches for tickets")) == ["search"])
        #expect(RequestFrame.isNamed(planned, for: "add"))
    }

    @Test func aDescriptionThatOpensWithAClauseOrASubjectIsReadByItsFirstVerb() {
        let creates = operation(
            "POST", "/queues/{id}/tickets", summary: "When you create a new ticket, you must name its queue")
        let lists = operation("GET", "/queues/{id}/tickets", summary: "You can see a list of the tickets of a queue")
        // "when" asks a question in a request; in a description it opens a clause before the verb.
        #expect(RequestFrame.verbs(of: creates) == ["create"])
        #expect(RequestFrame.verbs(of: lists) == ["see"])
        #expect(RequestFrame.verbs(of: operation("GET", "/tickets/{id}", summary: "Get a ticket")) == ["get"])
        #expect(RequestFrame.verbs(of: operation("PUT", "/tickets/{id}/star", summary: "Star a ticket")) == ["star"])
        // A question reads: the list of tickets answers it, the call that creates one does not.
        let question = "Which tickets does queue Q-7 have?"
        #expect(factor(question, lists) > factor(question, creates))
    }

    @Test func verbsOfTheSameMeaningNameAnOperationAndTheMethodStillCounts() {
        let delete = operation("DELETE", "/tickets/{id}/tags/{name}", summary: "Delete a tag")
        #expect(RequestFrame.isNamed(delete, for: "remove"))
        #expect(!RequestFrame.isNamed(delete, for: "close"))
        // A segment followed by a parameter names the item, not the action.
        let item = operation("POST", "/tickets/{id}/escalations/{escalation}", summary: nil)
        #expect(!RequestFrame.isNamed(item, for: "escalation"))
        // "merge the ticket": named for the verb, and posting merges while reading lists merges.
        let post = operation("POST", "/tickets/{id}/merge", summary: "Merge tickets")
        let get = operation("GET", "/tickets/{id}/merge", summary: "Merge status")
        #expect(factor("Merge ticket 4 into ticket 9", post) > factor("Merge ticket 4 into ticket 9", get))
    }

    @Test func aMainClauseThatRefersBackActsOnWhatAClauseBeforeNamed() {
        let things: Set<String> = ["product", "price", "subscription", "schedule"]
        let back = RequestFrame(
            request:
                "Find the monthly price of the 'Team Plan' product, look up the subscriptions on it, and cancel the oldest one.",
            resources: things)
        #expect(back.verb == "cancel")
        #expect(!back.objects.isEmpty && back.objects.allSatisfy(things.contains), "\(back.objects)")
        // A clause that names nothing and refers to nothing before keeps no object.
        let question = RequestFrame(
            request: "Who opened the oldest subscription, and what does their profile say?", resources: things)
        #expect(question.objects.isEmpty)
    }

    @Test func phrasalAndUnknownVerbs() {
        #expect(RequestFrame(request: "Get rid of the stale tag", resources: resources).action == .delete)
        #expect(RequestFrame(request: "Can you pull up ticket 17?", resources: resources).action == .read)
        // "Send me" asks to be shown: no sending of anything.
        #expect(RequestFrame(request: "Where is ticket 17? Send me the link.", resources: resources).action == .read)
        // A thing that opens a request is its verb only when singular: "droplets tagged prod" names what to read.
        let things: Set<String> = ["droplet", "tag", "snapshot"]
        let plural = RequestFrame(request: "droplets tagged prod", resources: things)
        #expect(plural.verb == nil)
        #expect(plural.objects.first == "droplet")
        #expect(RequestFrame(request: "snapshot droplet 9", resources: things).verb == "snapshot")
        let unknown = RequestFrame(request: "Snooze ticket 12 for a day", resources: resources)
        #expect(unknown.verb == "snooze")
        #expect(unknown.action == .other)
        let question = RequestFrame(request: "Which agents are on the night queue?", resources: resources)
        #expect(question.action == .read)
        #expect(question.wantsList)
        // A word of quantity asks for several, even of a noun whose plural is the same.
        let anime: Set<String> = ["anime", "episode"]
        #expect(RequestFrame(request: "Find me some mecha anime from 2019", resources: anime).wantsList)
        #expect(!RequestFrame(request: "Find me the anime Mushishi", resources: anime).wantsList)
        // A main clause that refers back to one of the things an earlier clause lists picks one and wants no list;
        // one that only says something of it picks none.
        let cats: Set<String> = ["cat", "tag"]
        let picking = RequestFrame(request: "List the cats tagged 'orange' and show me the first one", resources: cats)
        #expect(picking.picksOne && !picking.wantsList && picking.objects == ["cat"])
        #expect(!RequestFrame(request: "Show cat 7; it was added by mistake", resources: cats).picksOne)
        #expect(!RequestFrame(request: "Get cat 7 and delete it", resources: cats).picksOne)
    }

    @Test func operationsNamedForTheVerbAndAboutTheThingWin() {
        let close = "Close ticket 88 without merging it"
        let update = operation("PATCH", "/tickets/{ticket_id}", summary: "Update a ticket")
        let merge = operation("PUT", "/tickets/{ticket_id}/merge", summary: "Merge a ticket")
        let remove = operation("DELETE", "/tickets/{ticket_id}", summary: "Delete a ticket")
        #expect(factor(close, update) > factor(close, merge))
        #expect(factor(close, update) > factor(close, remove))
        let snooze = "Snooze ticket 12 for a day"
        let snoozeAction = operation("POST", "/tickets/{ticket_id}/snooze", summary: "Snooze a ticket")
        #expect(factor(snooze, snoozeAction) > factor(snooze, update))
    }

    @Test func aPostToAnItemUpdatesItWhenTheIdSaysNothing() {
        let request = "Create a ticket in the support queue"
        let create = operation("POST", "/tickets", summary: nil, id: "PostTickets")
        let change = operation("POST", "/tickets/{ticket}", summary: nil, id: "PostTicketsTicket")
        #expect(factor(request, create) > factor(request, change))
    }

    @Test func pluralThingsPreferCollections() {
        let request = "Which tickets are waiting on an agent?"
        let list = operation("GET", "/tickets", summary: "List tickets")
        let one = operation("GET", "/tickets/{ticket_id}", summary: "Get a ticket")
        #expect(factor(request, list) > factor(request, one))
    }

    @Test func whatARequestRanksByMustBeSomethingTheOperationTakes() {
        let frame = RequestFrame(
            request: "What were the 3 busiest queues by open tickets in May?", resources: resources)
        #expect(frame.criterion == ["open", "ticket"])
        #expect(frame.covers(criterionWith: ["report", "ticket", "count"]))
        #expect(!frame.covers(criterionWith: ["queue", "name"]))
        #expect(RequestFrame(request: "List the queues", resources: resources).covers(criterionWith: []))
    }

    @Test func candidatesAreOperationsAboutTheFirstThings() {
        let frame = RequestFrame(request: "Delete the comment on ticket 4", resources: resources)
        #expect(frame.names(["comment"]))
        #expect(frame.names(["ticket"]))
        #expect(!frame.names(["agent"]))
    }
}
