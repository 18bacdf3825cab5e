import Foundation
import HandbookModel
@testable import Retrieval
import Testing

/// The planner reads every stored template's id, origin and operations up front and a whole template only when a
/// proposal takes it: proposals still carry the compiled chain or the handbook's workflow, with their steps.
@Suite struct StoredTemplatePlanningTests {
    static let spec = """
        openapi: 3.1.0
        info: {title: Pets, version: '1'}
        paths:
          /pets:
            get:
              operationId: findPets
              summary: List pets
              parameters: [{name: name, in: query, schema: {type: string}}]
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {type: object, properties: {id: {type: integer}, name: {type: string}}}
          /pets/{pet_id}:
            get:
              operationId: getPet
              summary: Get a pet
              parameters: [{name: pet_id, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok}}
        """

    static let workflow = """
        arazzo: 1.0.1
        info: {title: w, version: '1'}
        sourceDescriptions: [{name: pets, url: ../openapi.yaml, type: openapi}]
        workflows:
          - workflowId: first-pet
            summary: Show the first pet of the shelter
            steps:
              - stepId: find
                operationId: $sourceDescriptions.pets.findPets
                outputs: {firstId: $response.body#/0/id}
              - stepId: show
                operationId: $sourceDescriptions.pets.getPet
                parameters: [{name: pet_id, in: path, value: $steps.find.outputs.firstId}]
        """

    static func bundle() throws -> BundleReader {
        let root = try TestFixtures.handbook(spec: spec, extra: ["workflows/pets.arazzo.yaml": workflow])
        let (bundle, diagnostics, built) = try TestFixtures.build(.handbook(directory: root.path))
        #expect(built, "\(diagnostics)")
        return try BundleReader(path: bundle.path)
    }

    @Test func summariesListEveryTemplateAndOneIsReadByItsID() throws {
        let reader = try Self.bundle()
        let templates = try reader.planTemplates()
        #expect(Set(templates.map(\.origin)) == [.dependency, .arazzo])
        #expect(try reader.planTemplateSummaries() == templates.map(PlanTemplateSummary.init(of:)))
        let chain = try #require(try reader.planTemplateSummaries().first { $0.origin == .dependency })
        #expect(chain.operations == ["findPets", "getPet"] && chain.boundInput == "pet_id", "\(chain)")
        for template in templates { #expect(try reader.planTemplate(id: template.id) == template) }
        #expect(try reader.planTemplate(id: "chain:nothing") == nil)
    }

    @Test func proposalsCarryTheWholeStoredTemplates() throws {
        let reader = try Self.bundle()
        let planner = Planner(engine: try SearchEngine(reader: reader, encoder: nil), reader: reader)
        let stored = try reader.planTemplates()
        let proposals = try planner.propose("Show the first pet of the shelter", limit: 5)
        let workflow = try #require(proposals.first { $0.template?.origin == .arazzo })
        #expect(workflow.template == stored.first { $0.id == "arazzo:first-pet" })
        let compiled = try #require(proposals.first { $0.template?.origin == .dependency })
        #expect(compiled.template == stored.first { $0.id == compiled.template?.id })
        #expect(compiled.template?.steps.count == 2)
    }

    @Test func keptOperationsAreThoseOfTheProposals() throws {
        let reader = try Self.bundle()
        let planner = Planner(engine: try SearchEngine(reader: reader, encoder: nil), reader: reader)
        let request = "Show the pet named Rex"
        let proposed = try planner.propose(request, limit: 3).map(\.operations)
        #expect(!proposed.isEmpty)
        #expect(try planner.proposedOperations(request, limit: 3) == proposed)
        // Asked again, the kept answer; asked for fewer, planned again.
        #expect(try planner.proposedOperations(request, limit: 3) == proposed)
        #expect(try planner.proposedOperations(request, limit: 1) == Array(proposed.prefix(1)))
    }
}
