import Synchronization
import Tracing

/// Whether the runtime records traces, metrics and tool content. Off until `hbc serve` turns it on from the standard
/// `OTEL_*` environment (docs/telemetry.md); every instrumentation point asks first and, when off, does nothing else:
/// no span, no metric, no clock reading.
public enum RuntimeTelemetry {
    private static let switches = Atomic<UInt8>(0)
    private static let tracesBit: UInt8 = 1
    private static let metricsBit: UInt8 = 2
    private static let contentBit: UInt8 = 4

    /// Turns recording on or off for the rest of the process. `traces` needs a tracer bootstrapped in
    /// `InstrumentationSystem`, `metrics` a factory in `MetricsSystem`; `capturesContent` records tool arguments and
    /// results (masked as results are) on tool-call spans.
    public static func enable(traces: Bool, metrics: Bool, capturesContent: Bool) {
        let bits = (traces ? tracesBit : 0) | (metrics ? metricsBit : 0) | (capturesContent && traces ? contentBit : 0)
        switches.store(bits, ordering: .releasing)
    }

    /// Whether spans are recorded.
    static var tracesEnabled: Bool { switches.load(ordering: .acquiring) & tracesBit != 0 }
    /// Whether metrics are recorded.
    static var metricsEnabled: Bool { switches.load(ordering: .acquiring) & metricsBit != 0 }
    /// Whether tool arguments and results are recorded on spans.
    static var capturesContent: Bool { switches.load(ordering: .acquiring) & contentBit != 0 }

    /// Runs `body` inside an internal span named `name` (a child of the current span) when tracing is on; `body`
    /// gets the span to add attributes to, or `nil` when tracing is off.
    static func span<Result>(
        _ name: @autoclosure () -> String, _ body: ((any Span)?) throws -> Result
    ) rethrows -> Result {
        guard tracesEnabled else { return try body(nil) }
        return try withSpan(name(), ofKind: .internal) { span in try body(span) }
    }

    /// Runs `body` inside an internal span named `name` (a child of the current span) when tracing is on; `body`
    /// gets the span to add attributes to, or `nil` when tracing is off.
    static func span<Result>(
        _ name: @autoclosure () -> String, isolation: isolated (any Actor)? = #isolation,
        _ body: ((any Span)?) async throws -> Result
    ) async rethrows -> Result {
        guard tracesEnabled else { return try await body(nil) }
        return try await withSpan(name(), ofKind: .internal, isolation: isolation) { span in try await body(span) }
    }
}
