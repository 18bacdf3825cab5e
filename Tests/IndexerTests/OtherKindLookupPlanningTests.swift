import Foundation
import HandbookModel
@testable import Retrieval
import Testing

/// A name goes to a lookup of the kind the request calls it, and a text field is no number's value: on a small
/// fixture API of recipes and chefs, "the recipe Paella" is looked up among recipes, not among chefs (though only the
/// list of a chef's recipes says "cooked"), and a rating's `chef` (the rater's name) never feeds a `chef_id` that
/// takes a number.
@Suite struct OtherKindLookupPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Kitchen, version: '1'}
        paths:
          /search/recipe:
            get:
              operationId: searchRecipes
              summary: Search recipes
              parameters:
                - $ref: '#/components/parameters/query'
              responses:
                '200': {description: Recipes., content: {application/json: {schema: {$ref: '#/components/schemas/recipePage'}}}}
          /search/chef:
            get:
              operationId: searchChefs
              summary: Search chefs
              parameters:
                - $ref: '#/components/parameters/query'
              responses:
                '200': {description: Chefs., content: {application/json: {schema: {$ref: '#/components/schemas/chefPage'}}}}
          /chef/{chef_id}/recipes:
            get:
              operationId: listChefRecipes
              summary: Get the recipes a chef cooked
              parameters:
                - {name: chef_id, in: path, required: true, schema: {type: integer}}
              responses:
                '200': {description: Recipes., content: {application/json: {schema: {$ref: '#/components/schemas/recipePage'}}}}
          /recipe/{recipe_id}/cooks:
            get:
              operationId: listRecipeCooks
              summary: Get the credits of a recipe
              parameters:
                - $ref: '#/components/parameters/recipe'
              responses:
                '200': {description: Cooks., content: {application/json: {schema: {$ref: '#/components/schemas/chefPage'}}}}
          /recipe/{recipe_id}/ratings:
            get:
              operationId: listRecipeRatings
              summary: Get the ratings of a recipe
              parameters:
                - $ref: '#/components/parameters/recipe'
              responses:
                '200':
                  description: Ratings.
                  content:
                    application/json:
                      schema: {type: object, properties: {results: {type: array, items: {type: object, properties: {id: {type: integer}, chef: {type: string}, stars: {type: integer}}}}}}
        components:
          parameters:
            query: {name: query, in: query, required: true, description: The text to search for., schema: {type: string}}
            recipe: {name: recipe_id, in: path, required: true, schema: {type: integer}}
          schemas:
            recipe: {type: object, properties: {id: {type: integer}, title: {type: string}}}
            recipePage: {type: object, properties: {page: {type: integer}, results: {type: array, items: {$ref: '#/components/schemas/recipe'}}}}
            chef: {type: object, properties: {id: {type: integer}, name: {type: string}}}
            chefPage: {type: object, properties: {page: {type: integer}, results: {type: array, items: {$ref: '#/components/schemas/chef'}}}}
        """

    @Test func aNameIsLookedUpAmongThingsOfTheKindTheRequestCallsIt() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let proposals = try planner.propose("Who cooked the recipe Paella?", limit: 5)
        let best = try #require(proposals.first)
        #expect(best.lookup(taking: "Paella") == "searchRecipes", "\(best.operations) \(best.reasons)")
        // A plan that looks the recipe's name up among chefs says why it ranks lower.
        let amongChefs = proposals.filter { $0.lookup(taking: "Paella") == "searchChefs" }
        #expect(amongChefs.allSatisfy { $0.reasons.contains("looks Paella, a recipe, up among the chef things") })
        #expect(!amongChefs.isEmpty, "\(proposals.map(\.operations))")
    }

    @Test func aTextFieldIsNoValueOfAnInputThatTakesANumber() throws {
        let catalog = try TestFixtures.catalog(spec: Self.spec)
        let chef = try #require(catalog.facts["listChefRecipes"]?.inputs.first { $0.name == "chef_id" })
        let producers = catalog.producers(of: chef, excluding: "listChefRecipes").map(\.field)
        #expect(producers.contains { $0.operationID == "searchChefs" && $0.field.pointer == "/results/0/id" })
        #expect(!producers.contains { $0.operationID == "listRecipeRatings" }, "\(producers.map(\.field.display))")
    }
}
