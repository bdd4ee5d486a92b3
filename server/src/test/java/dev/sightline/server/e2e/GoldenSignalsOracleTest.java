package dev.sightline.server.e2e;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oracle test of the golden signals: spans with known durations and outcomes go in over OTLP/HTTP; the request
 * count and error ratio the API answers must be exact, and p50/p95/p99 of successful and failed requests within the
 * sketch's 1 % relative error of the exact quantiles computed here from the same durations.
 */
@QuarkusTest
class GoldenSignalsOracleTest {
    static final int SPANS = 4000;
    static final double RELATIVE_ERROR = 0.01;

    private final ApiClient api = new ApiClient(ServerPorts.api());

    record Sent(long durationNanos, boolean failed) {
    }

    static DoubleSupplier distribution(String name, Random rnd) {
        return switch (name) {
            // 1 ms .. 1 s, flat
            case "uniform" -> () -> 1e6 + rnd.nextDouble() * 999e6;
            // median ~20 ms, heavy tail into seconds
            case "lognormal" -> () -> Math.exp(Math.log(20e6) + 1.5 * rnd.nextGaussian());
            // a fast path around 5 ms and a slow one around 800 ms (e.g. cache hit / miss)
            case "bimodal" -> () -> rnd.nextDouble() < 0.8 ? 5e6 + rnd.nextGaussian() * 0.5e6
                    : 800e6 + rnd.nextGaussian() * 50e6;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"uniform", "lognormal", "bimodal"})
    void percentilesAndErrorRatioMatchTheRawData(String name) {
        String service = "oracle-" + name + "-" + UUID.randomUUID();
        Random rnd = new Random(name.hashCode());
        DoubleSupplier durations = distribution(name, rnd);
        long now = System.currentTimeMillis() * 1_000_000L;
        List<Sent> sent = new ArrayList<>();
        List<Span> batch = new ArrayList<>();
        for (int i = 0; i < SPANS; i++) {
            long duration = Math.max(1000, (long) durations.getAsDouble());
            // failures: status ERROR, or an HTTP 5xx answer on the server span; a 404 is not a failure
            int kind = rnd.nextInt(100);
            boolean statusError = kind < 5;
            int httpStatus = kind < 10 ? 503 : kind < 15 ? 404 : 200;
            long start = now - 20L * 60 * 1_000_000_000L + (long) (rnd.nextDouble() * 15 * 60 * 1e9);
            Span.Builder span = OtlpPayloads.span(OtlpPayloads.randomBytes(16), OtlpPayloads.randomBytes(8),
                            "GET /items/{id}").toBuilder()
                    .setStartTimeUnixNano(start).setEndTimeUnixNano(start + duration)
                    .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code")
                            .setValue(AnyValue.newBuilder().setIntValue(httpStatus)));
            if (statusError) {
                span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
            }
            batch.add(span.build());
            sent.add(new Sent(duration, statusError || httpStatus >= 500));
            if (batch.size() == 500) {
                post(service, batch);
                batch.clear();
            }
        }
        // a CLIENT span is not a request of this service
        batch.add(OtlpPayloads.span(OtlpPayloads.randomBytes(16), OtlpPayloads.randomBytes(8), "SELECT").toBuilder()
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT).setStartTimeUnixNano(now - 60_000_000_000L)
                .setEndTimeUnixNano(now - 59_000_000_000L).build());
        post(service, batch);

        String range = "?start=" + (now / 1_000_000 - 3_600_000) + "&end=" + (now / 1_000_000 + 60_000);
        JsonPath signals = api.await("/api/signals/" + service + range,
                r -> r.statusCode() == 200 && r.jsonPath().getLong("total.requests") >= SPANS);
        long failed = sent.stream().filter(Sent::failed).count();
        assertThat(signals.getLong("total.requests")).isEqualTo(SPANS);
        assertThat(signals.getLong("total.errors")).isEqualTo(failed);
        assertThat(signals.getDouble("total.errorRatio")).isCloseTo((double) failed / SPANS,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(signals.getList("operations")).hasSize(1);

        assertQuantiles(signals.getMap("total.latency"), sent.stream().mapToLong(Sent::durationNanos).toArray());
        assertQuantiles(signals.getMap("total.latencyOk"),
                sent.stream().filter(s -> !s.failed()).mapToLong(Sent::durationNanos).toArray());
        assertQuantiles(signals.getMap("total.latencyFailed"),
                sent.stream().filter(Sent::failed).mapToLong(Sent::durationNanos).toArray());

        // the list of all services agrees with the service's own answer
        JsonPath all = api.await("/api/signals" + range, r -> r.statusCode() == 200);
        List<Map<String, Object>> rows = all.getList("services");
        Map<String, Object> row = rows.stream().filter(m -> service.equals(m.get("service"))).findFirst()
                .orElseThrow();
        assertThat(((Number) row.get("requests")).longValue()).isEqualTo(SPANS);
    }

    private static void assertQuantiles(Map<String, Object> latency, long[] durations) {
        long[] sorted = durations.clone();
        Arrays.sort(sorted);
        assertThat(((Number) latency.get("count")).longValue()).isEqualTo(sorted.length);
        for (String key : List.of("p50Ms", "p95Ms", "p99Ms")) {
            double q = Integer.parseInt(key.substring(1, 3)) / 100.0;
            double rank = q * (sorted.length - 1);
            double low = sorted[(int) Math.floor(rank)] / 1e6;
            double high = sorted[(int) Math.ceil(rank)] / 1e6;
            double actual = ((Number) latency.get(key)).doubleValue();
            assertThat(actual).as("%s of %d values", key, sorted.length)
                    .isBetween(low * (1 - RELATIVE_ERROR), high * (1 + RELATIVE_ERROR));
        }
    }

    private static void post(String service, List<Span> spans) {
        RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf")
                .body(OtlpPayloads.traces(service, spans).toByteArray()).post("/v1/traces")
                .then().statusCode(200);
    }
}
