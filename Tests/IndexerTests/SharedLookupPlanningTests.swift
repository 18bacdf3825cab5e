import Foundation
import HandbookModel
import Testing

@testable import Indexer
@testable import Retrieval

/// A lookup whose own inputs the plan looks up already costs one call, not two: "the first store the group can
/// access, its latest shipment, that shipment's parcels, the first parcel's label" lists the shipments of the store
/// the parcels are read in, so four calls answer it, the store list made once. Without counting the shared call once,
/// the shipment had no producer within four calls and the plan skipped it.
@Suite struct SharedLookupPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Warehouses, version: '1'}
        paths:
          /groups/{group}/stores:
            get:
              operationId: listGroupStores
              summary: List the stores a group can access
              parameters:
                - {name: group, in: path, required: true, description: The group's slug., schema: {type: string}}
              responses:
                '200':
                  description: The stores.
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {type: object, properties: {id: {type: string}, name: {type: string}}}
          /stores/{store_id}/shipments:
            get:
              operationId: listShipments
              summary: List the shipments of a store
              parameters:
                - {name: store_id, in: path, required: true, schema: {type: string}}
              responses:
                '200':
                  description: The shipments, newest first.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          shipments:
                            type: array
                            items: {type: object, properties: {id: {type: integer}, status: {type: string}}}
          /stores/{store_id}/shipments/{shipment_id}/parcels:
            get:
              operationId: listParcelsOfShipment
              summary: List the parcels of a shipment
              parameters:
                - {name: store_id, in: path, required: true, schema: {type: string}}
                - {name: shipment_id, in: path, required: true, schema: {type: integer}}
              responses:
                '200':
                  description: The parcels.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          parcels:
                            type: array
                            items: {type: object, properties: {id: {type: integer}, weight: {type: number}}}
          /stores/{store_id}/parcels/{parcel_id}/label:
            get:
              operationId: downloadParcelLabel
              summary: Download the shipping label of a parcel
              parameters:
                - {name: store_id, in: path, required: true, schema: {type: string}}
                - {name: parcel_id, in: path, required: true, schema: {type: integer}}
              responses:
                '200': {description: The label as PDF., content: {application/pdf: {schema: {type: string, format: binary}}}}
        """

    @Test func aLookupSharingTheScopeOfItsConsumerFitsTheBudget() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(
            try planner.propose(
                "For the first store that the group north can access, take the most recent shipment, list its "
                    + "parcels, and download the label of the first parcel.",
                limit: 3
            ).first)
        #expect(
            best.operations == ["listGroupStores", "listShipments", "listParcelsOfShipment", "downloadParcelLabel"])
        let steps = try #require(best.template?.steps)
        // One store list feeds every call that reads in the store.
        #expect(steps.filter { $0.operation == "listGroupStores" }.count == 1)
        #expect(steps[2].arguments["shipment_id"] == .string("$steps.s2.response.body#/shipments/0/id"))
        #expect(steps[2].arguments["store_id"] == steps[1].arguments["store_id"])
        #expect(best.reasons.allSatisfy { !$0.contains("nothing states or returns") })
    }
}
