import MockServer
import Testing

@Suite struct MockRouterTests {
    private let router = MockRouter(
        routes: [
            .init(operationID: "getCustomer", method: "GET", template: "/customers/{customer_id}"),
            .init(operationID: "updateCustomer", method: "patch", template: "/customers/{customer_id}"),
            .init(operationID: "searchCustomers", method: "GET", template: "/customers/search"),
            .init(operationID: "getFile", method: "GET", template: "/files/{name}.{ext}"),
            .init(operationID: "root", method: "GET", template: "/"),
        ], basePaths: ["/v1"])

    @Test func templatesBindPercentDecodedValues() {
        #expect(
            router.match(method: "GET", path: "/customers/C%2000%2F1")
                == .found(
                    router.routes[0], parameters: ["customer_id": "C 00/1"]))
        #expect(
            router.match(method: "GET", path: "/files/report.tar.gz")
                == .found(
                    router.routes[3], parameters: ["name": "report", "ext": "tar.gz"]))
        #expect(router.match(method: "GET", path: "/") == .found(router.routes[4], parameters: [:]))
    }

    @Test func literalSegmentsWinOverTemplates() {
        #expect(router.match(method: "GET", path: "/customers/search") == .found(router.routes[2], parameters: [:]))
    }

    @Test func otherMethodsAndUnknownPaths() {
        #expect(
            router.match(method: "DELETE", path: "/customers/C00001") == .methodNotAllowed(allowed: ["GET", "PATCH"]))
        #expect(router.match(method: "GET", path: "/nothing/here") == .notFound)
        #expect(router.match(method: "GET", path: "/customers") == .notFound)
    }

    @Test func basePathsAndTrailingSlashes() {
        #expect(
            router.match(method: "GET", path: "/v1/customers/C1/")
                == .found(
                    router.routes[0], parameters: ["customer_id": "C1"]))
        #expect(MockRouter.basePath(ofServer: "https://api.stripe.com/v1") == "/v1")
        #expect(MockRouter.basePath(ofServer: "https://api.example.com/") == nil)
        #expect(MockRouter.basePath(ofServer: "{protocol}://{hostname}/api/v3") == "/api/v3")
    }
}
