"""An OTLP/HTTP receiver on loopback for the telemetry tests: accepts `POST /v1/traces` and `POST /v1/metrics` with
protobuf bodies (gzip or not), decodes them with the OpenTelemetry protobuf definitions (PyPI `opentelemetry-proto`)
and keeps the spans and metric names it got."""

import gzip
import threading
import time

from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest, ExportMetricsServiceResponse)
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest, ExportTraceServiceResponse)

from loopback import LoopbackServer, QuietHandler


def attributes(pairs):
    """OTLP key-value pairs as a dict of plain Python values."""
    values = {}
    for pair in pairs:
        kind = pair.value.WhichOneof("value")
        values[pair.key] = getattr(pair.value, kind) if kind else None
    return values


class Span:
    """One received span with hex ids and plain attributes."""

    def __init__(self, span, resource):
        self.name = span.name
        self.kind = span.kind
        self.trace_id = span.trace_id.hex()
        self.span_id = span.span_id.hex()
        self.parent_span_id = span.parent_span_id.hex()
        self.attributes = attributes(span.attributes)
        self.status_code = span.status.code
        self.resource = resource

    def __repr__(self):
        return f"Span({self.name!r}, parent={self.parent_span_id}, {self.attributes})"


class OTLPReceiver(LoopbackServer):
    def __init__(self):
        self.spans = []
        self.metric_names = set()
        self.content_types = set()
        self.lock = threading.Lock()
        super().__init__(self._handler())

    def _handler(self):
        receiver = self

        class Handler(QuietHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                with receiver.lock:
                    receiver.content_types.add(self.headers.get("Content-Type"))
                if self.path == "/v1/traces":
                    request = ExportTraceServiceRequest.FromString(body)
                    received = [Span(span, attributes(resource_spans.resource.attributes))
                                for resource_spans in request.resource_spans
                                for scope_spans in resource_spans.scope_spans for span in scope_spans.spans]
                    with receiver.lock:
                        receiver.spans.extend(received)
                    answer = ExportTraceServiceResponse()
                elif self.path == "/v1/metrics":
                    request = ExportMetricsServiceRequest.FromString(body)
                    names = {metric.name for resource_metrics in request.resource_metrics
                             for scope_metrics in resource_metrics.scope_metrics for metric in scope_metrics.metrics}
                    with receiver.lock:
                        receiver.metric_names |= names
                    answer = ExportMetricsServiceResponse()
                else:
                    return self.send_body(404, b"", "text/plain")
                self.send_body(200, answer.SerializeToString(), "application/x-protobuf")

        return Handler

    def wait_for_spans(self, trace_id, names, timeout=15):
        """The spans of `trace_id` once every name in `names` arrived (fails after `timeout` seconds)."""
        deadline = time.time() + timeout
        while True:
            with self.lock:
                spans = [span for span in self.spans if span.trace_id == trace_id]
            if set(names) <= {span.name for span in spans}:
                return spans
            if time.time() > deadline:
                raise AssertionError(f"spans {sorted(set(names) - {s.name for s in spans})} never arrived; got {spans}")
            time.sleep(0.05)

    def wait_for_metrics(self, names, timeout=15):
        deadline = time.time() + timeout
        while True:
            with self.lock:
                if set(names) <= self.metric_names:
                    return
            if time.time() > deadline:
                raise AssertionError(f"metrics {set(names) - self.metric_names} never arrived")
            time.sleep(0.05)
