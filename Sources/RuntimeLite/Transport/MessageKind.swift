import HandbookModel

/// What a JSON-RPC message is, for routing it: a request (with its id and method), a notification, or a response.
enum MessageKind: Equatable {
    case request(id: String, method: String)
    case notification(method: String)
    case response(id: String)

    /// The kind of a single JSON-RPC message, or `nil` when it is not one.
    init?(_ message: JSONValue) {
        guard message.objectValue != nil else { return nil }
        let id: String? = switch message["id"] {
        case .string(let text): text
        case .int(let number): String(number)
        default: nil
        }
        if let method = message["method"]?.stringValue {
            self = id.map { .request(id: $0, method: method) } ?? .notification(method: method)
        } else if message["result"] != nil || message["error"] != nil, let id {
            self = .response(id: id)
        } else {
            return nil
        }
    }

    /// Whether this is an `initialize` request.
    var isInitialize: Bool {
        if case .request(_, "initialize") = self { return true }
        return false
    }
}
