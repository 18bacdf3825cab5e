import HandbookModel
import Hummingbird

/// Builds `application/json` responses from ``JSONValue`` bodies.
enum JSONResponse {
    /// A response with `value` serialized compactly as its body.
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let bytes = value.serializedData(sortKeys: false)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
