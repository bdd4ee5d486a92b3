package dev.sightline.store.engine;

import dev.sightline.store.StoreConfig;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.model.TraceId;
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
 * The durability promise end to end: a child JVM appends and prints each trace ID once its append is acknowledged;
 * the test kills it with SIGKILL mid-stream, reopens the store and finds every acknowledged trace, each span once.
 */
class KillNineTest {

    static final int SPANS_PER_TRACE = 7;

    @TempDir
    Path dir;

    /** The child: appends traces until killed, printing "ACK <hex>" after each acknowledgement. */
    public static void main(String[] args) throws Exception {
        EmbeddedStore store = EmbeddedStore.open(StoreConfig.defaults(Path.of(args[0])), new BinaryBatchCodec(),
                Clock.systemUTC(), EmbeddedStoreTest.SMALL_INDEX);
        for (long i = 1; ; i++) {
            TraceId id = new TraceId(0x5151, i);
            store.append(ModelFixtures.spansOfTrace(id, "crash", SPANS_PER_TRACE, ModelFixtures.BASE_EPOCH_NANOS))
                    .toCompletableFuture().get();
            System.out.println("ACK " + id.toHex());
            System.out.flush();
        }
    }

    @Test
    void everyBatchAcknowledgedBeforeAKillNineIsFoundOnceAfterARestart() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx256m", "-cp", classPath, KillNineTest.class.getName(), dir.toString()));
        Process child = new ProcessBuilder(command).redirectError(new File(dir.toFile(), "child.err")).start();
        List<TraceId> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 300 && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(TraceId.fromHex(line.substring(4)));
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("acknowledged before the kill (see child.err)").hasSize(300);

        try (EmbeddedStore store = EmbeddedStore.open(StoreConfig.defaults(dir), new BinaryBatchCodec(),
                Clock.systemUTC(), EmbeddedStoreTest.SMALL_INDEX)) {
            assertThat(store.awaitReady(Duration.ofSeconds(60))).isTrue();
            assertThat(store.stats().hotMapsRebuilt()).isTrue();
            for (TraceId id : acknowledged) {
                assertThat(store.findTrace(id)).as("trace %s", id)
                        .hasValueSatisfying(t -> assertThat(t.spans()).hasSize(SPANS_PER_TRACE));
            }
        }
    }
}
