import HandbookModel
import Testing

@testable import Retrieval

/// Which values of a request can name a thing, and what an operation answers with, on a made-up API (none of the
/// planning dev set's).
@Suite struct StatedValueKindsTests {
    private func input(_ name: String, resource: String, pattern: String? = nil) -> PlanInput {
        var schema = JSONObject()
        schema["type"] = .string("string")
        if let pattern { schema["pattern"] = .string(pattern) }
        return PlanInput(
            name: name, location: .path, required: true, resources: [[resource]], key: "id", types: ["string"],
            takesName: false, isList: false, schema: .object(schema), description: "")
    }

    @Test func theAPIsNameAsWrittenInItsTitleIsNoName() {
        let vocabulary = APIVocabulary(
            titles: ["ParcelHub v2 REST API"], summaries: [], resources: ["parcel", "locker"], terms: [],
            isVerb: { _ in false })
        let read = vocabulary.reading("Find the ParcelHub user whose email is ann@example.com")
        #expect(read.contains("parcelhub user"))
        #expect(!read.contains("ParcelHub"))
        #expect(vocabulary.withoutName(read) == "Find the user whose email is ann@example.com")
    }

    @Test func numbersFilesAddressesAndInitialismsAreNoNamesLeftToPlace() {
        let merged = StatedValues(request: "Locker #45 in acme/web was emptied, so delete its parcel") { _ in true }
        #expect(!merged.hasUnplacedName(besides: ["acme/web"]))
        let file = StatedValues(request: "Show the last change to src/index.js in acme/web") { _ in true }
        #expect(!file.hasUnplacedName(besides: ["acme/web"]))
        let initialism = StatedValues(request: "What is the QA status of the default locker of acme/web?") { _ in true }
        #expect(!initialism.hasUnplacedName(besides: ["acme/web"]))
        let named = StatedValues(request: "Show the Spoon-Knife locker of octocat") { _ in true }
        #expect(named.hasUnplacedName(besides: []))
        #expect(!named.hasUnplacedName(besides: ["Spoon-Knife"]))
    }

    @Test func aSpanOfTimePicksNoItemOfAList() {
        let span = StatedValues(request: "What was the load of locker web-1 over the last 24 hours?") { _ in true }
        #expect(!span.picksFromLists)
        let picked = StatedValues(request: "Empty the last locker of acme/web") { _ in true }
        #expect(picked.picksFromLists)
    }

    @Test func aLoosePatternTakesTheNameGivenToItsResourceNotAnyWord() {
        let tag = input("tag_id", resource: "tag", pattern: "^[a-zA-Z0-9_-]+$")
        let named = StatedValues(request: "Tag my locker L-7 with the tag frontend") { _ in false }
        #expect(named.value(for: tag, siblings: [tag])?.value == "frontend")
        let unnamed = StatedValues(request: "Tag the locker with a label") { _ in false }
        #expect(unnamed.value(for: tag, siblings: [tag]) == nil)
        // A value-like token still fits a strict pattern.
        let code = input("code", resource: "locker", pattern: "^L-[0-9]+$")
        #expect(named.value(for: code, siblings: [code])?.value == "L-7")
    }

    @Test func tokensThatIdentifyOneThingByThemselves() {
        for token in [
            "#45", "6dcb09b5b57875f334f61aebed695e2e4193db5e", "pcl_3NpQx2LkdIwHu7ix", "ann@example.com",
            "10.0.0.7", "assets.example.com", "build.yml", "1f0e8a3c-2b4d-4c6e-8f10-123456789abc",
        ] {
            #expect(StatedValues.identifiesSomething(token), "\(token)")
        }
        for token in ["45", "acme/web", "Initech", "web-1", "v3.0"] {
            #expect(!StatedValues.identifiesSomething(token), "\(token)")
        }
    }

    @Test func opaqueIdentifiersAreMixedCaseWithALetterAfterADigit() {
        // Base 62 and URL-safe base 64.
        for token in ["4aawyAB9vmqN3uQ7FjRGTy", "dQw4w9WgXcQ"] {
            #expect(StatedValues.isOpaqueID(token), "\(token)")
        }
        for token in [
            "Initech", "web-1", "backup-2024", "Release2024", "GlobexCorporation", "web-server-01", "PostgreSQL14",
            "5f2b9c1e7d",
        ] {
            #expect(!StatedValues.isOpaqueID(token), "\(token)")
        }
    }

    @Test func aReadAnswersWithTheFieldsItReturns() {
        let owner: JSONValue = .object([
            "type": .string("object"),
            "properties": .object(["email": .object(["type": .string("string")])]),
        ])
        let locker: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "code": .object(["type": .string("string"), "enum": .array([.string("open")])]),
                "owner": .object(["$ref": .string("#/components/schemas/Owner")]),
            ]),
        ])
        let list: JSONValue = .object([
            "type": .string("object"),
            "properties": .object(["data": .object(["type": .string("array"), "items": locker])]),
        ])
        let resolve: (JSONValue) -> JSONValue = { $0["$ref"] == nil ? $0 : owner }
        func operation(_ method: String, _ path: String, returns schema: JSONValue) -> APIOperation {
            APIOperation(
                id: method + path, apiID: "lockers", method: method, path: path, summary: nil, description: nil,
                tags: [], deprecated: false, parameters: [], requestBody: nil,
                responses: [
                    OperationResponse(
                        status: "200", description: nil,
                        content: [MediaTypeContent(mediaType: "application/json", schema: schema, examples: [])],
                        headers: [])
                ], security: [], servers: [], source: nil)
        }
        let one = OperationFacts.returnedTerms(
            of: operation("GET", "/v2/lockers/{id}", returns: locker), resolve: resolve)
        #expect(one.isSuperset(of: ["code", "owner", "email"]))
        // Field names only: an enumerated value says nothing of what is returned.
        #expect(!one.contains("open"))
        let listed = OperationFacts.returnedTerms(of: operation("GET", "/v2/lockers", returns: list), resolve: resolve)
        #expect(listed.isSuperset(of: ["code", "owner"]))
        // A change returns what it changed; that is not what it answers.
        #expect(
            OperationFacts.returnedTerms(of: operation("POST", "/v2/lockers", returns: locker), resolve: resolve)
                .isEmpty)
    }
}
