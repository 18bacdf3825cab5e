import Metrics
import Prometheus
import Testing

@testable import TelemetryExport

@Suite struct PrometheusExpositionTests {
    @Test func namesFollowTheOpenTelemetryToPrometheusConventions() {
        #expect(
            TelemetryPipeline.prometheusName("mcp.server.operation.duration") == "mcp_server_operation_duration_seconds"
        )
        #expect(TelemetryPipeline.prometheusName("hbc.guardrail.denials") == "hbc_guardrail_denials")
    }

    @Test func durationsAreHistogramsInSecondsWithSanitizedLabels() {
        let registry = PrometheusCollectorRegistry()
        let factory = TelemetryPipeline.prometheusFactory(registry)
        let timer = Timer(
            label: "mcp.server.operation.duration",
            dimensions: [("mcp.method.name", "tools/call"), ("gen_ai.tool.name", "execute"), ("unit", "s")],
            factory: factory)
        timer.recordNanoseconds(30_000_000)
        timer.recordNanoseconds(2_000_000_000)
        Counter(label: "hbc.guardrail.denials", dimensions: [("hbc.guardrail.policy", "cap")], factory: factory)
            .increment()
        let text = registry.emitToString()
        #expect(text.contains("# TYPE mcp_server_operation_duration_seconds histogram"))
        let series = text.split(separator: "\n").filter {
            $0.contains(#"gen_ai_tool_name="execute""#) && $0.contains(#"mcp_method_name="tools/call""#)
        }
        #expect(series.contains { $0.hasPrefix("mcp_server_operation_duration_seconds_count") && $0.hasSuffix(" 2") })
        #expect(series.contains { $0.contains(#"le="0.05""#) && $0.hasSuffix(" 1") })
        #expect(series.contains { $0.contains(#"le="2.5""#) && $0.hasSuffix(" 2") })
        #expect(!text.contains("unit="))
        #expect(text.contains(#"hbc_guardrail_denials{hbc_guardrail_policy="cap"} 1"#))
    }
}
