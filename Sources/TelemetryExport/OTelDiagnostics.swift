import Logging

/// The OTel SDK's own diagnostics, handed to the server's log, less its complaints about the exporter variables that
/// ``TelemetrySettings`` reads itself: the SDK accepts a single exporter name where the specification (and hbc)
/// allow a list such as `otlp,prometheus`, and would warn about a valid setting on every start.
struct OTelDiagnostics: LogHandler {
    /// The variables whose values ``TelemetrySettings`` checks and reports.
    static let variablesReadByHBC: Set<String> = ["OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER"]

    private var wrapped: any LogHandler

    /// Diagnostics written to `logger`'s handler, at warning level and above.
    static func logger(writingTo logger: Logger) -> Logger {
        var diagnostics = Logger(label: logger.label) { _ in OTelDiagnostics(wrapped: logger.handler) }
        diagnostics.logLevel = max(logger.logLevel, .warning)
        return diagnostics
    }

    func log(event: LogEvent) {
        // The SDK puts the variable's name in the logger's metadata before it logs about it.
        if case .string(let key)? = wrapped[metadataKey: "environment_key"] ?? event.metadata?["environment_key"],
            Self.variablesReadByHBC.contains(key)
        {
            return
        }
        wrapped.log(event: event)
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }
}
