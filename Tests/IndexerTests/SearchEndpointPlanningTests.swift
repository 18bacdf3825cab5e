import Foundation
import HandbookModel
@testable import Retrieval
import Testing

/// An API with one search for every kind of thing (`GET /search?q=&type=`), pages that hold their things under
/// `items`, path parameters named `{id}`, opaque ids and a required bare `ids`: on a small fixture radio API, a named
/// channel is found by the search, the items of a page are the page's things, and `ids` lists the things its path is
/// about.
@Suite struct SearchEndpointPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Radio, version: '1'}
        paths:
          /search:
            get:
              operationId: search
              summary: Search for Item
              description: Get information about channels or programs that match a keyword string.
              parameters:
                - {name: q, in: query, required: true, description: Your search query., schema: {type: string}}
                - {name: type, in: query, required: true, schema: {type: string, enum: [channel, program]}}
              responses:
                '200':
                  description: Found.
                  content:
                    application/json:
                      schema: {type: object, properties: {channels: {$ref: '#/components/schemas/page'}, programs: {$ref: '#/components/schemas/page'}}}
          /channels/{id}/programs:
            get:
              operationId: listChannelPrograms
              summary: Get Channel Programs
              parameters:
                - {name: id, in: path, required: true, description: The ID of the channel., schema: {type: string}}
              responses:
                '200': {description: Programs., content: {application/json: {schema: {$ref: '#/components/schemas/page'}}}}
          /channels:
            get:
              operationId: getSeveralChannels
              summary: Get Several Channels
              parameters:
                - {name: ids, in: query, required: true, description: The channel IDs., schema: {type: string}}
              responses:
                '200':
                  description: Channels.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          channels: {type: array, items: {type: object, properties: {id: {type: string}, name: {type: string}}}}
          /programs:
            get:
              operationId: getSeveralPrograms
              summary: Get Several Programs
              parameters:
                - {name: ids, in: query, required: true, description: The program IDs., schema: {type: string}}
              responses:
                '200':
                  description: Programs.
                  content: {application/json: {schema: {type: object, properties: {programs: {type: array, items: {$ref: '#/components/schemas/program'}}}}}}
          /programs/{id}:
            get:
              operationId: getProgram
              summary: Get Program
              parameters:
                - {name: id, in: path, required: true, description: The ID of the program., schema: {type: string}}
              responses:
                '200': {description: The program., content: {application/json: {schema: {$ref: '#/components/schemas/program'}}}}
          /me/following/channels:
            get:
              operationId: listFollowedChannels
              summary: Get Followed Channels
              description: Get the current user's followed channels.
              responses:
                '200': {description: Channels., content: {application/json: {schema: {$ref: '#/components/schemas/page'}}}}
            put:
              operationId: followChannels
              summary: Follow Channels
              parameters:
                - {name: ids, in: query, required: true, description: The channel IDs., schema: {type: string}}
              responses:
                '204': {description: Followed.}
          /me/following/channels/contains:
            get:
              operationId: checkFollowedChannels
              summary: Check If User Follows Channels
              parameters:
                - {name: ids, in: query, required: true, description: The channel IDs., schema: {type: string}}
              responses:
                '200': {description: One answer for each id., content: {application/json: {schema: {type: array, items: {type: boolean}}}}}
        components:
          schemas:
            program:
              type: object
              properties:
                id: {type: string}
                name: {type: string}
                channel: {type: object, properties: {id: {type: string}, name: {type: string}}}
            page:
              type: object
              properties:
                total: {type: integer}
                items: {type: array, items: {type: object, properties: {id: {type: string}, name: {type: string}}}}
        """

    @Test func theItemsOfAPageAreThePagesThings() throws {
        let catalog = try TestFixtures.catalog(spec: Self.spec)
        let channel = try #require(catalog.facts["listChannelPrograms"]?.inputs.first { $0.name == "id" })
        let strength = Dictionary(
            catalog.producers(of: channel, excluding: "listChannelPrograms").map {
                ($0.field.operationID + " " + $0.field.field.pointer, $0.strength)
            }, uniquingKeysWith: max)
        #expect(strength["listFollowedChannels /items/0/id"] == 3, "\(strength)")
        #expect(strength["search /channels/items/0/id"] == 3, "\(strength)")
    }

    @Test func aNamedThingIsFoundByTheSearchOfEveryKind() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let listed = try #require(try planner.propose("List the programs of the channel Night Owl.").first)
        #expect(listed.operations == ["search", "listChannelPrograms"], "\(listed.reasons)")
        #expect(listed.proposedInputs["q"] == .string("Night Owl"), "\(listed.proposedInputs)")
        // A required bare `ids` is the channels to follow: the search finds the one the request names, not the list
        // of channels already followed.
        let followed = try #require(try planner.propose("Follow the channel Nightowl.").first)
        #expect(followed.operations == ["search", "followChannels"], "\(followed.reasons)")
    }

    @Test func aNameGivenWithoutItsKindIsFoundByTheSearchOfEveryKind() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        // No kind beside the name: what the answer takes is the kind the search is to find.
        let programs = try #require(try planner.propose("What are the programs of Night Owl?").first)
        #expect(programs.operations == ["search", "listChannelPrograms"], "\(programs.reasons)")
        // A title opened by a word in capitals is one name.
        let titled = try #require(try planner.propose("List the programs of the channel BBC Ambient.").first)
        #expect(titled.proposedInputs["q"] == .string("BBC Ambient"), "\(titled.proposedInputs)")
    }

    @Test func aReadThatTakesTheThingItGivesIsNoStepOnTheWay() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let proposals = try planner.propose("List the programs of the channel Night Owl.", limit: 10)
        #expect(proposals.first?.operations == ["search", "listChannelPrograms"], "\(proposals.map(\.operations))")
        let detour = try #require(proposals.first {
            $0.operations == ["search", "getSeveralChannels", "listChannelPrograms"]
        })
        #expect(
            detour.reasons.contains { $0.contains("getSeveralChannels takes the id it gives") }, "\(detour.reasons)")
        // Reading several channels by their ids reads again what the search returned whole.
        let again = try #require(try planner.propose("Show the channel Night Owl.", limit: 10).first {
            $0.operations == ["search", "getSeveralChannels"]
        })
        #expect(again.reasons.contains { $0.contains("reads again what step search listed") }, "\(again.reasons)")
    }

    @Test func aQuestionWhetherAThingIsHeldReadsTheCheck() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        // `…/channels/contains` is about channels; a question without a verb of its own reads rather than follows.
        let asked = try #require(try planner.propose("Is the channel Night Owl followed by me?").first)
        #expect(asked.operations == ["search", "checkFollowedChannels"], "\(asked.reasons)")
    }

    @Test func aReadWhoseIDNamesAnotherThingLeadsToTheOneTheRequestMeans() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        // `GET /programs/{id}` gives the `{id}` of `/channels/{id}/programs`: the same name, another thing.
        let proposals = try planner.propose(
            "List the programs of the channel of the program 4aawyAB9vmqN3uQ7FjRGTy.", limit: 10)
        #expect(
            proposals.first?.operations == ["getProgram", "listChannelPrograms"], "\(proposals.map(\.operations))")
        // Reading several programs for the one the request identifies is weighed down.
        let several = try #require(proposals.first { $0.operations == ["getSeveralPrograms", "listChannelPrograms"] })
        #expect(several.reasons.contains { $0.contains("reads several for the one ids") }, "\(several.reasons)")
    }

    @Test func aStatedValueIsReadForEachThingInputsOfOneNameIdentify() throws {
        let catalog = try TestFixtures.catalog(spec: Self.spec)
        let program = try #require(catalog.facts["getProgram"]?.inputs.first { $0.name == "id" })
        let channel = try #require(catalog.facts["listChannelPrograms"]?.inputs.first { $0.name == "id" })
        let values = StatedValues(
            request: "List the programs of the channel of the program 4aawyAB9vmqN3uQ7FjRGTy.",
            resources: catalog.resources, holders: catalog.holderWords
        ) { _ in true }
        // The channel's `{id}`, read first, is not stated; the program's is.
        #expect(values.value(for: channel, siblings: [channel]) == nil)
        #expect(values.value(for: program, siblings: [program])?.value == "4aawyAB9vmqN3uQ7FjRGTy")
    }

    @Test func anOpaqueIdentifierBesideTheMentionOfItsThingIsItsID() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(try planner.propose("List the programs of the channel 4aawyAB9vmqN3uQ7FjRGTy.").first)
        #expect(best.operations == ["listChannelPrograms"], "\(best.reasons)")
        #expect(best.proposedInputs["id"] == .string("4aawyAB9vmqN3uQ7FjRGTy"), "\(best.proposedInputs)")
    }

    @Test func namesOnThePodcastFixtureGoWhereThingsOfTheirKindAreFound() throws {
        // The podcast fixture: the search's path names no resource; the shows it finds are what holds their ids.
        let root = TestFixtures.repositoryRoot.appendingPathComponent("Tests/fixtures/handbooks/podcasts")
        let (bundle, diagnostics, built) = try TestFixtures.build(.handbook(directory: root.path))
        #expect(built, "\(diagnostics)")
        let reader = try BundleReader(path: bundle.path)
        let planner = Planner(engine: try SearchEngine(reader: reader, encoder: nil), reader: reader)
        let best = try #require(try planner.propose("Follow the show Radiolab.").first)
        #expect(best.operations == ["search", "follow-shows"], "\(best.reasons)")
        // "the show" is the thing asked about, not a verb: the request finds operations and the search takes the name.
        let asked = try planner.propose("Who created the show Serial?")
        #expect(asked.first?.lookup(taking: "Serial") == "search", "\(asked.map(\.operations))")
        // No list finds users: the handle the request gives one is its id. A capitalized name is looked up.
        let queues = try #require(try planner.propose("Which queues does the user kmiller have?").first)
        #expect(queues.operations == ["get-list-users-queues"], "\(queues.reasons)")
        #expect(queues.reasons.contains { $0.contains("user_id = kmiller") }, "\(queues.reasons)")
        let made = try #require(try planner.propose("What shows has the creator Ira Glass made?").first)
        #expect(made.operations == ["search", "get-a-creators-shows"], "\(made.reasons)")
    }
}
