import HandbookModel
import Instrumentation
import Tracing

/// W3C trace context (`traceparent`, `tracestate`) carried in an MCP request's `params._meta`, as the OTel MCP
/// semantic conventions propagate it, and in upstream HTTP request headers.
enum TraceContextCarrier {
    /// Adds the trace context in `meta` (when it has one) to `context`, through the bootstrapped propagator.
    static func extract(from meta: JSONObject, into context: inout ServiceContext) {
        guard meta["traceparent"]?.stringValue != nil else { return }
        InstrumentationSystem.instrument.extract(meta, into: &context, using: MetaExtractor())
    }

    /// Header fields carrying `context`'s trace context (empty when it has none).
    static func headers(for context: ServiceContext) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        InstrumentationSystem.instrument.inject(context, into: &headers, using: HeaderInjector())
        return headers
    }

    private struct MetaExtractor: Extractor {
        func extract(key: String, from carrier: JSONObject) -> String? { carrier[key]?.stringValue }
    }

    private struct HeaderInjector: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [(name: String, value: String)]) {
            carrier.append((name: key, value: value))
        }
    }
}
