import HandbookModel
import Testing
@testable import Retrieval

@Suite struct StatedValuesTests {
    private func input(_ name: String, _ location: PlanInput.Location = .path, type: String = "string",
                       resources: [[String]], key: String = "id", takesName: Bool = false,
                       halfOfPair: Int? = nil) -> PlanInput {
        PlanInput(name: name, location: location, required: true, resources: resources, key: key, types: [type],
                  takesName: takesName, isList: false, schema: .object(["type": .string(type)]), description: "",
                  halfOfPair: halfOfPair)
    }

    @Test func aDoersNameNamesThePeopleTheAPIHas() {
        let resources: Set<String> = ["movie", "person", "tv"]
        for (request, name) in [
            ("What movies has Greta Gerwig directed?", "Greta Gerwig"),
            ("List the movies directed by Christopher Nolan", "Christopher Nolan"),
            ("Show photos of the actor Keanu Reeves.", "Keanu Reeves"),
        ] {
            let values = StatedValues(request: request, resources: resources) { _ in true }
            #expect(values.kind(named: name) == "person", "\(request)")
            #expect(values.name(for: ["person"]) == name, "\(request)")
        }
        // No people among the API's resources: no person. A kind the request states stays the kind.
        let noPeople = StatedValues(request: "What movies has Greta Gerwig directed?", resources: ["movie"]) { _ in true }
        #expect(noPeople.kind(named: "Greta Gerwig") == nil)
        let stated = StatedValues(request: "Show the movie Heat directed by Michael Mann", resources: resources) { _ in true }
        #expect(stated.kind(named: "Heat") == "movie")
        #expect(stated.kind(named: "Michael Mann") == "person")
        let company = StatedValues(request: "Which movies has the company Pixar made?", resources: ["company", "person"]) { _ in true }
        #expect(company.kind(named: "Pixar") == "company")
    }

    @Test func aWordOfTimeAfterAMentionIsNoName() {
        // Words the API does not use that follow a mention name it ("the movie heatwave"); "right now" does not.
        let now = StatedValues(request: "Who stars in the most popular movie right now?", resources: ["movie"]) { _ in
            false
        }
        #expect(now.name(for: ["movie"]) == nil)
        let named = StatedValues(request: "Who stars in the movie heatwave?", resources: ["movie"]) { _ in false }
        #expect(named.name(for: ["movie"]) == "heatwave")
        // The word before a single thing picks it from a list named so; before several it describes the list.
        #expect(now.wordsBefore(["movie"]) == ["popular"])
        let books = StatedValues(request: "What are the most popular books?", resources: ["book"]) { _ in false }
        #expect(books.wordsBefore(["book"]) == [])
    }

    @Test func aYearAndACodeInCapitalsFillInputsNamedForThem() {
        let values = StatedValues(request: "List every public holiday in Brazil (BR) for 2026.") { _ in false }
        let code = input("countryCode", resources: [["country"]], key: "code")
        let year = input("year", type: "integer", resources: [], key: "year")
        #expect(values.valueInItsFormat(for: code)?.value == "BR")
        #expect(values.valueInItsFormat(for: year)?.value == "2026")
        // Capitals of another length, or a number out of the years people write, are no such values.
        let other = StatedValues(request: "Show holidays of USA1 in the NATO list for 12026") { _ in false }
        #expect(other.valueInItsFormat(for: code) == nil)
        #expect(other.valueInItsFormat(for: year) == nil)
        // An input named for neither takes neither.
        #expect(values.valueInItsFormat(for: input("name", resources: [["country"]])) == nil)
    }

