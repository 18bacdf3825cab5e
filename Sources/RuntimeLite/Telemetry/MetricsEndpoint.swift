import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// `GET /metrics` on the `--http` server: the Prometheus text exposition of the runtime's metrics, served when
/// `hbc serve` turned Prometheus export on (`OTEL_METRICS_EXPORTER` names `prometheus`); no route otherwise.
public enum MetricsEndpoint {
    /// The route's path.
    public static let path = "/metrics"
    private static let exposition = Mutex<(@Sendable () -> [UInt8])?>(nil)

    /// Serves the text `render` produces at ``path`` on HTTP servers started from now on.
    public static func serve(_ render: @escaping @Sendable () -> [UInt8]) {
        exposition.withLock { $0 = render }
    }

    /// Adds the route to `router` when an exposition is served (see ``serve(_:)``).
    static func addRoute<Context: Hummingbird.RequestContext>(to router: Router<Context>) {
        guard let render = exposition.withLock({ $0 }) else { return }
        router.get(RouterPath(path)) { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: render())))
        }
    }
}
