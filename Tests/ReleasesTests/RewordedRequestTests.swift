import Foundation
import HandbookModel
import Retrieval
import Testing

@testable import Releases

/// Requests worded otherwise than the one a plan was learned for: where their values stand, and whether they ask the
/// same kind of thing.
@Suite("Reworded requests")
struct RewordedRequestTests {
    /// The inputs `request` gives a plan of one call to `operation` with `arguments`, learned for `learned`
    /// (generalized, then filled again).
    private func refill(
        _ learned: String, _ operation: String, _ arguments: String, for request: String
    )
        -> JSONObject?
    {
        let generalized = PlanGeneralization(
            request: learned, plan: ReleaseFixtures.oneCallPlan(operation, arguments), inputs: [:])
        return PlanGeneralization.fill(generalized.slots, learnedFrom: learned, for: request)
    }

    /// The token positions of `value`'s words in `request`.
    private func span(of value: String, in request: String) throws -> Range<Int> {
        try #require(RequestTokens(request).find(words: value))
    }

    @Test("A value is read after the word it followed, though the request orders its words otherwise")
    func afterMention() throws {
        let learned = "List the first 10 playlists of user smedjan"
        let alignment = RequestAlignment(
            old: RequestTokens(learned), new: RequestTokens("What playlists does user jmperezperez have?"))
        #expect(alignment.afterMention(of: try span(of: "smedjan", in: learned)) == "jmperezperez")
        // By stem: "tag" is "tagged".
        let tagged = "List all droplets tagged env:prod"
        #expect(
            RequestAlignment(old: RequestTokens(tagged), new: RequestTokens("Which droplets have the tag staging?"))
                .afterMention(of: try span(of: "env:prod", in: tagged)) == "staging")
        // A word both requests say is no value: "placed" follows "orders" in the new request.
        let placed = "list the orders Globex placed"
        #expect(
            RequestAlignment(old: RequestTokens(placed), new: RequestTokens("List the orders placed by Hooli"))
                .afterMention(of: try span(of: "Globex", in: placed)) == nil)
        // A stop word is no value either.
        #expect(
            RequestAlignment(old: RequestTokens(learned), new: RequestTokens("show playlists of the user"))
                .afterMention(of: try span(of: "smedjan", in: learned)) == nil)
    }

    @Test("A slot of the request's own words takes the word after its mention, and no more")
    func wordsSlotThroughFill() throws {
        let filled = try #require(
            refill(
                "List the first 10 playlists of user smedjan", "listPlaylists", #"{"user_id": "smedjan", "limit": 10}"#,
                for: "What playlists does user jmperezperez have? The first 5."))
        #expect(filled["user_id"] == .string("jmperezperez"))
        #expect(filled["limit"] == .int(5))
        // A number's slot takes no word after its mention: "titled" is no item.
        #expect(refill("Show item 8", "getItem", #"{"item_id": 8}"#, for: "Show items titled 'Hello'") == nil)
        // Numbers after the words they followed, whatever their order.
        let swapped = try #require(
            refill(
                "Show the comments of post 7 by user 3", "listComments", #"{"post": 7, "user": 3}"#,
                for: "Show user 4's comments on post 9"))
        #expect(swapped["post"] == .int(9))
        #expect(swapped["user"] == .int(4))
    }

    @Test("A position stored from another reading of the learned request is not used, and never crashes")
    func stalePositions() {
        let slot = PlanSlot(
            input: "year", kind: .number, ordinal: 0, example: "1970", isString: false, position: 8..<9)
        let learned = "Books by Ursula K. Le Guin published after 1970"
        #expect(
            PlanGeneralization.fill([slot], learnedFrom: learned, for: "Books by Octavia Butler published after 1980")
                == ["year": .int(1980)])
        let alignment = RequestAlignment(old: RequestTokens(learned), new: RequestTokens("Books after 1980"))
        #expect(alignment.counterpart(of: 8..<9, group: "number") == nil)
        #expect(alignment.afterMention(of: 8..<9) == nil)
        #expect(!alignment.sameFrame(slots: [8..<9]))
    }

    @Test("What stands where a value stood runs across no comma")
    func counterpartStopsAtComma() throws {
        let learned = "List the first 10 playlists of user smedjan"
        let alignment = RequestAlignment(
            old: RequestTokens(learned), new: RequestTokens("playlists of user thelinmichael, limit 30"))
        #expect(alignment.counterpart(of: try span(of: "smedjan", in: learned), group: "words") == nil)
    }

    @Test("A value one slot found in its place fills no other slot by order")
    func takenValuesStayTaken() throws {
        let creating = #"{"user_id": "smedjan", "body": {"name": "Road Trip"}}"#
        let filled = try #require(
            refill(
                "Create a playlist called Road Trip for user smedjan", "createPlaylist", creating,
                for: "Create a playlist for user 31l77y2al5lnn7mxfrmd4bpfhqke and call it Wedding Party"))
        #expect(filled["user_id"] == .string("31l77y2al5lnn7mxfrmd4bpfhqke"))
        #expect(filled["name"] == .string("Wedding Party"))
        // A name given after a word that names as the learned one's did ("titled" for "called"), where the order
        // of the two text values cannot tell them apart.
        let named = try #require(
            refill(
                "Create a playlist called Road Trip for the user 'smedjan'", "createPlaylist", creating,
                for: "For the user 'wizzler', make a playlist titled Focus Mix"))
        #expect(named["user_id"] == .string("wizzler"))
        #expect(named["name"] == .string("Focus Mix"))
    }

    @Test("A value found after the word it followed is placed before any slot takes one by order")
    func mentionsBeforeOrder() throws {
        let creating = #"{"body": {"size_gigabytes": 100, "name": "db-data", "region": "nyc1"}}"#
        let filled = try #require(
            refill(
                "Create a 100 GB block storage volume named db-data in nyc1", "createVolume", creating,
                for: "I need a block storage volume of 500 GB in fra1 for our Postgres data; name it pg-volume-01"))
        #expect(filled["region"] == .string("fra1"), "\(filled)")
        // Of the values left, one of the slot's own kind: an identifier's slot takes `pg-volume-01`, not `Postgres`.
        #expect(filled["name"] == .string("pg-volume-01"), "\(filled)")
        #expect(filled["size_gigabytes"] == .int(500), "\(filled)")
    }

    @Test("A request that states more than the learned one asks about something more")
    func statesNoMore() {
        let season = RequestShape("What are the episodes of season 2 of Breaking Bad?")
        #expect(PlanCache.statesNoMore(RequestShape("season 5 of The Wire: its episodes"), than: season, slots: []))
        // The words a plan took count as stated: a learned "playlists of user smedjan" stated two values.
        let playlists = RequestShape("List the first 10 playlists of user smedjan")
        let user = PlanSlot(input: "user_id", kind: .words, ordinal: 0, example: "smedjan", isString: true)
        let anotherUser = RequestShape("Get up to 50 playlists of the user 31l77y2al5lnn7mxfrmd4bpfhqke")
        #expect(PlanCache.statesNoMore(anotherUser, than: playlists, slots: [user]))
        #expect(!PlanCache.statesNoMore(anotherUser, than: playlists, slots: []))
        #expect(
            !PlanCache.statesNoMore(
                RequestShape("Show me episode 3 of season 2 of Breaking Bad"), than: season, slots: []))
        let comment = RequestShape("Comment 'Nice one' on post 7")
        #expect(PlanCache.statesNoMore(RequestShape("Reply to post 31 with 'I disagree'"), than: comment, slots: []))
        #expect(
            !PlanCache.statesNoMore(
                RequestShape("Write a post titled 'Nice one' saying 'First!' as user 2."), than: comment, slots: []))
        // A name in passing is no more.
        let track = RequestShape("Show me track 11dFghVXANMlKmJXsNCbNl")
        #expect(
            PlanCache.statesNoMore(RequestShape("I need Spotify track 0VjIjW4GlUZAMYd2vXMi3b"), than: track, slots: []))
    }

    @Test("A name with initials is one value")
    func initials() {
        #expect(
            RequestValues.find(in: "What books did Ursula K. Le Guin write?").map(\.text) == ["Ursula K. Le Guin"])
        #expect(RequestValues.find(in: "Books by George R. R. Martin").map(\.text) == ["George R. R. Martin"])
        // A full stop after a word still ends the sentence.
        #expect(RequestValues.find(in: "Show me plan A. Then cancel it.").map(\.text) == [])
        #expect(RequestValues.find(in: "Assign it to Team A. Delete the rest.").map(\.text) == ["Team"])
    }

    @Test("Requests ask the same kind of thing by what their verbs do")
    func intents() {
        let resources: Set<String> = ["droplet", "tag", "volume", "snapshot", "backup"]
        func intent(_ request: String) -> RequestIntent { RequestIntent(of: request, resources: resources) }
        #expect(intent("Show me droplet 7") == .read)
        #expect(intent("Please reboot droplet 7") == intent("Reboot droplet 8"))
        #expect(intent("Can you snapshot droplet 7?") == .act("snapshot"))
        // Words that stand for values are no verbs.
        #expect(
            RequestIntent(of: "something: reboot it", resources: resources, valueWords: ["something"])
                == .act("reboot"))
        #expect(intent("droplets tagged env:prod") == .read)
        #expect(intent("Reboot droplet 7") == .act("reboot"))
        #expect(!intent("Reboot droplet 7").isSameKind(as: intent("Show me droplet 7")))
        #expect(!intent("Reboot droplet 7").isSameKind(as: intent("Power off droplet 7")))
        // A known verb of creating is a POST, as "create" is; "set up a new …" names an update and a creation.
        #expect(intent("Provision a volume").isSameKind(as: intent("Create a volume")))
        #expect(intent("set up a new volume").isSameKind(as: intent("Create a volume")))
        #expect(!intent("Delete volume 7").isSameKind(as: intent("Create a volume")))
        #expect(!intent("set up a new volume").isSameKind(as: intent("Update volume 7")))
        // Opposites are no same kind.
        #expect(!intent("Power on droplet 9").isSameKind(as: intent("Power off droplet 7")))
        #expect(!intent("Enable backups of droplet 9").isSameKind(as: intent("Disable backups of droplet 7")))
        #expect(!intent("Unlock volume 9").isSameKind(as: intent("Lock volume 7")))
        // A singular thing that opens a request is its verb; a plural one names what to read.
        #expect(intent("Snapshot droplet 9") == .act("snapshot"))
        #expect(!intent("Snapshot droplet 9").isSameKind(as: intent("List the snapshots of droplet 7")))
        // Every clause counts: this one reboots.
        #expect(intent("Reboot droplet 9 and show me its status") == .act("reboot"))
        #expect(!intent("Reboot droplet 9 and show me its status").isSameKind(as: intent("Show me droplet 7")))
        // A known verb after a colon opens the clause that acts; a thing and its value alone before it only say what
        // the rest is about.
        let lists: Set<String> = ["book", "list", "track"]
        func about(_ request: String) -> RequestIntent { RequestIntent(of: request, resources: lists) }
        #expect(about("list 21: add book 3302").isSameKind(as: about("Add book 4521 to list 12")))
        #expect(
            RequestIntent(of: "track something: show its info", resources: lists, valueWords: ["something"]) == .read)
        // A thing after the value a clause opens with describes the value ("The Sopranos season 5 episodes").
        #expect(
            RequestIntent(of: "something track something episodes", resources: lists, valueWords: ["something"])
                == .read)
        // A wish for a thing done is the doing.
        #expect(about("I want book 2048 added to list 16").isSameKind(as: about("Add book 4521 to list 12")))
        #expect(about("We need book 7 removed from list 3") == about("Remove book 9 from list 4"))
        #expect(about("I want the books added last week") == .read)
        // Placing a thing somewhere adds it; taking it away does not.
        #expect(about("Put book 1207 on list 45").isSameKind(as: about("Add book 4521 to list 12")))
        #expect(about("Can you save book 615 to my list number 7?").isSameKind(as: about("Add book 4521 to list 12")))
        #expect(!about("Put book 1207 on list 45").isSameKind(as: about("Remove book 9 from list 4")))
        // Naming what another clause makes does nothing more.
        #expect(
            intent("I need a block storage volume of 500 GB in fra1; name it pg-volume-01")
                .isSameKind(as: intent("Create a 100 GB block storage volume named db-data in nyc1")))
        #expect(!intent("Create a volume; label it prod").isSameKind(as: intent("Create a volume")))
    }

    @Test("The cache reads verbs with the values masked, and weighs the planner's answers")
    func cacheReadsReworded() async throws {
        let cache = try PlanCache(path: try ReleaseFixtures.temporaryDirectory() + "/state.sqlite")
        let bundle = try ReleaseFixtures.bundle()
        let listed = try await cache.store(
            request: "the items named 'Blue Widget'", vector: nil,
            plan: ReleaseFixtures.oneCallPlan("listItems", #"{"name": "Blue Widget"}"#), reader: bundle)
        // "New" in the name is a value's word, no verb of creating.
        let match = try #require(
            try await cache.match(request: "the items named 'New Widget'", vector: nil, servedBy: bundle))
        #expect(match.entry.id == listed)
        #expect(match.proposedInputs["name"] == .string("New Widget"))
        let id = try await cache.store(
            request: "rename item 8 to 'Blue Widget'", vector: nil,
            plan: ReleaseFixtures.oneCallPlan("updateItem", #"{"item_id": "8", "body": {"name": "Blue Widget"}}"#),
            reader: bundle)
        // Worded otherwise, it is offered when the planner's best proposal ends with the plan's operation; a close
        // second is weaker evidence and needs requests more alike.
        let reworded = "change the title of item 9 to 'Red Gadget'"
        #expect(try await cache.match(request: reworded, vector: nil, servedBy: bundle) == nil)
        #expect(
            try await cache.match(request: reworded, vector: nil, answeredBy: ["updateItem"], servedBy: bundle)?
                .entry.id == id)
        #expect(
            try await cache.match(
                request: reworded, vector: nil, answeredBy: ["getItem", "updateItem"], servedBy: bundle) == nil)
        let alike = "rename the title of the item 9 to 'Red Gadget' today"
        #expect(try await cache.match(request: alike, vector: nil, servedBy: bundle) == nil)
        #expect(
            try await cache.match(
                request: alike, vector: nil, answeredBy: ["getItem", "updateItem"], servedBy: bundle)?.entry.id == id)
        // Never for a request that acts otherwise, answered or not.
        #expect(
            try await cache.match(
                request: "reboot item 9 as 'Red Gadget'", vector: nil, answeredBy: ["updateItem"], servedBy: bundle)
                == nil)
    }

    @Test("A plan whose very calls the planner proposes first needs requests only a little alike")
    func cacheWeighsThePlannersSameCalls() async throws {
        let cache = try PlanCache(path: try ReleaseFixtures.temporaryDirectory() + "/state.sqlite")
        let bundle = try ReleaseFixtures.bundle()
        let id = try await cache.store(
            request: "rename item 8 to 'Blue Widget'", vector: nil,
            plan: ReleaseFixtures.oneCallPlan("updateItem", #"{"item_id": "8", "body": {"name": "Blue Widget"}}"#),
            reader: bundle)
        let distant = "change the label of item 9 to 'Red Gadget' please, as soon as you can today"
        #expect(
            try await cache.match(request: distant, vector: nil, answeredBy: ["updateItem"], servedBy: bundle) == nil)
        #expect(
            try await cache.match(
                request: distant, vector: nil, answeredBy: ["updateItem"], planned: [["updateItem"]], servedBy: bundle)?
                .entry.id == id)
        // Other calls first, or more of them, are no such evidence.
        #expect(
            try await cache.match(
                request: distant, vector: nil, answeredBy: ["updateItem"], planned: [["getItem", "updateItem"]],
                servedBy: bundle) == nil)
        // Nor is it when the request acts otherwise.
        #expect(
            try await cache.match(
                request: "delete item 9 'Red Gadget'", vector: nil, answeredBy: ["updateItem"],
                planned: [["updateItem"]],
                servedBy: bundle) == nil)
    }
}
