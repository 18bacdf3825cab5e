import Hummingbird

/// The spec's paths and the methods each one serves; a request to a known path with another method gets `405`.
enum OperationPaths {
    /// Every path template of the spec with its methods.
    static let all: [(template: String, methods: [HTTPRequest.Method])] = [
        ("/health", [.get]), ("/fields", [.get]), ("/customers", [.get]), ("/customers/{customer_id}", [.get, .patch]),
        ("/customers/{customer_id}/summary", [.get]), ("/products", [.get]), ("/products/{product_id}", [.get]),
        ("/orders", [.get]), ("/orders/{order_id}", [.get]), ("/sales/query", [.post]),
    ]

    /// The methods served at the concrete `path`, `nil` when no template matches (`{name}` matches one segment).
    static func methods(servedAt path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/")
        return all.first { template, _ in
            let parts = template.split(separator: "/")
            return parts.count == segments.count && zip(parts, segments).allSatisfy { part, segment in
                part.hasPrefix("{") || part == segment
            }
        }?.methods
    }
}