    @Test func aValueAfterIDThatFollowsAMentionIsTheThingsID() {
        let cat = input("id", resources: [["cat"]])
        let hex = StatedValues(request: "Fetch the cat with id 595f280b557291a9750ebf65.", resources: ["cat"]) { _ in
            false
        }
        #expect(hex.value(for: cat, siblings: [cat])?.value == "595f280b557291a9750ebf65")
        let anime = input("animeId", type: "integer", resources: [["anime"]])
        let number = StatedValues(request: "Where can I stream the anime with ID 21?", resources: ["anime"]) { _ in
            false
        }
        #expect(number.value(for: anime, siblings: [anime])?.value == "21")
        // An id far from any mention of the thing is not its own.
        let far = StatedValues(request: "The anime my friend liked most, with ID 21", resources: ["anime"]) { _ in
            false
        }
        #expect(far.value(for: anime, siblings: [anime]) == nil)
    }

    @Test func aPhraseQuotedAfterAWordOfSayingIsTheText() {
        let text = input("text", resources: [])
        let says = StatedValues(request: "Make me a cat image that says 'Happy Friday'.") { _ in false }
        #expect(says.value(for: text, siblings: [text])?.value == "Happy Friday")
        // A quoted tag is no text to show.
        let tagged = StatedValues(request: "List the cats tagged 'orange'.") { _ in false }
        #expect(tagged.value(for: text, siblings: [text]) == nil)
    }

    @Test func vendorPrefixesFillOnlyTheResourceTheyAbbreviate() {
        let values = StatedValues(request: "Refund charge ch_3NpQx2LkdIwHu7ix0Kq9ZbVY in full") { _ in true }
        let charge = input("charge", resources: [["charge"]])
        let customer = input("customer", resources: [["customer"]])
        #expect(values.value(for: charge, siblings: [charge])?.value == "ch_3NpQx2LkdIwHu7ix0Kq9ZbVY")
        #expect(values.value(for: customer, siblings: [customer]) == nil)
        #expect(StatedValues.prefix("pi", abbreviates: ["payment", "intent"]))
        #expect(!StatedValues.prefix("pi", abbreviates: ["price"]))
    }

    @Test func ownerRepoPairsAndIssueNumbersAreStated() {
        let values = StatedValues(request: "Lock issue #77 of octocat/Hello-World") { _ in true }
        let owner = input("owner", resources: [["owner"]], key: "name", takesName: true, halfOfPair: 0)
        let repo = input("repo", resources: [["repo"]], key: "name", takesName: true, halfOfPair: 1)
        let number = input("issue_number", type: "integer", resources: [["issue"]], key: "number")
        let inputs = [owner, repo, number]
        #expect(values.value(for: owner, siblings: inputs)?.value == "octocat")
        #expect(values.value(for: repo, siblings: inputs)?.value == "Hello-World")
        #expect(values.value(for: number, siblings: inputs)?.value == "77")
    }

    @Test func numbersAfterAPhraseNamingTheThingAreStated() {
        let values = StatedValues(request: "Approve merge request 88 in project web") { _ in true }
        let number = input("merge_number", type: "integer", resources: [["merge"]], key: "number")
        #expect(values.value(for: number, siblings: [number])?.value == "88")
        let far = StatedValues(request: "Approve merge in 88 minutes") { _ in true }
        #expect(far.value(for: number, siblings: [number]) == nil)
    }

    @Test func namesBesideAMentionNameTheThingButIdentifiersNeedALookup() {
        let values = StatedValues(request: "Detach the volume pg-data from the project called 'Web Site'") { $0 == "from" }
        #expect(values.name(for: ["volume"]) == "pg-data")
        #expect(values.name(for: ["project"]) == "Web Site")
        let volume = input("volume_id", resources: [["volume"]])
        #expect(values.value(for: volume, siblings: [volume]) == nil)
    }

