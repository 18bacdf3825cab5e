import Foundation
import HandbookModel
import Logging
import Testing

@testable import RuntimeLite

/// Several handbooks in one server: ids shown short unless two handbooks have them, qualified ids and groups
/// resolving, ambiguity refused with the choices, and search results merged across handbooks.
@Suite struct HandbookSetTests {
    /// Runs `body` with the runtimes of the acme handbook and the helpdesk fixture (both have `getCustomer` and
    /// `getHealth`), shutting them down afterwards.
    private static func withRuntimes(_ body: ([HandbookRuntime]) async throws -> Void) async throws {
        let helpdesk = MockFixtures.repositoryRoot.appendingPathComponent("Tests/fixtures/handbooks/helpdesk").path
        let readers = [try MockFixtures.acme(), try MockFixtures.bundle(.handbook(directory: helpdesk))]
        let runtimes = try readers.map { reader in
            try HandbookRuntime(
                bundlePath: reader.path, options: ServeOptions(environment: "staging"),
                environment: ["ACME_TOKEN": "t"], encoder: nil,
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        }
        do {
            try await body(runtimes)
        } catch {
            for runtime in runtimes { await runtime.shutdown() }
            throw error
        }
        for runtime in runtimes { await runtime.shutdown() }
    }

    @Test func idsAreShortUnlessSeveralHandbooksHaveThem() async throws {
        try await Self.withRuntimes { runtimes in
            let set = try HandbookSet(runtimes)
            let all = Visibility.everything
            #expect(set.members.map(\.name) == ["acme-analytics", "helpdesk"])
            #expect(set.publicID("listTickets", in: 1, visibility: all) == "listTickets")
            #expect(set.publicID("getCustomer", in: 0, visibility: all) == "acme-analytics/getCustomer")
            #expect(set.publicID("getCustomer", in: 1, visibility: all) == "helpdesk/getCustomer")
            #expect(try set.resolve("listTickets", visibility: all)! == (1, "listTickets"))
            #expect(try set.resolve("helpdesk/getCustomer", visibility: all)! == (1, "getCustomer"))
            #expect(try set.resolve("acme-analytics/getCustomer", visibility: all)! == (0, "getCustomer"))
            #expect(try set.resolve("getCustomer", within: [1], visibility: all)! == (1, "getCustomer"))
            #expect(try set.resolve("noSuchThing", visibility: all) == nil)
            #expect(try set.resolve("helpdesk/listCustomers", visibility: all) == nil, "acme's id, not helpdesk's")
            let ambiguity = #expect(throws: HandbookSet.Ambiguous.self) {
                try set.resolve("getCustomer", visibility: all)
            }
            #expect(ambiguity?.choices == ["acme-analytics/getCustomer", "helpdesk/getCustomer"])
            #expect(
                ambiguity?.description.contains("use one of acme-analytics/getCustomer, helpdesk/getCustomer") == true)
        }
    }

    @Test func anIdHiddenFromTheCallerNeitherQualifiesNorBlocksAnother() async throws {
        try await Self.withRuntimes { runtimes in
            let set = try HandbookSet(runtimes)
            let rules = try VisibilityRules(
                parsing: try JSONValue.parse(
                    #"{"default": "allow", "rules": [{"tenants": ["acme"], "deny": {"groups": ["helpdesk"]}}]}"#))
            let acme = rules.visibility(for: Caller(tenant: "acme", user: "a", authentication: .apiKey))
            #expect(set.publicID("getCustomer", in: 0, visibility: acme) == "getCustomer")
            #expect(try set.resolve("getCustomer", visibility: acme)! == (0, "getCustomer"))
            #expect(try set.resolve("helpdesk/getCustomer", visibility: acme) == nil, "hidden, so unknown")
        }
    }

    @Test func groupsResolveByHandbookQualifiedOrUniqueName() async throws {
        try await Self.withRuntimes { runtimes in
            let set = try HandbookSet(runtimes)
            #expect(try set.resolveGroup("helpdesk", known: []) == (1, nil))
            #expect(try set.resolveGroup("tickets", known: []) == (1, "tickets"))
            #expect(try set.resolveGroup("acme-analytics/acme", known: []) == (0, "acme"))
            #expect(set.publicGroup("tickets", in: 1) == "tickets")
            #expect(set.groupCollisions.isEmpty)
            let unknown = #expect(throws: ToolGroups.UnknownGroup.self) {
                try set.resolveGroup("billing", known: ["acme"])
            }
            #expect(unknown?.description.contains("the groups are acme") == true)
        }
    }

    @Test func twoBundlesOfOneHandbookAreRefused() async throws {
        try await Self.withRuntimes { runtimes in
            let error = #expect(throws: HandbookSet.DuplicateHandbook.self) {
                try HandbookSet([runtimes[0], runtimes[0]])
            }
            #expect(error?.description.contains("both hold the handbook 'acme-analytics'") == true)
        }
    }
}

@Suite struct SearchFusionTests {
    @Test func theHandbookCloserToTheQueryRanksFirstAndEachKeepsItsOrder() {
        // Handbook 0's index scores higher (docs lift its operations), but handbook 1's best match is closer.
        let merged = SearchFusion.merge([
            [(0.045, 0.41, "orders"), (0.041, 0.38, "fields"), (0.040, 0.30, "products")],
            [(0.041, 0.62, "tickets"), (0.039, 0.55, "ticket"), (0.015, 0.20, "health")],
        ])
        // Handbook 0 weighs 0.41 / 0.62: its best hit merges at 0.66, below handbook 1's two best.
        #expect(merged.map(\.item) == ["tickets", "ticket", "orders", "fields", "products", "health"])
        for handbook in [0, 1] {
            let own = merged.filter { $0.handbook == handbook }.map(\.score)
            #expect(own == own.sorted(by: >), "a handbook's own order is kept")
        }
    }

    @Test func withoutVectorsEachHandbookWeighsTheSame() {
        let merged = SearchFusion.merge([
            [(0.09, nil, "a1"), (0.03, nil, "a2")],
            [(0.02, nil, "b1"), (0.01, nil, "b2")],
        ])
        #expect(merged.map(\.item) == ["a1", "b1", "b2", "a2"])
        #expect(merged.first?.merged == 1 && merged[1].merged == 1)
    }

    @Test func anEmptyHandbookAddsNothing() {
        let merged = SearchFusion.merge(
            [[], [(0.5, 0.9, "only")]] as [[(score: Double, similarity: Double?, item: String)]])
        #expect(merged.map(\.item) == ["only"] && merged[0].handbook == 1)
    }
}
