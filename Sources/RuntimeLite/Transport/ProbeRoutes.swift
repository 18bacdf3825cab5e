import HTTPTypes
import HandbookModel
import Hummingbird
import NIOCore

/// Health endpoints for orchestrators: `GET /healthz` (liveness: 200 while the process serves, draining included,
/// so a shutting-down server is not restarted) and `GET /readyz` (readiness: 200 with the bundle served once it is
/// open and checked, 503 while draining, so load balancers stop sending new sessions). Neither needs
/// authentication nor touches the bundle's upstreams.
enum ProbeRoutes {
    static func register<Context: Hummingbird.RequestContext>(on router: Router<Context>, lifecycle: ServingLifecycle) {
        router.get("/healthz") { _, _ in
            json(.ok, .object(["status": .string(lifecycle.isDraining ? "draining" : "ok")]))
        }
        router.get("/readyz") { _, _ in
            guard !lifecycle.isDraining else {
                return json(
                    .serviceUnavailable,
                    .object([
                        "status": .string("draining"), "callsInFlight": .integer(lifecycle.callsInFlight),
                    ]))
            }
            let runtime = lifecycle.source.server.runtime
            return json(
                .ok,
                .object([
                    "status": .string("ready"), "handbook": .string(runtime.reader.metadata.handbook.name),
                    "version": .string(runtime.reader.metadata.handbook.version),
                    "contentHash": .string(runtime.reader.metadata.contentHash),
                    "environment": .string(runtime.environment),
                ]))
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(
            status: status, headers: headers,
            body: ResponseBody(
                byteBuffer: ByteBuffer(
                    bytes: value.serializedData(sortKeys: false))))
    }
}
