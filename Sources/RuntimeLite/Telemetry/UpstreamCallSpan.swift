import Foundation
import Metrics
import Tracing

/// The client span and the `http.client.request.duration` of one upstream API call, as the OTel HTTP client semantic
/// conventions describe them: named `{method} {url.template}`, with `http.request.method`, `server.address`,
/// `server.port`, `url.template`, `http.response.status_code` and, when the call failed, `error.type` (the status
/// code for 4xx/5xx answers, the failure for calls that got none). The full URL is not recorded (its query may carry
/// a credential). The span's trace context goes to the API in `traceparent`/`tracestate` headers.
enum UpstreamCallSpan {
    /// Sends `request` (the operation's path template is `template`) with `send`, traced and measured when on.
    static func send<Failure: Error>(
        _ request: UpstreamRequest, template: String,
        _ send: (UpstreamRequest) async throws(Failure) -> UpstreamResponse
    ) async throws(Failure) -> UpstreamResponse {
        let tracing = RuntimeTelemetry.tracesEnabled
        let measuring = RuntimeTelemetry.metricsEnabled
        guard tracing || measuring else { return try await send(request) }
        let url = URLComponents(string: request.url)
        let host = url?.host ?? ""
        let port = url?.port ?? (url?.scheme?.lowercased() == "https" ? 443 : 80)
        let start = ContinuousClock.now
        var sent = request
        var span: (any Span)?
        if tracing {
            let started = startSpan("\(request.method) \(template)", ofKind: .client)
            started.attributes[TelemetryName.httpRequestMethod] = request.method
            started.attributes[TelemetryName.serverAddress] = host
            started.attributes[TelemetryName.serverPort] = port
            started.attributes[TelemetryName.urlTemplate] = template
            sent.headers.append(contentsOf: TraceContextCarrier.headers(for: started.context))
            span = started
        }
        let response: UpstreamResponse
        do {
            response = try await send(sent)
        } catch {
            let errorType = Self.errorType(of: error)
            Self.finish(span, status: nil, attempts: nil, errorType: errorType)
            if measuring {
                record(
                    method: request.method, host: host, port: port, template: template, status: nil,
                    errorType: errorType, since: start)
            }
            throw error
        }
        let errorType = response.status >= 400 ? String(response.status) : nil
        Self.finish(span, status: response.status, attempts: response.attempts, errorType: errorType)
        if measuring {
            record(
                method: request.method, host: host, port: port, template: template, status: response.status,
                errorType: errorType, since: start)
        }
        return response
    }

    private static func finish(_ span: (any Span)?, status: Int?, attempts: Int?, errorType: String?) {
        guard let span else { return }
        if let status { span.attributes[TelemetryName.httpResponseStatusCode] = status }
        if let attempts { span.attributes[TelemetryName.attempts] = attempts }
        if let errorType {
            span.attributes[TelemetryName.errorType] = errorType
            span.setStatus(SpanStatus(code: .error))
        }
        span.end()
    }

    private static func record(
        method: String, host: String, port: Int, template: String, status: Int?, errorType: String?,
        since start: ContinuousClock.Instant
    ) {
        var dimensions = [
            (TelemetryName.httpRequestMethod, method), (TelemetryName.serverAddress, host),
            (TelemetryName.serverPort, String(port)), (TelemetryName.urlTemplate, template),
        ]
        if let status { dimensions.append((TelemetryName.httpResponseStatusCode, String(status))) }
        if let errorType { dimensions.append((TelemetryName.errorType, errorType)) }
        Timer(label: TelemetryName.clientRequestDuration, dimensions: dimensions)
            .recordNanoseconds((ContinuousClock.now - start).nanoseconds)
    }

    /// A low-cardinality name for a failure without a response.
    private static func errorType(of error: some Error) -> String {
        guard let failure = error as? UpstreamFailure else { return String(describing: type(of: error)) }
        return switch failure {
        case .timedOut: "timeout"
        case .connectionFailed: "connection_failed"
        case .interrupted: "interrupted"
        case .cancelled: "cancelled"
        case .invalidURL: "invalid_url"
        }
    }
}
