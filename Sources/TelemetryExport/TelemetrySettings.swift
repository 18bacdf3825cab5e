import Foundation

/// What telemetry `hbc serve` exports, read from the standard `OTEL_*` environment variables.
///
/// Telemetry is off unless the environment asks for it: an exporter named by `OTEL_TRACES_EXPORTER` /
/// `OTEL_METRICS_EXPORTER`, or an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT` or its per-signal variant) without an
/// exporter named. `OTEL_SDK_DISABLED=true` turns everything off, whatever else is set.
public struct TelemetrySettings: Sendable, Equatable {
    /// Where metrics go.
    public struct MetricExport: OptionSet, Sendable, Equatable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Pushed periodically over OTLP/HTTP with protobuf bodies.
        public static let otlp = MetricExport(rawValue: 1)
        /// Served as Prometheus text at `GET /metrics` on the `--http` server.
        public static let prometheus = MetricExport(rawValue: 2)
    }

    /// Whether spans are exported (over OTLP/HTTP with protobuf bodies).
    public var exportsSpans: Bool
    /// The metric exporters (empty when metrics are off).
    public var metrics: MetricExport
    /// Whether tool arguments and results (masked as results are) are recorded on spans (`HBC_OTEL_CAPTURE_CONTENT`).
    public var capturesContent: Bool
    /// Problems with the variables (unknown exporter names, …), each naming the variable and what to do.
    public var problems: [String]
    /// Settings telemetry cannot start with (an OTLP protocol this build lacks), each naming the variable and what
    /// to do.
    public var errors: [String] = []

    /// No telemetry at all: the default.
    public static let off = TelemetrySettings(exportsSpans: false, metrics: [], capturesContent: false, problems: [])

    /// Whether anything is recorded at all.
    public var isEnabled: Bool { exportsSpans || !metrics.isEmpty }

    /// Settings as given.
    public init(exportsSpans: Bool, metrics: MetricExport, capturesContent: Bool, problems: [String]) {
        self.exportsSpans = exportsSpans
        self.metrics = metrics
        self.capturesContent = capturesContent
        self.problems = problems
    }

    /// Reads the settings from an environment (the process environment in `hbc serve`).
    public init(environment: [String: String]) {
        self = .off
        if Self.flag(environment["OTEL_SDK_DISABLED"]) { return }
        let sharedEndpoint = Self.nonEmpty(environment["OTEL_EXPORTER_OTLP_ENDPOINT"]) != nil
        let tracesEndpoint = sharedEndpoint || Self.nonEmpty(environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]) != nil
        let metricsEndpoint = sharedEndpoint || Self.nonEmpty(environment["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]) != nil

        for name in Self.names(environment["OTEL_TRACES_EXPORTER"]) ?? (tracesEndpoint ? ["otlp"] : []) {
            switch name {
            case "otlp": exportsSpans = true
            case "none": exportsSpans = false
            default:
                problems.append("OTEL_TRACES_EXPORTER: exporter '\(name)' is not supported; use otlp or none")
            }
        }
        for name in Self.names(environment["OTEL_METRICS_EXPORTER"]) ?? (metricsEndpoint ? ["otlp"] : []) {
            switch name {
            case "otlp": metrics.insert(.otlp)
            case "prometheus": metrics.insert(.prometheus)
            case "none": metrics = []
            default:
                problems.append(
                    "OTEL_METRICS_EXPORTER: exporter '\(name)' is not supported; use otlp, prometheus or none")
            }
        }
        capturesContent = isEnabled && Self.flag(environment["HBC_OTEL_CAPTURE_CONTENT"])
        let otlp = exportsSpans || metrics.contains(.otlp)
        for key in [
            "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
        ]
        where otlp {
            guard let value = Self.nonEmpty(environment[key]),
                !["http/protobuf", "http/json"].contains(value.lowercased())
            else { continue }
            errors.append("\(key)=\(value) is not supported: this build exports OTLP over HTTP only; use http/protobuf")
        }
    }

    private static func flag(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["true", "1", "yes", "on"].contains(value.lowercased().trimmingCharacters(in: .whitespaces))
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }

    /// The comma-separated exporter names of a variable, lower-cased; `nil` when the variable is unset or empty.
    private static func names(_ value: String?) -> [String]? {
        guard let value = nonEmpty(value) else { return nil }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
    }
}
