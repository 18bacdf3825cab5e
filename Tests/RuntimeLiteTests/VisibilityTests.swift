import Foundation
import HandbookModel
import Logging
import Testing

@testable import RuntimeLite

/// The `visibility:` rules: their format and errors, and one rule set enforced identically by every tool of the real
/// ``HandbookServer`` for different callers (a hidden operation answered exactly like one that does not exist).
@Suite struct VisibilityRulesParsingTests {
    private static func parse(_ json: String) throws -> VisibilityRules {
        try VisibilityRules(parsing: try JSONValue.parse(json))
    }

    private static func error(_ json: String) -> VisibilityRules.ParseError? {
        do {
            _ = try parse(json)
            return nil
        } catch let error as VisibilityRules.ParseError {
            return error
        } catch {
            return nil
        }
    }

    @Test func aSectionParsesIntoRulesInOrder() throws {
        let rules = try Self.parse(
            """
            {"default": "deny", "rules": [
              {"tenants": ["north"], "allow": {"groups": ["acme"]}, "deny": {"operations": ["updateCustomer"]}},
              {"scopes": "sales", "allow": {"tags": ["sales"]}}]}
            """)
        #expect(rules.defaultDecision == .deny)
        #expect(rules.rules.count == 2)
        #expect(rules.rules[0].tenants == ["north"] && rules.rules[0].scopes == nil)
        #expect(rules.rules[0].deny?.operations == ["updateCustomer"])
        #expect(rules.rules[1].scopes == ["sales"], "a single string is a list of one")
    }

