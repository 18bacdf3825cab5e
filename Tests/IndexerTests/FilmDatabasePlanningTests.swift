import Foundation
import HandbookModel
@testable import Retrieval
import Testing

/// An API in the shape public film databases publish: a search per kind whose `query` is required, detail reads all
/// summarized "Get Details", lists of the day (`/movie/now_playing`), enumerated path parameters, seasons under a
/// show and text ids. On a small fixture, questions about one thing's property read the thing, a lookup told no name
/// is no way to anything, and a name is read before its kind as well as after it.
@Suite struct FilmDatabasePlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Reel, version: '3'}
        paths:
          /search/movie:
            get:
              operationId: search-movie
              summary: Search Movies
              parameters: [{name: query, in: query, required: true, schema: {type: string}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/moviePage'}}}}}
          /search/tv:
            get:
              operationId: search-tv
              summary: Search TV Shows
              parameters: [{name: query, in: query, required: true, schema: {type: string}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/tvPage'}}}}}
          /search/keyword:
            get:
              operationId: search-keyword
              summary: Search Keywords
              parameters: [{name: query, in: query, required: true, schema: {type: string}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {results: {type: array, items: {type: object, properties: {id: {type: integer}, name: {type: string}}}}}}}}}}
          /search/person:
            get:
              operationId: search-person
              summary: Search People
              parameters: [{name: query, in: query, required: true, schema: {type: string}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {results: {type: array, items: {type: object, properties: {id: {type: integer}, name: {type: string}}}}}}}}}}
          /person/{person_id}/movie_credits:
            get:
              operationId: person-movie-credits
              summary: Get Movie Credits
              description: Get the movie credits for a person.
              parameters: [{name: person_id, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/moviePage'}}}}}
          /search/collection:
            get:
              operationId: search-collection
              summary: Search Collections
              parameters: [{name: query, in: query, required: true, schema: {type: string}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {results: {type: array, items: {type: object, properties: {id: {type: integer}, name: {type: string}}}}}}}}}}
          /keyword/{keyword_id}/movies:
            get:
              operationId: keyword-movies
              summary: Get Movies
              description: Get the movies that belong to a keyword.
              parameters: [{name: keyword_id, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/moviePage'}}}}}
          /movie/{movie_id}:
            get:
              operationId: movie-details
              summary: Get Details
              description: Get the primary information about a movie.
              parameters: [{name: movie_id, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: integer}, title: {type: string}, runtime: {type: integer}, budget: {type: integer}}}}}}}
          /movie/{movie_id}/credits:
            get:
              operationId: movie-credits
              summary: Get Credits
              parameters: [{name: movie_id, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: integer}, cast: {type: array, items: {type: object, properties: {id: {type: integer}, name: {type: string}, character: {type: string}}}}, crew: {type: array, items: {type: object, properties: {id: {type: integer}, name: {type: string}, job: {type: string}}}}}}}}}}
          /movie/{movie_id}/similar:
            get:
              operationId: movie-similar
              summary: Get Similar Movies
              parameters: [{name: movie_id, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/moviePage'}}}}}
          /movie/now_playing:
            get:
              operationId: movie-now-playing
              summary: Get Now Playing
              description: Get a list of movies in theatres.
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/moviePage'}}}}}
          /tv/{tv_id}:
            get:
              operationId: tv-details
              summary: Get Details
              parameters: [{name: tv_id, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: integer}, name: {type: string}, number_of_seasons: {type: integer}, seasons: {type: array, items: {type: object, properties: {season_number: {type: integer}}}}}}}}}}
          /tv/{tv_id}/season/{season_number}:
            get:
              operationId: tv-season-details
              summary: Get Details
              parameters:
                - {name: tv_id, in: path, required: true, schema: {type: integer}}
                - {name: season_number, in: path, required: true, schema: {type: integer}}
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: integer}, episodes: {type: array, items: {type: object, properties: {episode_number: {type: integer}, name: {type: string}}}}}}}}}}
          /tv/{tv_id}/season/{season_number}/episode/{episode_number}:
            get:
              operationId: tv-episode-details
              summary: Get Details
              parameters:
                - {name: tv_id, in: path, required: true, schema: {type: integer}}
                - {name: season_number, in: path, required: true, schema: {type: integer}}
                - {name: episode_number, in: path, required: true, schema: {type: integer}}
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: integer}, name: {type: string}}}}}}}
          /tv/top_rated:
            get:
              operationId: tv-top-rated
              summary: Get Top Rated
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/tvPage'}}}}}
          /tv/airing_today:
            get:
              operationId: tv-airing-today
              summary: Get TV Airing Today
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/tvPage'}}}}}
          /collection/{collection_id}:
            get:
              operationId: collection-details
              summary: Get Details
              description: Get collection details by id. The parts are the movies of the collection.
              parameters: [{name: collection_id, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: integer}, name: {type: string}, parts: {$ref: '#/components/schemas/moviePage'}}}}}}}
          /collection/{collection_id}/images:
            get:
              operationId: collection-images
              summary: Get Images
              parameters: [{name: collection_id, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {posters: {type: array, items: {type: object, properties: {file_path: {type: string}}}}}}}}}}
          /review/{review_id}:
            get:
              operationId: review-details
              summary: Get Details
              parameters: [{name: review_id, in: path, required: true, schema: {type: string}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}, author: {type: string}, content: {type: string}}}}}}}
          /movie/{movie_id}/reviews:
            get:
              operationId: movie-reviews
              summary: Get Reviews
              parameters: [{name: movie_id, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {results: {type: array, items: {type: object, properties: {id: {type: string}, author: {type: string}}}}}}}}}}
          /trending/{media_type}/{time_window}:
            get:
              operationId: trending
              summary: Get Trending
              parameters:
                - {name: media_type, in: path, required: true, schema: {type: string, enum: [all, movie, tv]}}
                - {name: time_window, in: path, required: true, schema: {type: string, enum: [day, week]}}
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/moviePage'}}}}}
        components:
          schemas:
            moviePage:
              type: object
              properties:
                results: {type: array, items: {type: object, properties: {id: {type: integer}, title: {type: string}}}}
            tvPage:
              type: object
              properties:
                results: {type: array, items: {type: object, properties: {id: {type: integer}, name: {type: string}}}}
        """

    @Test func aLookupToldNoNameIsNoWayToAList() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let proposals = try planner.propose("What movies are playing in theaters now?", limit: 10)
        #expect(proposals.first?.operations == ["movie-now-playing"], "\(proposals.map(\.operations))")
        let keyword = try #require(proposals.first { $0.operations == ["search-keyword", "keyword-movies"] })
        #expect(
            keyword.reasons.contains { $0.contains("nothing names the keyword step search-keyword looks up") },
            "\(keyword.reasons)")
    }

    @Test func aValueAnEnumerationHoldsInTheSingularFillsIt() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        // "movies" is `movie` in the plural; the path's values name what the question asks for.
        let best = try #require(try planner.propose("What movies are trending this week?").first)
        #expect(best.operations == ["trending"], "\(best.reasons)")
        #expect(best.proposedInputs["media_type"] == .string("movie"), "\(best.proposedInputs)")
        #expect(best.proposedInputs["time_window"] == .string("week"), "\(best.proposedInputs)")
    }

    @Test func aQuestionAboutAPropertyOfAFoundThingReadsIt() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let length = try #require(try planner.propose("How long is the movie Parasite?").first)
        #expect(length.operations == ["search-movie", "movie-details"], "\(length.reasons)")
        #expect(length.proposedInputs["query"] == .string("Parasite"), "\(length.proposedInputs)")
        // What "how many seasons" counts is read from the show, not from one of its seasons.
        let seasons = try #require(try planner.propose("How many seasons does the top rated TV show have?").first)
        #expect(seasons.operations == ["tv-top-rated", "tv-details"], "\(seasons.reasons)")
    }

    @Test func aListAskedForIsNotOneOfItsItems() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        // The season lists its episodes under `episodes`: reading the first of them answers another request.
        let episodes = try #require(try planner.propose("What are the episodes of season 2 of Breaking Bad?").first)
        #expect(episodes.operations == ["search-tv", "tv-season-details"], "\(episodes.reasons)")
        #expect(episodes.proposedInputs["season_number"] == .string("2"), "\(episodes.proposedInputs)")
    }

    @Test func anOperationNamingAWordOfTheCompoundAskedForNamesIt() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        // "Get TV Airing Today" names the TV of "TV shows", though not the shows.
        let best = try #require(try planner.propose("Which TV shows are airing today?").first)
        #expect(best.operations == ["tv-airing-today"], "\(best.reasons)")
    }

    @Test func aCapitalizedNameBeforeItsKindNamesIt() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(try planner.propose("List the movies in the Toy Story collection.").first)
        #expect(best.operations == ["search-collection", "collection-details"], "\(best.reasons)")
        #expect(best.proposedInputs["query"] == .string("Toy Story"), "\(best.proposedInputs)")
        let catalog = try TestFixtures.catalog(spec: Self.spec)
        let values = StatedValues(
            request: "List the movies in the Toy Story collection.", resources: catalog.resources,
            holders: catalog.holderWords
        ) { _ in true }
        #expect(values.name(for: ["collection"]) == "Toy Story")
        #expect(values.kind(named: "Toy Story") == "collection")
    }

    @Test func aHexIdentifierBesideTheMentionOfItsThingIsItsID() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(try planner.propose("Who wrote the review 5488c29bc3a3686f4a00004a?").first)
        #expect(best.operations == ["review-details"], "\(best.reasons)")
        #expect(best.proposedInputs["review_id"] == .string("5488c29bc3a3686f4a00004a"), "\(best.proposedInputs)")
    }

    @Test func aQuestionThatAsksWhoReadsThePeopleOfTheThing() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let director = try #require(try planner.propose("Who directed the movie Inception?").first)
        #expect(director.operations == ["search-movie", "movie-credits"], "\(director.reasons)")
        #expect(director.reasons.contains { $0.contains("it returns people (cast, crew)") }, "\(director.reasons)")
        // Not a question that asks who: the movie's own details.
        let runtime = try #require(try planner.propose("What is the runtime of the movie Inception?").first)
        #expect(runtime.operations == ["search-movie", "movie-details"], "\(runtime.reasons)")
    }

    @Test func aDoersNameIsLookedUpAmongThePeople() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        // No kind is given for Greta Gerwig; she directs, so she is a person, looked up among the people.
        let best = try #require(try planner.propose("What movies has Greta Gerwig directed?").first)
        #expect(best.operations == ["search-person", "person-movie-credits"], "\(best.reasons)")
        #expect(best.proposedInputs["query"] == .string("Greta Gerwig"), "\(best.proposedInputs)")
        #expect(best.reasons.contains("looks Greta Gerwig, a person, up among the person things"), "\(best.reasons)")
        // On the whole film API of `make bench` (59 operations), where a chain through keywords competes.
        let films = TestFixtures.repositoryRoot.appendingPathComponent("bench/data/made_up_apis/films/openapi/films.json")
        let whole = try TestFixtures.planner(spec: String(contentsOf: films, encoding: .utf8))
        for (request, calls) in [
            ("What movies has Greta Gerwig directed?", ["search-person", "person-movie-credits"]),
            ("What TV shows has Bryan Cranston been in?", ["search-person", "person-tv-credits"]),
        ] {
            let first = try #require(try whole.propose(request).first)
            #expect(first.operations == calls, "\(request): \(first.reasons)")
        }
    }

    @Test func aNameWhoseLifeTheRequestAsksAboutIsAPersons() throws {
        // Born, old, pictures: no operation of the film API says so, yet the name is a person's and the pictures
        // are the images the API speaks of.
        let films = TestFixtures.repositoryRoot.appendingPathComponent("bench/data/made_up_apis/films/openapi/films.json")
        let whole = try TestFixtures.planner(spec: String(contentsOf: films, encoding: .utf8))
        for (request, name, calls) in [
            ("Where was Audrey Hepburn born?", "Audrey Hepburn", ["search-person", "person-details"]),
            ("How old is Denzel Washington?", "Denzel Washington", ["search-person", "person-details"]),
            ("Show me pictures of the actress Tilda Swinton", "Tilda Swinton", ["search-person", "person-images"]),
        ] {
            let first = try #require(try whole.propose(request).first)
            #expect(first.operations == calls, "\(request): \(first.reasons)")
            #expect(first.takes(name), "\(request): \(first.proposedInputs)")
        }
    }

    @Test func questionsThatAskWhoAreToldAndTheirDoerNamed() throws {
        #expect(RequestText.whoQuestionVerb(in: "Who directed the movie Inception?") == "directed")
        #expect(RequestText.whoQuestionVerb(in: "who is the author of post 7") == "is")
        #expect(RequestText.whoQuestionVerb(in: "Who's in the cast of Fleabag?") == "is")
        #expect(RequestText.whoQuestionVerb(in: "Show who commented last") == nil)
        #expect(RequestText.whoQuestionVerb(in: "Whose playlist is this?") == nil)
        #expect(PlanningWords.agents(of: "created").contains("creator"))
        #expect(PlanningWords.agents(of: "owns").contains("owner"))
        #expect(PlanningWords.agents(of: "directed").contains("director"))
        // A response's top-level fields that could name people, kept for such questions.
        let catalog = try TestFixtures.catalog(spec: Self.spec)
        #expect(catalog.facts["movie-credits"]?.peopleFields == ["cast", "crew"])
        #expect(catalog.facts["review-details"]?.peopleFields == ["author"])
        #expect(catalog.facts["movie-details"]?.peopleFields == [])
    }

    @Test func propertyQuestionsAreToldFromOtherQuestions() {
        #expect(RequestText.asksForProperty("How long is the movie Parasite?"))
        #expect(RequestText.asksForProperty("When was Meryl Streep born?"))
        #expect(RequestText.asksForProperty("What is the email of the author of post 7?"))
        #expect(RequestText.asksForProperty("How many seasons does the show have?"))
        #expect(!RequestText.asksForProperty("How many orders did Initech place last month?"))
        #expect(!RequestText.asksForProperty("What movies are playing now?"))
        #expect(!RequestText.asksForProperty("Show the movie Parasite."))
    }
}
