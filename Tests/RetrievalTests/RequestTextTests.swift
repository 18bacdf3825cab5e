import Testing

@testable import Retrieval

@Suite struct RequestTextTests {
    @Test func questionsNameTheKindOfThingTheyAskFor() {
        #expect(RequestText.askedFor(in: "which fields can I group sales by?") == "field")
        #expect(RequestText.askedFor(in: "What repositories does octocat own?") == "repository")
        #expect(RequestText.askedFor(in: "how many orders did Initech place in 2025?") == "order")
        #expect(RequestText.askedFor(in: "which statuses can an order have") == "status")
    }

    @Test func questionsAboutAValueAskForNoKindOfThing() {
        #expect(RequestText.askedFor(in: "what was our revenue each year?") == nil)
        #expect(RequestText.askedFor(in: "what does product P0001 cost?") == nil)
        #expect(RequestText.askedFor(in: "how much has Initech bought?") == nil)
        #expect(RequestText.askedFor(in: "raise the credit limit of Globex to 5000") == nil)
    }

    @Test func aPastTenseBeforeAPrepositionIsTheQuestionsVerbAndAPrepositionEndsTheCompound() {
        #expect(RequestText.askedForWords(in: "What changed between the two most recent releases?") == [])
        #expect(RequestText.askedForWords(in: "Which failed since Monday?") == [])
        #expect(RequestText.askedForWords(in: "Which failed jobs can I retry?") == ["failed", "job"])
        #expect(RequestText.askedForWords(in: "What changes between releases matter?") == ["change"])
        #expect(RequestText.askedForWords(in: "What speed does the droplet have?") == ["speed"])
        #expect(
            RequestText.askedForWords(in: "What permission level does the author of PR #19 have?") == [
                "permission", "level",
            ])
    }

    @Test func requestsOfSeveralClausesSplitAtCommasThenAndSentenceEnds() {
        #expect(
            RequestText.clauses(
                of: "Find the 'Nightly build' pipeline in acme/shop, get its latest build, and then stop that build.")
                == [
                    "Find the 'Nightly build' pipeline in acme/shop", "get its latest build", "stop that build.",
                ])
        #expect(
            RequestText.clauses(of: "Which teams do I belong to? List the repositories of the first one") == [
                "Which teams do I belong to", "List the repositories of the first one",
            ])
        // A clause of fewer than two meaningful words is none; a request of one clause has no clauses.
        #expect(RequestText.clauses(of: "In acme/shop, stop the newest build") == [])
        #expect(RequestText.clauses(of: "Stop the newest build of acme/shop") == [])
    }

    @Test func aSentenceOfOneWordNamingAKindOfThingIsAClause() {
        let request = "Which teams am I on? List the repositories of the first one"
        let resources: Set<String> = ["team", "repository", "label", "milestone", "assignee", "cancel"]
        #expect(RequestText.clauses(of: request) == [])
        #expect(
            RequestText.clauses(of: request, resources: resources) == [
                "Which teams am I on", "List the repositories of the first one",
            ])
        // One word of a list is no clause, nor is a verb.
        #expect(
            RequestText.clauses(of: "List the labels, milestones, and assignees of acme/cli", resources: resources)
                == [])
        #expect(RequestText.clauses(of: "Find the newest build of acme/cli. Cancel it.", resources: resources) == [])
    }

    @Test func andBeforeAVerbThatOpensAStepEndsAClause() {
        #expect(
            RequestText.clauses(of: "list the repositories it can access and tell me the languages of the first one")
                == ["list the repositories it can access", "tell me the languages of the first one"])
        #expect(
            RequestText.lastClause(of: "list the repositories it can access and tell me the languages of the first one")
                == "tell me the languages of the first one")
        // "and" between things joins them, also when the second is a verb in other places.
        #expect(RequestText.clauses(of: "list the open issues and comments of acme/cli") == [])
        #expect(RequestText.clauses(of: "get the title of each episode and show notes of the newest one") == [])
        #expect(RequestText.clauses(of: "give me the name and download count of each release asset") == [])
    }

    @Test func noClauseEndsInsideAQuotedPhrase() {
        // The comment's text is a value: its comma and "then" split nothing.
        let request = "Leave the comment 'Thanks, this is fixed. Then ship it' on the newest bug in acme/cli"
        #expect(RequestText.clauses(of: request) == [])
        #expect(RequestText.lastClause(of: request) == nil)
        #expect(
            RequestText.clauses(of: "Find the bug called 'Crash, then hang' in acme/cli, then close that bug") == [
                "Find the bug called 'Crash, then hang' in acme/cli", "close that bug",
            ])
        #expect(
            RequestText.lastClause(of: "Find the 'Crash, then hang' bug in acme/cli, and close that bug")
                == "close that bug")
    }

    @Test func aStopWordOrVerbThatOpensALaterSentenceIsNoName() {
        let tokens = RequestText.tokens("Which plan is the member ada@example.com on? Give me its name. Initech asked.")
        #expect(tokens.first == "Which")
        #expect(tokens.contains("give") && !tokens.contains("Give"))
        // A name that opens a sentence keeps its capital, and is the request's name.
        #expect(tokens.contains("Initech"))
        #expect(RequestText.properName(in: tokens) == "Initech")
        // Inside a quoted phrase nothing changes.
        #expect(
            StatedValues.tokensKeepingQuotes("Post 'Done. Find me later' on the ticket").contains("Done. Find me later")
        )
    }

    @Test func aWordInCapitalsOpensTheNameTheCapitalizedWordAfterItContinues() {
        let title = RequestText.tokens("Show the tracks on the album OK Computer.")
        #expect(RequestText.properName(in: title) == "OK Computer")
        #expect(RequestText.properName(in: RequestText.tokens("Play BBC News tonight")) == "BBC News")
        // Alone, or before a word in small letters, it is an initialism.
        #expect(RequestText.properName(in: RequestText.tokens("list customers in the US")) == nil)
        #expect(RequestText.properName(in: RequestText.tokens("Show the CI runs of Initech")) == "Initech")
    }

    @Test func pluralsBecomeSingular() {
        #expect(SearchText.singular("entries") == "entry")
        #expect(SearchText.singular("movies") == "movie")
        #expect(SearchText.singular("series") == "series")
        #expect(SearchText.singular("boxes") == "box")
        #expect(SearchText.singular("address") == "address")
        #expect(SearchText.singular("fields") == "field")
        #expect(SearchText.singular("bus") == "bus")
    }

    @Test func valuesAreFoundBesideMentionsOfTheParameter() {
        let tokens = RequestText.tokens("list the issues of the Hello-World repository owned by octocat")
        #expect(RequestText.value(for: "repo", in: tokens) == "Hello-World")
        #expect(RequestText.value(for: "owner", in: tokens) == "octocat")
        let team = RequestText.tokens("who are the members of the Engineering team in the Acme org")
        #expect(RequestText.value(for: "team_slug", in: team) == "Engineering")
        #expect(RequestText.value(for: "org", in: team) == "Acme")
        #expect(
            RequestText.value(for: "repo", in: RequestText.tokens("pull requests of repository Spoon-Knife"))
                == "Spoon-Knife")
    }

    @Test func aNumberBeforeAPluralCountsThings() {
        // "5 replicas" says how many, though "replicas" begins "replicaset"; "web-1 droplet" names one.
        let scale = RequestText.tokens("Scale the deployment in namespace prod to 5 replicas")
        #expect(RequestText.value(for: "replicaset", in: scale) == nil)
        #expect(RequestText.value(for: "droplet_name", in: RequestText.tokens("reboot the web-1 droplet")) == "web-1")
        #expect(RequestText.value(for: "issue", in: RequestText.tokens("close 512 issue now")) == "512")
    }

    @Test func plainWordsBesideAMentionAreNoValues() {
        #expect(RequestText.value(for: "repo", in: RequestText.tokens("list repositories of octocat")) == nil)
        #expect(RequestText.value(for: "owner", in: RequestText.tokens("list the issues")) == nil)
        // "commit" and "comment" share a prefix but are different words.
        #expect(RequestText.value(for: "comment_id", in: RequestText.tokens("the commit ABC123")) == nil)
        // A capital that only opens the request names nothing; the name after the mention does.
        #expect(RequestText.value(for: "server_name", in: RequestText.tokens("Rebuild server web-1")) == "web-1")
        #expect(RequestText.value(for: "server_name", in: RequestText.tokens("Rebuild server now")) == nil)
        #expect(RequestText.value(for: "server_name", in: RequestText.tokens("Restart the Atlas server")) == "Atlas")
    }

    @Test func namesAreToldApartFromIdentifiers() {
        #expect(
            ParameterMeaning.takesName(
                "repo", description: "The name of the repository. The name is not case sensitive."))
        #expect(ParameterMeaning.takesName("team_slug", description: nil))
        #expect(ParameterMeaning.takesName("username", description: "The handle for the GitHub user account."))
        #expect(
            !ParameterMeaning.takesName("customer", description: "Only return invoices for the customer with this ID."))
        #expect(!ParameterMeaning.takesName("customer", description: nil))
    }
}
