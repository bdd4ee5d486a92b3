package dev.sightline.store.engine;

import dev.sightline.store.StoreConfig;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.rollup.SpanRollup;
import dev.sightline.store.testing.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once through a real crash: a child JVM appends traces (spans of the current minute) for a few seconds,
 * long enough for the rollups to be written several times, and is killed with SIGKILL. After a restart the rollups
 * hold every span in the log exactly once: the database kept what it had written, the log's replay added the rest.
 */
class EmbeddedStoreRollupKillNineTest {

    static final int SPANS_PER_TRACE = 7;

    @TempDir
    Path dir;

    /** The child: appends traces until killed, printing "ACK <n>" after each acknowledgement. */
    public static void main(String[] args) throws Exception {
        EmbeddedStore store = EmbeddedStore.open(StoreConfig.defaults(Path.of(args[0])), new BinaryBatchCodec(),
                Clock.systemUTC(), EmbeddedStoreTest.SMALL_INDEX);
        for (long i = 1; ; i++) {
            store.append(ModelFixtures.spansOfTrace(new TraceId(0x5152, i), "crash", SPANS_PER_TRACE,
                    System.currentTimeMillis() * 1_000_000L)).toCompletableFuture().get();
            System.out.println("ACK " + i);
            System.out.flush();
        }
    }

    @Test
    void afterAKillNineTheRollupsHoldEverySpanOfTheLogOnce() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx256m", "-cp", classPath, getClass().getName(), dir.toString()));
        Process child = new ProcessBuilder(command).redirectError(new File(dir.toFile(), "child.err")).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            long firstAck = 0;
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged = Long.parseLong(line.substring(4));
                    firstAck = firstAck == 0 ? System.nanoTime() : firstAck;
                    if (acknowledged >= 500 && System.nanoTime() - firstAck > TimeUnit.MILLISECONDS.toNanos(3500)) {
                        break;
                    }
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no last rollup write
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("acknowledged before the kill (see child.err)").isGreaterThanOrEqualTo(500);

        try (EmbeddedStore store = EmbeddedStore.open(StoreConfig.defaults(dir), new BinaryBatchCodec(),
                Clock.systemUTC(), EmbeddedStoreTest.SMALL_INDEX)) {
            assertThat(store.awaitReady(Duration.ofSeconds(60))).isTrue();
            // The log may hold a few batches written but not yet acknowledged when the child died.
            long traces = acknowledged;
            while (store.findTrace(new TraceId(0x5152, traces + 1)).isPresent()) {
                traces++;
            }
            long requests = store.spanRollups("crash", null, Long.MIN_VALUE, Long.MAX_VALUE).stream()
                    .mapToLong(SpanRollup::requests).sum();
            assertThat(requests).isEqualTo(traces * SPANS_PER_TRACE);
            assertThat(store.stats().rollups().recreated()).as("the rollup database survived").isFalse();
            assertThat(store.stats().rollups().skippedRecords()).as("what it had written was not replayed again")
                    .isPositive();
        }
    }
}
