import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// Planning on the whole made-up APIs of `make bench` (a film database of 59 operations, a message board), where
/// lists of the day, lists under another thing and reads of people compete with the right call path.
@Suite struct MadeUpAPIPlanningTests {
    private static func planner(_ api: String, _ file: String) throws -> Planner {
        let spec = TestFixtures.repositoryRoot.appendingPathComponent("bench/data/made_up_apis/\(api)/openapi/\(file)")
        return try TestFixtures.planner(spec: String(contentsOf: spec, encoding: .utf8))
    }

    @Test func aListUnderAThingTheRequestNeverMentionsIsNoAnswerAboutTheThingItNames() throws {
        let films = try Self.planner("films", "films.json")
        // `GET /keyword/{keyword_id}/movies` lists movies, but of a keyword: not the trailer of the movie Barbie.
        for (request, calls) in [
            ("Show me the trailer of the movie Barbie.", ["search-movie", "movie-videos"]),
            ("Show me the posters of the movie Amelie.", ["search-movie", "movie-images"]),
        ] {
            let first = try #require(try films.propose(request).first)
            #expect(first.operations == calls, "\(request): \(first.reasons)")
        }
    }

    @Test func aPathThatTakesTheThingAsOneOfItsValuesIsAboutIt() throws {
        let films = try Self.planner("films", "films.json")
        // `media_type: all | movie | tv`: the trending list of movies, not the list of movie genres.
        let first = try #require(try films.propose("What movies are trending this week?").first)
        #expect(first.operations == ["trending"], "\(first.reasons)")
        #expect(first.reasons.contains("its path takes the movie the request names"), "\(first.reasons)")
    }

    @Test func aViewOfSeveralCollectionsListsTheirThings() throws {
        // `popular` follows three collections and addresses nothing: `/movie/popular` lists movies.
        let paths = [
            "/movie/{movie_id}", "/movie/popular", "/tv/{tv_id}", "/tv/popular", "/person/{person_id}",
            "/person/popular", "/movie/now_playing", "/v2/volumes/{volume_id}", "/v2/volumes/actions",
            "/v2/volumes/{volume_id}/actions/{action_id}", "/v2/droplets/{droplet_id}", "/v2/droplets/actions",
        ]
        #expect(PlanningWords.viewSegments(of: paths) == ["popular"])
        #expect(PlanningWords.pathResource("/movie/popular", views: ["popular"]) == ["movie"])
        #expect(PlanningWords.pathResource("/movie/popular") == ["popular"])
        // The word the request puts before the thing picks the list named so.
        let films = try Self.planner("films", "films.json")
        let first = try #require(try films.propose("Show the credits of the most popular movie").first)
        #expect(first.operations == ["movie-popular", "movie-credits"], "\(first.reasons)")
    }

    @Test func aQuestionWhoReadsThePersonTheNamedThingRefersTo() throws {
        let board = try Self.planner("board", "board.yaml")
        // "Who wrote post 12?" shares no word with `GET /users/{userId}`; the post's `userId` leads there.
        let first = try #require(try board.propose("Who wrote post 12?").first)
        #expect(first.operations == ["getPost", "getUser"], "\(first.reasons)")
        #expect(first.proposedInputs["postId"] == .string("12"), "\(first.proposedInputs)")
    }
}
