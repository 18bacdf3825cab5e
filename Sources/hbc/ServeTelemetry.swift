import ArgumentParser
import Foundation
import Logging
import RuntimeLite
import TelemetryExport

/// Telemetry for `hbc serve`: read from the `OTEL_*` environment (off unless asked for), exported while the server
/// runs, flushed when it stops. See docs/telemetry.md.
struct ServeTelemetry {
    private let pipeline: TelemetryPipeline

    /// Starts what the environment asks for, or returns `nil` when it asks for nothing. Problems with the variables
    /// are logged as warnings; an exporter that cannot start is an error (exit 1).
    static func start(logger: Logger, servesHTTP: Bool) throws -> ServeTelemetry? {
        let settings = TelemetrySettings(environment: ProcessInfo.processInfo.environment)
        for problem in settings.problems {
            logger.warning("telemetry", metadata: ["problem": .string(problem)])
        }
        guard settings.isEnabled else { return nil }
        for error in settings.errors { Terminal.error("error: \(error) (docs/telemetry.md)") }
        guard settings.errors.isEmpty else { throw ExitCode(1) }
        let pipeline: TelemetryPipeline
        do {
            pipeline = try TelemetryPipeline(settings: settings, logger: logger)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        if let exposition = pipeline.prometheusExposition {
            MetricsEndpoint.serve(exposition)
            if !servesHTTP {
                logger.warning(
                    "telemetry",
                    metadata: [
                        "problem": "OTEL_METRICS_EXPORTER names prometheus, but /metrics is served only with --http"
                    ])
            }
        }
        RuntimeTelemetry.enable(
            traces: settings.exportsSpans, metrics: !settings.metrics.isEmpty,
            capturesContent: settings.capturesContent)
        logger.info(
            "telemetry",
            metadata: [
                "traces": .string(settings.exportsSpans ? "otlp" : "off"),
                "metrics": .array(
                    (settings.metrics.contains(.otlp) ? ["otlp"] : [])
                        + (settings.metrics.contains(.prometheus)
                            ? ["prometheus"] : [])),
                "captures_content": .stringConvertible(settings.capturesContent),
            ])
        return ServeTelemetry(pipeline: pipeline)
    }

    /// Sends what is still queued and stops the exporters.
    func shutdown() async {
        await pipeline.shutdown()
    }
}