    @Test(arguments: [
        (#"[]"#, "visibility", "expected a mapping"),
        (#"{"rules": []}"#, "visibility.default", "write `default: allow`"),
        (#"{"default": "maybe"}"#, "visibility.default", "must be `allow` or `deny`, got 'maybe'"),
        (#"{"default": "allow", "rule": []}"#, "visibility.rule", "the keys here are `default`, `rules`"),
        (#"{"default": "allow", "rules": {}}"#, "visibility.rules", "expected a list of rules"),
        (#"{"default": "allow", "rules": [{"tenants": ["a"]}]}"#, "visibility.rules[0]", "add `allow:` or `deny:`"),
        (
            #"{"default": "allow", "rules": [{"allow": {"group": ["a"]}}]}"#, "visibility.rules[0].allow.group",
            "`groups`, `tags`, `operations`"
        ),
        (
            #"{"default": "allow", "rules": [{"deny": {"groups": [1]}}]}"#, "visibility.rules[0].deny.groups[0]",
            "non-empty string, got a number"
        ),
        (#"{"default": "allow", "rules": [{"deny": {}}]}"#, "visibility.rules[0].deny", "names nothing"),
        (
            #"{"default": "allow", "rules": [{"scopes": 3, "deny": {"tags": ["x"]}}]}"#, "visibility.rules[0].scopes",
            "expected a list of scopes"
        ),
    ])
    func errorsNameTheKeyPathAndWhatToDo(json: String, path: String, says: String) throws {
        let error = try #require(Self.error(json))
        #expect(error.path == path)
        #expect(error.description.hasPrefix(path + ": ") && error.description.contains(says), "\(error)")
    }

    @Test func denyWinsOverAllowWhichWinsOverTheDefault() throws {
        let rules = try Self.parse(
            """
            {"default": "deny", "rules": [
              {"tenants": ["north"], "allow": {"groups": ["shop/acme"]}, "deny": {"tags": ["danger"]}},
              {"tenants": ["north"], "scopes": ["admin"], "allow": {"operations": ["shop/wipe"]}}]}
            """)
        let north = rules.visibility(for: Caller(tenant: "north", user: "n", authentication: .apiKey))
        let admin = rules.visibility(
            for: Caller(tenant: "north", user: "a", scopes: ["admin"], authentication: .apiKey))
        let south = rules.visibility(
            for: Caller(tenant: "south", user: "s", scopes: ["admin"], authentication: .apiKey))
        let read = VisibilityTarget(handbook: "shop", group: "acme", id: "list", tags: ["orders"])
        let wipe = VisibilityTarget(handbook: "shop", group: "acme", id: "wipe", tags: ["danger"])
        let other = VisibilityTarget(handbook: "shop", group: "billing", id: "wipe", tags: [])
        #expect(north.admits(read) && !north.admits(wipe) && !north.admits(other))
        #expect(!admin.admits(wipe), "a deny wins over an allow of another rule")
        #expect(admin.admits(other), "the admin rule allows shop/wipe in any group")
        #expect(!south.admits(read) && !south.admits(other), "rules of another tenant do not apply")
        #expect(!north.showsEverything && Visibility.everything.showsEverything)
    }
}

@Suite struct VisibilityEnforcementTests {
    static let rules = Result {
        try VisibilityRules(
            parsing: try JSONValue.parse(
                """
                {"default": "deny", "rules": [
                  {"tenants": ["north"], "allow": {"groups": ["acme"]}, "deny": {"operations": ["updateCustomer"]}},
                  {"scopes": ["sales"], "allow": {"tags": ["sales"]}}]}
                """))
    }
    static let north = Caller(tenant: "north", user: "nora", authentication: .bearerToken)
    static let analyst = Caller(tenant: "south", user: "sam", scopes: ["sales"], authentication: .bearerToken)
    static let stranger = Caller(tenant: "south", user: "sue", authentication: .bearerToken)

    /// Runs `body` with a server factory over the acme bundle enforcing ``rules``.
    private static func withFactory(_ body: (HandbookServer) async throws -> Void) async throws {
        let reader = try MockFixtures.acme()
        let runtime = try HandbookRuntime(
            bundlePath: reader.path, options: ServeOptions(environment: "staging"), environment: ["ACME_TOKEN": "t"],
            encoder: nil, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let factory = HandbookServer(runtime: runtime, visibility: try rules.get())
        do {
            try await body(factory)
        } catch {
            await runtime.shutdown()
            throw error
        }
        await runtime.shutdown()
    }

    /// The structured content and the text of a tool call made for `caller`.
    private static func call(
        _ factory: HandbookServer, _ tool: String, _ arguments: String, as caller: Caller
    ) async throws -> (content: JSONValue, text: String, isError: Bool) {
        let request =
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\#(tool)","arguments":\#(arguments)}}"#
        let bytes = try #require(
            await factory.directResult(
                of: try JSONValue.parse(request), server: nil, visibility: factory.visibility(for: caller)))
        let result = try JSONValue.parse(bytes)
        let content = try #require(result["structuredContent"])
        let text = result["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
        return (content, text, result["isError"]?.boolValue ?? false)
    }

    private static func ids(_ result: JSONValue, _ key: String = "results") -> [String] {
        result[key]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test func searchDescribeAndGroupsShowOnlyWhatTheRulesAllow() async throws {
        try await Self.withFactory { factory in
            let query = #"{"query": "update the credit limit of a customer", "limit": 50, "kind": "operation"}"#
            let local = try await Self.call(factory, "search", query, as: .local)
            let north = try await Self.call(factory, "search", query, as: Self.north)
            let analyst = try await Self.call(factory, "search", query, as: Self.analyst)
            let stranger = try await Self.call(factory, "search", query, as: Self.stranger)
            #expect(local.content["total"] == .integer(0), "the rules deny the default tenant everything")
            #expect(
                !Self.ids(north.content).contains("updateCustomer") && Self.ids(north.content).contains("getCustomer"))
            #expect(north.content["total"] == .integer(Self.ids(north.content).count))
            #expect(Set(Self.ids(analyst.content)) == ["getCustomerSummary", "querySales"])
            #expect(Self.ids(stranger.content).isEmpty)

            let groups = try await Self.call(factory, "groups", "{}", as: Self.north)
            let group = try #require(groups.content["groups"]?.arrayValue?.first)
            let all = try factory.runtime.reader.operationSummaries().count
            #expect(group["id"] == .string("acme") && group["operations"] == .integer(all - 1))
            let analystGroups = try await Self.call(factory, "groups", "{}", as: Self.analyst)
            #expect(analystGroups.content["groups"]?.arrayValue?.first?["operations"] == .integer(2))
            #expect(try await Self.call(factory, "groups", "{}", as: Self.stranger).content["groups"] == .array([]))

            let described = try await Self.call(
                factory, "describe", #"{"operations": ["updateCustomer", "getCustomer", "noSuchThing"]}"#,
                as: Self.north)
            #expect(Self.ids(described.content, "operations") == ["getCustomer"])
            #expect(described.content["unknown"] == .array([.string("updateCustomer"), .string("noSuchThing")]))
            let grouped = try await Self.call(
                factory, "search", #"{"query": "customer", "group": "acme"}"#, as: Self.stranger)
            #expect(grouped.isError && grouped.text.contains("no group 'acme'"))
        }
    }

    @Test func searchListsNoSectionAboutAHiddenOperation() async throws {
        try await Self.withFactory { factory in
            let aboutUpdate = Set(
                try factory.runtime.reader.docSections().filter { $0.operations.contains("updateCustomer") }.map(\.id))
            let query = #"{"query": "update the credit limit of a customer", "limit": 50, "kind": "doc"}"#
            let unfiltered = try await Self.call(
                HandbookServer(runtime: factory.runtime), "search", query, as: Self.north)
            let filtered = try await Self.call(factory, "search", query, as: Self.north)
            #expect(!aboutUpdate.isDisjoint(with: Self.ids(unfiltered.content)))
            #expect(aboutUpdate.isDisjoint(with: Self.ids(filtered.content)) && !Self.ids(filtered.content).isEmpty)
        }
    }

    @Test func docResourcesShowOnlySectionsAboutWhatTheCallerSees() async throws {
        try await Self.withFactory { factory in
            let runtime = factory.runtime
            let rules = try Self.rules.get()
            func listed(_ caller: Caller) throws -> [String] {
                let visibility = rules.visibility(for: caller)
                return try DocResources.list(runtime.reader) { visibility.admits($0, in: runtime) }.map(\.uri)
            }
            let all = try runtime.reader.docSections()
            let aboutUpdate = try #require(all.first { $0.operations.contains("updateCustomer") })
            let uri = DocResources.uri(for: aboutUpdate.id)
            #expect(try listed(.local).isEmpty && listed(Self.stranger).isEmpty)
            let north = try listed(Self.north)
            #expect(!north.contains(uri))
            let aboutOthers = try #require(
                all.first { !$0.operations.isEmpty && !$0.operations.contains("updateCustomer") })
            #expect(north.contains(DocResources.uri(for: aboutOthers.id)))
            let byURI = Dictionary(
                all.map { (DocResources.uri(for: $0.id), $0) }, uniquingKeysWith: { first, _ in first })
            #expect(north.allSatisfy { byURI[$0]?.operations.contains("updateCustomer") == false })
            let visibility = rules.visibility(for: Self.north)
            #expect(try DocResources.read(runtime.reader, uri: uri) { visibility.admits($0, in: runtime) } == nil)
            #expect(try DocResources.read(runtime.reader, uri: north[0]) { visibility.admits($0, in: runtime) } != nil)
        }
    }

    @Test func aHiddenOperationIsAnsweredExactlyLikeOneThatDoesNotExist() async throws {
        try await Self.withFactory { factory in
            func normalized(_ answer: (content: JSONValue, text: String, isError: Bool), id: String) -> String {
                var object = answer.content.objectValue ?? JSONObject()
                object["traceId"] = nil
                object["durationMs"] = nil
                let trace = answer.content["traceId"]?.stringValue ?? "TRACE"
                return JSONValue.object(object).serialized.replacingOccurrences(of: id, with: "ID") + "|"
                    + answer.text.replacingOccurrences(of: trace, with: "TRACE").replacingOccurrences(
                        of: id, with: "ID")
                    + "|\(answer.isError)"
            }
            let cases: [(tool: String, hidden: String, missing: String)] = [
                (
                    "execute", #"{"operation": "updateCustomer", "arguments": {}}"#,
                    #"{"operation": "noSuchThingAtAll", "arguments": {}}"#
                ),
                (
                    "execute", #"{"plan": "op:updateCustomer", "inputs": {}}"#,
                    #"{"plan": "op:noSuchThingAtAll", "inputs": {}}"#
                ),
                (
                    "execute", #"{"plan": {"steps": [{"id": "a", "operation": "updateCustomer", "arguments": {}}]}}"#,
                    #"{"plan": {"steps": [{"id": "a", "operation": "noSuchThingAtAll", "arguments": {}}]}}"#
                ),
            ]
            for (tool, hidden, missing) in cases {
                let refused = try await Self.call(factory, tool, hidden, as: Self.north)
                let unknown = try await Self.call(factory, tool, missing, as: Self.north)
                #expect(refused.isError)
                #expect(
                    normalized(refused, id: "updateCustomer") == normalized(unknown, id: "noSuchThingAtAll"),
                    "\(hidden)")
            }
            // The same calls by a caller who sees everything are not refused as unknown.
            let open = HandbookServer(runtime: factory.runtime)
            let allowed = try await Self.call(
                open, "execute", #"{"operation": "updateCustomer", "arguments": {}}"#, as: Self.north)
            #expect(allowed.content["outcome"] == .string("invalid_arguments"))
        }
    }

    @Test func plansAndRunsNeverUseAHiddenOperation() async throws {
        try await Self.withFactory { factory in
            let request = #"{"request": "raise the credit limit of customer C00002 to 5000", "limit": 10}"#
            let everything = HandbookServer(runtime: factory.runtime)
            let open = try await Self.call(everything, "plan", request, as: Self.north)
            let plans = try await Self.call(factory, "plan", request, as: Self.north)
            func operations(_ result: JSONValue) -> [String] {
                (result["plans"]?.arrayValue ?? []).flatMap {
                    $0["operations"]?.arrayValue?.compactMap(\.stringValue) ?? []
                }
            }
            #expect(operations(open.content).contains("updateCustomer"), "the request is about updateCustomer")
            #expect(!operations(plans.content).contains("updateCustomer"))
            #expect(operations(try await Self.call(factory, "plan", request, as: Self.stranger).content).isEmpty)

            let run = #"{"request": "raise the credit limit of customer C00002 to 5000", "dryRun": true}"#
            let openRun = try await Self.call(everything, "run", run, as: Self.north)
            let hiddenRun = try await Self.call(factory, "run", run, as: Self.north)
            #expect(openRun.content.serialized.contains("updateCustomer"))
            #expect(!hiddenRun.content.serialized.contains("updateCustomer"))
        }
    }
}
