import Testing
@testable import Retrieval

/// Reading requests through an API's vocabulary, on a made-up ticketing API (none of the planning dev set's APIs).
@Suite struct APIVocabularyTests {
    private let vocabulary = APIVocabulary(
        titles: ["Helpdesk Cloud API"],
        summaries: [
            "List merge requests", "Get a merge request", "Update a merge request", "Approve a merge request",
            "List service level targets", "Create a ticket", "Create a ticket comment",
        ],
        resources: ["merge", "ticket", "comment", "target", "level"], terms: ["ticket", "comment", "client"],
        isVerb: RequestFrame.isVerb)

    @Test func nounsTheAPIDoesNotUseAreReadAsItsWordForTheThing() {
        // The API speaks of clients: customers are clients, in the request's number (in lower case, as resources are).
        #expect(vocabulary.reading("Open a ticket for the customer Globex") == "Open a ticket for the client Globex")
        #expect(vocabulary.reading("Customers of tickets") == "clients of tickets")
        #expect(vocabulary.synonyms["customers"] == nil && vocabulary.synonyms["customer"] == "client")
        // A word the API uses stays, and a capitalized word past the first is a name ("Bill Client" is someone).
        let both = APIVocabulary(
            titles: [], summaries: [], resources: [], terms: ["customer", "client"], isVerb: RequestFrame.isVerb)
        #expect(both.reading("Open a ticket for the customer") == "Open a ticket for the customer")
        #expect(vocabulary.reading("tickets of Customer Care") == "tickets of Customer Care")
    }

    @Test func initialismsOfFrequentPhrasesAreWrittenOut() {
        #expect(vocabulary.initialisms["mr"] == ["merge", "request"])
        #expect(vocabulary.reading("Approve MR 12 now") == "Approve merge request 12 now")
        #expect(vocabulary.reading("Which MRs are open?") == "Which merge requests are open?")
    }

    @Test func phrasesSeldomNamedOrStartingWithAVerbMakeNoInitialism() {
        // "service level targets" names one operation; "create ticket" starts with a verb.
        #expect(vocabulary.initialisms["slt"] == nil)
        #expect(vocabulary.initialisms["ct"] == nil)
        #expect(vocabulary.reading("Close CT 4") == "Close CT 4")
    }

    @Test func theAPINameIsNoProperNameAndNoSearchWord() {
        #expect(vocabulary.nameWords == ["helpdesk"])
        #expect(vocabulary.reading("Who owns ticket 7 on Helpdesk?") == "Who owns ticket 7 on helpdesk?")
        #expect(vocabulary.withoutName("tickets on helpdesk today") == "tickets on today")
        #expect(vocabulary.withoutName("Helpdesk") == "Helpdesk")
    }
}
