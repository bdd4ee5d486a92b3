package dev.sightline.collector.otlp;

import static dev.sightline.collector.otlp.OtlpRequests.kv;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.sightline.collector.otlp.OtlpDecoder.Encoding;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A rough one-thread timing of protobuf parse + map for 512-span batches with 10 attributes per span. Not a
 * benchmark and asserts nothing about speed: run it by hand with {@code -Dsightline.bench=true}.
 */
@EnabledIfSystemProperty(named = "sightline.bench", matches = "true")
class OtlpThroughputCheck {

    static byte[] batch512x10() {
        Random random = new Random(1);
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        byte[] trace = new byte[16];
        byte[] id = new byte[8];
        for (int i = 0; i < 512; i++) {
            random.nextBytes(trace);
            random.nextBytes(id);
            Span.Builder span = Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(trace))
                    .setSpanId(ByteString.copyFrom(id))
                    .setParentSpanId(ByteString.copyFrom(new byte[]{1, 2, 3, 4, 5, 6, 7, (byte) i}))
                    .setName("GET /api/v1/orders/{id}")
                    .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(1_700_000_000_000_000_000L + i * 1_000_000L)
                    .setEndTimeUnixNano(1_700_000_000_000_000_000L + i * 1_000_000L + 12_345_678L)
                    .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
            span.addAttributes(kv("http.request.method", "GET"));
            span.addAttributes(kv("http.route", "/api/v1/orders/{id}"));
            span.addAttributes(kv("url.path", "/api/v1/orders/" + (100_000 + i)));
            span.addAttributes(kv("url.scheme", "https"));
            span.addAttributes(kv("server.address", "orders.internal.example.com"));
            span.addAttributes(kv("server.port", AnyValue.newBuilder().setIntValue(8443).build()));
            span.addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(200).build()));
            span.addAttributes(kv("network.protocol.version", "1.1"));
            span.addAttributes(kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Sightline/1.0"));
            span.addAttributes(kv("thread.name", "executor-thread-" + (i % 16)));
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                .addAttributes(kv("service.name", "orders"))
                                .addAttributes(kv("service.version", "1.4.2"))
                                .addAttributes(kv("host.name", "node-17")))
                        .addScopeSpans(scope.setScope(io.opentelemetry.proto.common.v1.InstrumentationScope
                                .newBuilder().setName("io.opentelemetry.jetty-12").setVersion("2.10.0"))))
                .build().toByteArray();
    }

    @Test
    void timesProtobufParseAndMapOnOneThread() {
        OtlpDecoder decoder = new OtlpDecoder();
        OtlpMapper mapper = new OtlpMapper();
        byte[] body = batch512x10();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        long sink = 0;
        long warmUpEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            sink += mapper.map(decoder.parseTraces(body, Encoding.PROTOBUF)).batch().itemCount();
        }
        for (int run = 0; run < 3; run++) {
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            int batches = 0;
            while (System.nanoTime() - start < 3_000_000_000L) {
                sink += mapper.map(decoder.parseTraces(body, Encoding.PROTOBUF)).batch().itemCount();
                batches++;
            }
            long wall = System.nanoTime() - start;
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            long spans = batches * 512L;
            System.out.printf("run %d: %,d B/batch, %,.0f spans/s wall, %,.0f spans per CPU-second, "
                    + "%,d B allocated per span%n",
                    run, body.length, spans * 1e9 / wall, spans * 1e9 / cpu, allocated / spans);
        }
        assertThat(sink).isPositive();
    }
}
