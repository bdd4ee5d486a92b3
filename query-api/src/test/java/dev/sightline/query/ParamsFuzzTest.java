package dev.sightline.query;

import static dev.sightline.query.ParameterContract.parsesOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sightline.store.query.TimeRange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Fuzz target for the parameters every endpoint shares: times, ranges, durations, limits and trace IDs. The
 * contract: a value parses into something within the documented bounds, or is refused with a
 * {@code BadParameterException} naming the parameter; nothing else escapes. The input is one or two values
 * separated by a newline ({@code start} and {@code end} of a range). Replays {@code ParamsFuzzTestInputs/}.
 */
class ParamsFuzzTest {

    private static final long NOW = 1_790_000_000_000_000_000L;
    private static final Duration LOOKBACK = Duration.ofHours(1);
    private static final Duration MAX_RANGE = Duration.ofDays(32);

    @FuzzTest(maxDuration = "2m")
    void timeParameters(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline);
        String second = newline < 0 ? null : text.substring(newline + 1);

        parsesOrRefuses("start", () -> Params.epochNanos("start", first));
        parsesOrRefuses("step", () -> Params.duration("step", first, TimeUnit.SECONDS));
        parsesOrRefuses("minDuration", () -> Params.duration("minDuration", first, TimeUnit.MILLISECONDS));
        parsesOrRefuses("limit", () -> Params.limit("limit", first, 20, 1000));
        parsesOrRefuses("traceId", () -> Params.traceId("traceId", first));
        TimeRange range = parsesOrRefuses("start|end",
                () -> Params.timeRange("start", first, "end", second, NOW, LOOKBACK, MAX_RANGE));
        if (range != null) {
            assertThat(range.toEpochNanos()).isGreaterThanOrEqualTo(range.fromEpochNanos());
            assertThat(Math.subtractExact(range.toEpochNanos(), range.fromEpochNanos()))
                    .as("range length").isLessThanOrEqualTo(MAX_RANGE.toNanos());
        }
        Integer limit = parsesOrRefuses("limit", () -> Params.limit("limit", first, 20, 1000));
        if (limit != null) {
            assertThat(limit).isBetween(1, 1000);
        }
    }
}
