import Foundation
import HandbookModel
import Synchronization

/// The results of list requests a server declared constant (`listChanged: false` in its `initialize` answer), kept
/// once for every session on the same bundle, so a `tools/list` is answered from bytes instead of being rebuilt,
/// re-encoded and re-decoded by the MCP SDK for each call (≈12 ms of CPU on a 5 KB list).
final class ConstantAnswers: Sendable {
    /// The list methods whose answers may be kept, by the capability that declares them constant.
    static let capabilityOfMethod = ["tools/list": "tools", "resources/list": "resources", "prompts/list": "prompts"]

    private let results = Mutex<[String: [UInt8]]>([:])

    /// The serialized `result` kept for `method`.
    func result(for method: String) -> [UInt8]? {
        results.withLock { $0[method] }
    }

    /// Keeps the serialized `result` of a `method` answer (the first one kept stays).
    func keep(_ result: [UInt8], for method: String) {
        results.withLock { results in
            if results[method] == nil { results[method] = result }
        }
    }

    /// The methods whose lists an `initialize` result declares constant: those whose capability says
    /// `listChanged: false`.
    static func constantMethods(declaredBy initializeResult: JSONValue) -> Set<String> {
        let capabilities = initializeResult["capabilities"]
        return Set(capabilityOfMethod.compactMap { method, capability in
            capabilities?[capability]?["listChanged"] == .bool(false) ? method : nil
        })
    }

    /// Whether a request asks for a whole list: no `cursor` (pages are not kept).
    static func asksForWholeList(_ request: JSONValue) -> Bool {
        request["params"]?["cursor"] == nil
    }

    /// The JSON-RPC response to the request `id` with the kept `result`.
    static func response(id: JSONValue, result: [UInt8]) -> Data {
        var bytes = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        bytes += id.serializedData(sortKeys: false)
        bytes += Array(#","result":"#.utf8)
        bytes += result
        bytes.append(UInt8(ascii: "}"))
        return Data(bytes)
    }
}
