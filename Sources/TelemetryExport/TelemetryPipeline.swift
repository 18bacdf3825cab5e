import Logging
import Metrics
import OTel
import Prometheus
import ServiceLifecycle
import Tracing

/// The exporters `hbc serve` runs for the runtime's spans and metrics, as ``TelemetrySettings`` asks: OTLP/HTTP
/// (protobuf) through swift-otel for spans and metrics, and a Prometheus registry whose text exposition the `--http`
/// server serves at `/metrics`. Started once per process (it bootstraps the global tracer and metrics factory).
/// ``shutdown()`` flushes what is still queued.
public final class TelemetryPipeline: Sendable {
    /// What is exported.
    public let settings: TelemetrySettings
    /// The Prometheus text exposition of the metrics, when Prometheus export is on.
    public let prometheusExposition: (@Sendable () -> [UInt8])?
    private let services: ServiceGroup?
    private let running: Task<Void, Never>?

    /// Histogram buckets (seconds) of the duration metrics, as the semantic conventions advise for
    /// `mcp.server.operation.duration` and `http.client.request.duration`.
    static let durationBuckets: [Duration] = [
        0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 120, 300,
    ].map { Duration.milliseconds(Int64($0 * 1000)) }

    /// Starts the exporters `settings` names and bootstraps the global tracer and metrics factory. `logger` gets
    /// the exporters' own diagnostics. Throws ``TelemetryPipelineError`` when the OTel configuration cannot be used.
    public init(settings: TelemetrySettings, logger: Logger) throws {
        self.settings = settings
        var configuration = OTel.Configuration.default
        configuration.serviceName = "hbc"
        configuration.diagnosticLogger = .custom(OTelDiagnostics.logger(writingTo: logger))
        configuration.diagnosticLogLevel = .warning
        configuration.logs.enabled = false
        configuration.traces.enabled = settings.exportsSpans
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.metrics.enabled = settings.metrics.contains(.otlp)
        configuration.metrics.exporter = .otlp
        configuration.metrics.otlpExporter.protocol = .httpProtobuf
        configuration.metrics.defaultDurationHistogramBuckets = Self.durationBuckets

        var services: [any Service] = []
        var factories: [any MetricsFactory] = []
        do {
            if configuration.traces.enabled {
                let tracing = try OTel.makeTracingBackend(configuration: configuration)
                InstrumentationSystem.bootstrap(tracing.factory)
                services.append(tracing.service)
            }
            if configuration.metrics.enabled {
                let metrics = try OTel.makeMetricsBackend(configuration: configuration)
                factories.append(metrics.factory)
                services.append(metrics.service)
            }
        } catch {
            throw TelemetryPipelineError(reason: "\(error)")
        }
        if settings.metrics.contains(.prometheus) {
            let registry = PrometheusCollectorRegistry()
            factories.append(Self.prometheusFactory(registry))
            prometheusExposition = { registry.emitToBuffer() }
        } else {
            prometheusExposition = nil
        }
        if !factories.isEmpty {
            MetricsSystem.bootstrap(factories.count == 1 ? factories[0] : MultiplexMetricsHandler(factories: factories))
        }
        if services.isEmpty {
            self.services = nil
            running = nil
        } else {
            let group = ServiceGroup(
                configuration: .init(
                    services: services.map { .init(service: $0) }, gracefulShutdownSignals: [], cancellationSignals: [],
                    logger: logger))
            self.services = group
            running = Task {
                do {
                    try await group.run()
                } catch {
                    logger.warning("telemetry export stopped", metadata: ["reason": .string("\(error)")])
                }
            }
        }
    }

    /// Stops the exporters after sending what they still hold (spans in the batch, the last metrics).
    public func shutdown() async {
        await services?.triggerGracefulShutdown()
        await running?.value
    }

    /// The metrics factory that keeps the metrics in `registry` for the text exposition, under Prometheus names.
    static func prometheusFactory(_ registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        factory.nameAndLabelSanitizer = { name, labels in (prometheusName(name), labels.compactMap(prometheusLabel)) }
        return factory
    }

    /// A Prometheus metric name for an OpenTelemetry one: dots become underscores and durations get their unit
    /// (`mcp.server.operation.duration` → `mcp_server_operation_duration_seconds`).
    static func prometheusName(_ name: String) -> String {
        let base = name.replacingOccurrences(of: ".", with: "_")
        return name.hasSuffix(".duration") ? base + "_seconds" : base
    }

    /// A Prometheus label for a metric dimension; `nil` for the unit and description dimensions swift-otel reads.
    private static func prometheusLabel(_ label: (String, String)) -> (String, String)? {
        label.0 == "unit" || label.0 == "description"
            ? nil : (label.0.replacingOccurrences(of: ".", with: "_"), label.1)
    }
}

/// Why telemetry cannot start, for the command line to report.
public struct TelemetryPipelineError: Error, CustomStringConvertible {
    /// What the OTel SDK said.
    public var reason: String

    public var description: String {
        "cannot start OpenTelemetry export: \(reason); check the OTEL_* environment variables (docs/telemetry.md)"
    }
}
