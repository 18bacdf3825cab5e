import AsyncHTTPClient
import Foundation
import HandbookModel

@testable import ACMEAnalyticsServer

/// A real `acme-analytics-server` on a free loopback port with a fresh seeded database, and a small JSON client.
struct TestServer {
    /// The token the server requires.
    static let token = "test-token-\(UUID().uuidString)"
    /// The seed every test server uses.
    static let seed: UInt64 = 42

    /// `http://127.0.0.1:<port>`.
    let baseURL: String

    /// A response: status code and parsed JSON body (`null` when empty), plus the Content-Type.
    struct Reply {
        var status: Int
        var json: JSONValue
        var contentType: String?
    }

    /// Starts a server, runs `body` against it, stops the server and removes its database.
    static func with<T>(_ body: (TestServer) async throws -> T) async throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("acme-test-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ACMEStore(path: path, seed: seed)
        let server = ACMEServer(configuration: .init(host: "127.0.0.1", port: 0, token: token, logLevel: .critical), store: store)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await server.run { port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            _ = try await task.value
            throw CancellationError()
        }
        do {
            let result = try await body(TestServer(baseURL: "http://127.0.0.1:\(port)"))
            task.cancel()
            _ = try? await task.value
            return result
        } catch {
            task.cancel()
            _ = try? await task.value
            throw error
        }
    }

    /// Sends a request; `body` is sent as JSON, `rawBody` verbatim; `token: nil` omits the Authorization header.
    func send(
        _ method: String, _ path: String, body: JSONValue? = nil, rawBody: String? = nil,
        token: String? = TestServer.token
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let text = rawBody ?? body?.serialized {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(Array(text.utf8))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        let bytes = Array(buffer.readableBytesView)
        return Reply(
            status: Int(response.status.code), json: bytes.isEmpty ? .null : try JSONValue.parse(bytes),
            contentType: response.headers.first(name: "Content-Type"))
    }

    /// `GET path`.
    func get(_ path: String, token: String? = TestServer.token) async throws -> Reply {
        try await send("GET", path, token: token)
    }

    /// `POST /sales/query` with `query`.
    func sales(_ query: JSONValue) async throws -> Reply {
        try await send("POST", "/sales/query", body: query)
    }
}

/// The seed data set as fact rows, computed in Swift without the server, for expected values.
struct SeedFacts {
    /// One order line joined with its order, customer and product.
    struct Line {
        var date: CivilDate
        var orderID: String
        var status: OrderStatus
        var customer: CustomerRecord
        var product: ProductRecord
        var quantity: Int
        var unitPriceCents: Int64

        var revenueCents: Int64 { Int64(quantity) * unitPriceCents }
    }

    let data: SeedData
    let lines: [Line]

    init(seed: UInt64 = TestServer.seed) {
        data = SeedData.generate(seed: seed)
        let customers = Dictionary(uniqueKeysWithValues: data.customers.map { ($0.id, $0) })
        let products = Dictionary(uniqueKeysWithValues: data.products.map { ($0.id, $0) })
        lines = data.orders.flatMap { order in
            order.lines.map { line in
                Line(
                    date: order.date, orderID: order.id, status: order.status, customer: customers[order.customerID]!,
                    product: products[line.productID]!, quantity: line.quantity, unitPriceCents: line.unitPriceCents)
            }
        }
    }
}

extension JSONValue {
    /// Element `index` of an array.
    subscript(index: Int) -> JSONValue? { arrayValue.flatMap { index < $0.count ? $0[index] : nil } }

    /// The number as an Int when whole.
    var intValue: Int? { doubleValue.flatMap { $0.rounded() == $0 ? Int($0) : nil } }
}