    @Test func aLowerCaseWordBeforeTheMentionNamesItUnlessItSaysWhichOrWhatKind() {
        let resources: Set<String> = ["team", "queue", "pull request", "node pool", "price", "issue", "run"]
        func name(_ request: String, _ resource: [String]) -> String? {
            StatedValues(request: request, resources: resources) { _ in true }.name(for: resource)
        }
        #expect(name("Add hubot to the maintainers team", ["team"]) == "maintainers")
        #expect(name("Empty my triage queue", ["queue"]) == "triage")
        // A compound, a word that picks, a state, an adjective: no names.
        #expect(name("Merge the pull request", ["request"]) == nil)
        #expect(name("Scale the node pool", ["pool"]) == nil)
        #expect(name("Close the oldest issue", ["issue"]) == nil)
        #expect(name("Close the open issue", ["issue"]) == nil)
        #expect(name("Archive the monthly price", ["price"]) == nil)
        #expect(name("Cancel the failed run", ["run"]) == nil)
        #expect(name("Cancel the pending run", ["run"]) == nil)
        #expect(name("Add hubot to the engineering team", ["team"]) == "engineering")
        // A word naming an object the responses hold says which one is meant.
        let held = StatedValues(request: "Show the head commit", resources: resources, holders: ["head"]) { _ in true }
        #expect(held.name(for: ["commit"]) == nil)
    }

    @Test func aRelativeClauseAfterAMentionNamesTheHolderItsVerbMakes() {
        let resources: Set<String> = ["user", "playlist", "issue"]
        func qualifiers(_ request: String, of resource: String) -> [String] {
            StatedValues(request: request, resources: resources, holders: ["owner", "creator"]) { _ in true }
                .qualifiers(of: [resource])
        }
        #expect(qualifiers("Show the user who owns the playlist 37i9dQZF1DXcBWIGoYBM5M", of: "user") == ["owner"])
        #expect(qualifiers("Email the user that created issue 4", of: "user") == ["creator"])
        // A verb that makes no holder of the responses says nothing of which one.
        #expect(qualifiers("Show the user who reviewed issue 4", of: "user") == [])
    }

    @Test func aPronounBeforeANameIsNoKindOfThing() {
        // An API may name a path by a pronoun (`GET /me`); "me" before a name still says nothing of what it names.
        let resources: Set<String> = ["me", "artist", "track"]
        let values = StatedValues(request: "Show me Radiohead's top tracks", resources: resources) { _ in true }
        #expect(values.kind(named: "Radiohead") == nil)
        let named = StatedValues(request: "Show the artist Radiohead", resources: resources) { _ in true }
        #expect(named.kind(named: "Radiohead") == "artist")
    }

    @Test func theOwnerPairFillsTwoAdjacentPathParametersOnly() {
        let values = StatedValues(request: "Give the maintainers team push on acme-corp/cli") { _ in true }
        // `/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}`
        let org = input("org", resources: [["org"]], key: "name", takesName: true)
        let team = input("team_slug", resources: [["team"]], key: "slug", takesName: true)
        let owner = input("owner", resources: [["owner"]], key: "name", takesName: true, halfOfPair: 0)
        let repo = input("repo", resources: [["repo"]], key: "name", takesName: true, halfOfPair: 1)
        let inputs = [org, team, owner, repo]
        #expect(values.value(for: org, siblings: inputs) == nil)
        #expect(values.value(for: team, siblings: inputs)?.value == "maintainers")
        #expect(values.value(for: owner, siblings: inputs)?.value == "acme-corp")
        #expect(values.value(for: repo, siblings: inputs)?.value == "cli")
        // The pair is no name of another thing: "the main branch of acme/web" states no branch.
        let branch = input("branch", resources: [["branch"]], key: "name", takesName: true)
        let subject = StatedValues(request: "Show the protection of the main branch of acme/web") { _ in true }
        #expect(subject.value(for: branch, siblings: [branch]) == nil)
    }

    @Test func qualifiersSayWhichOfItsKindIsMeant() {
        let values = StatedValues(
            request: "Show the checks on its head commit and cancel its payment intent", resources: ["payment intent"]
        ) { _ in true }
        #expect(values.qualifiers(of: ["commit"]) == ["head"])
        #expect(values.qualifiers(of: ["payment", "intent"]).isEmpty)
        #expect(values.qualifiers(of: ["intent"]).isEmpty, "\"payment intent\" is a compound")
        #expect(values.qualifiers(of: ["check"]).isEmpty)
    }

