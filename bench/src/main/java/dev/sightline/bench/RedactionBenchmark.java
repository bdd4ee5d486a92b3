package dev.sightline.bench;

import dev.sightline.collector.redaction.RedactionCounter;
import dev.sightline.collector.redaction.RedactionSettings;
import dev.sightline.collector.redaction.Redactor;
import dev.sightline.store.model.Signal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The redactor alone on one text and one key: what each string value and attribute key costs on the ingest path
 * ({@code IngestPathBenchmark.b_*ParseMapRedact} has it inside a whole request).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@State(Scope.Thread)
public class RedactionBenchmark {

    @Param({"plain", "url", "secrets"})
    public String text;

    private final Redactor redactor = new Redactor(RedactionSettings.DEFAULTS, RedactionCounter.NONE);
    private String value;

    @Setup
    public void setUp() {
        value = switch (text) {
            // 118 characters, numbers and key=value pairs, nothing to mask: the common case.
            case "plain" -> "Shipping quote computed for order 88123412 in 42 ms, carrier=dhl region=eu-west-1 "
                    + "status=200 at 2026-11-30T08:00:00Z";
            case "url" -> "https://shop.example/api/v1/checkout?cart=8812&access_token=abc123def456&page=2";
            case "secrets" -> "auth Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghij card "
                    + "4111 1111 1111 1111 key AKIAIOSFODNN7EXAMPLE";
            default -> throw new IllegalArgumentException(text);
        };
    }

    @Benchmark
    public String text() {
        return redactor.text(Signal.LOGS, value);
    }

    @Benchmark
    public boolean key() {
        return redactor.isSensitiveKey("http.request.header.x-api-key");
    }
}
