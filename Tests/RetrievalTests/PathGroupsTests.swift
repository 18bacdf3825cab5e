import Testing

@testable import Retrieval

/// The static segments a path opens with before its version group the API's paths (`/api/v1/…`,
/// `/apis/batch/v1/…`): no things of their own, so a request may name a thing by such a word.
@Suite struct PathGroupsTests {
    @Test func theSegmentsBeforeAVersionGroupPaths() {
        // `apis` is `api` in the singular.
        let groups = PlanningCatalog.pathGroups(of: ["/api/v1/pods", "/apis/batch/v1/jobs", "/apis/batch/"])
        #expect(groups == ["api", "batch"])
    }

    @Test func aCollectionIsNoGroup() {
        // `accounts` comes before a parameter, `users` after a version: things of their own.
        #expect(PlanningCatalog.pathGroups(of: ["/accounts", "/accounts/{id}/v2/users", "/users/v1/settings"]) == [])
        #expect(PlanningCatalog.pathGroups(of: ["/v2/droplets", "/repos/{owner}/{repo}"]) == [])
    }
}