    @Test func aNameSaysWhatKindItNamesBesideAMention() {
        let resources: Set<String> = ["product", "price", "customer"]
        let quoted = StatedValues(
            request: "Create a link for the monthly price of our 'Gold Tier' product", resources: resources
        ) { _ in false }
        #expect(quoted.kind(named: "Gold Tier") == "product")
        let before = StatedValues(request: "Refund the latest charge of customer Ada Lovelace", resources: resources) {
            _ in false
        }
        #expect(before.kind(named: "Ada Lovelace") == "customer")
        // A plural before the name opens a clause about the things ("the orders Initech placed").
        let clause = StatedValues(request: "Show me the orders Initech placed", resources: ["order"]) { _ in false }
        #expect(clause.kind(named: "Initech") == nil)
        // The request's first word is its verb, no kind ("Price Ada Lovelace's order" says nothing of her kind).
        let verb = StatedValues(request: "Price Ada Lovelace's order at 10", resources: resources) { _ in false }
        #expect(verb.kind(named: "Ada Lovelace") == nil)
        // An unquoted name followed by a resource word is the owner of that thing, not a thing of its kind.
        let owner = StatedValues(request: "Show Ada Lovelace's customer record", resources: resources) { _ in false }
        #expect(owner.kind(named: "Ada Lovelace") == nil)
    }

    @Test func valuesLeaveTheLexicalQuery() {
        let text = RequestText.withoutValues("Remove the webhook in acme-corp/web that delivers to https://ci.example.com/hook in 2025")
        #expect(text == "Remove the webhook in that delivers to in 2025")
        #expect(RequestText.lastClause(of: "Find the 'CI' workflow in acme-corp/web, get its latest run, and cancel that run")
            == "cancel that run")
    }

    @Test func capitalizedWordsThatOpenTheRequestAndOwnWhatFollowsAreAName() {
        let apiWords: Set<String> = ["charge", "card", "loan", "fine"]
        func name(_ request: String) -> String? {
            StatedValues(request: request) { apiWords.contains($0) }.properName
        }
        #expect(name("Grace Hopper's loan was renewed by mistake; cancel it.") == "Grace Hopper")
        #expect(name("Initech’s latest fine is wrong") == "Initech")
        // A verb or a word of the API that opens the request is no part of the name; without a possessive the first
        // word stays out as before.
        #expect(name("Charge Ada Lovelace's card $15") == "Ada Lovelace")
        #expect(name("Fine Grace Hopper for two late books") == "Grace Hopper")
        #expect(name("Show Grace Hopper's loans") == "Grace Hopper")
    }

    @Test func aBareMentionIsNamedByTheWordAfterItThoughTheAPIUsesIt() {
        // Every word is one the API uses: only a bare mention ("in namespace default") takes the next one as its name.
        func name(_ request: String, _ resource: String) -> String? {
            StatedValues(
                request: request,
                resources: [
                    "namespace", "service", "repository", "setting", "invoice", "deployment", "user", "apiservice",
                ]
            ) { _ in true }.name(for: [resource])
        }
        #expect(name("Delete the service legacy-api in namespace default.", "namespace") == "default")
        #expect(name("Scale deployment api in namespace prod", "namespace") == "prod")
        #expect(name("Show the namespace default", "namespace") == nil)
        #expect(name("Show the repository settings", "repository") == nil)
        #expect(name("Pay the oldest open invoice now with the card", "invoice") == nil)
        #expect(name("List namespace services", "namespace") == nil)
        #expect(name("Give the maintainers team push on acme-corp/cli", "team") == "maintainers")
        // After "the", only when a preposition and another thing follow the word.
        #expect(name("Scale the deployment web in namespace prod", "deployment") == "web")
        #expect(name("Get the user profile for mojombo", "user") == nil)
        // "api" only begins the resource `apiservice`: it is no kind of thing.
        #expect(name("Get the status of deployment api in namespace prod", "deployment") == "api")
    }
}
