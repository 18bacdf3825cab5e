import Testing

@testable import TelemetryExport

@Suite struct TelemetrySettingsTests {
    @Test func offWithoutVariables() {
        #expect(TelemetrySettings(environment: [:]) == .off)
        #expect(!TelemetrySettings(environment: ["HBC_OTEL_CAPTURE_CONTENT": "true"]).capturesContent)
    }

    @Test func endpointAloneTurnsOnOTLPForBothSignals() {
        let settings = TelemetrySettings(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"])
        #expect(settings.exportsSpans)
        #expect(settings.metrics == [.otlp])
    }

    @Test func exportersNamedExplicitly() {
        let settings = TelemetrySettings(environment: [
            "OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "prometheus, otlp",
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "HBC_OTEL_CAPTURE_CONTENT": "1",
        ])
        #expect(!settings.exportsSpans)
        #expect(settings.metrics == [.prometheus, .otlp])
        #expect(settings.capturesContent)
    }

    @Test func sdkDisabledWins() {
        let settings = TelemetrySettings(environment: [
            "OTEL_SDK_DISABLED": "TRUE", "OTEL_TRACES_EXPORTER": "otlp", "OTEL_METRICS_EXPORTER": "prometheus",
        ])
        #expect(settings == .off)
    }

    @Test func unknownExporterIsReported() {
        let settings = TelemetrySettings(environment: ["OTEL_TRACES_EXPORTER": "zipkin"])
        #expect(!settings.exportsSpans)
        #expect(settings.problems.count == 1)
        #expect(settings.problems.first?.contains("OTEL_TRACES_EXPORTER") == true)
    }

    @Test func gRPCIsRefusedWithTheVariableNamed() {
        let settings = TelemetrySettings(environment: [
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc",
        ])
        #expect(settings.errors.count == 1)
        #expect(settings.errors.first?.contains("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc") == true)
        #expect(TelemetrySettings(environment: ["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"]).errors.isEmpty)
        #expect(
            TelemetrySettings(environment: [
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
            ]).errors.isEmpty)
    }
}
