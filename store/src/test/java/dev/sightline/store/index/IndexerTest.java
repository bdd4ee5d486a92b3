package dev.sightline.store.index;

import dev.sightline.store.model.Signal;
import dev.sightline.store.wal.RecordPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class IndexerTest {

    @TempDir
    Path dir;

    IndexStore store;
    Indexer indexer;

    @AfterEach
    void close() {
        if (indexer != null) {
            indexer.close();
        }
        if (store != null) {
            store.close();
        }
    }

    static IndexedRecord record(long offset) {
        return IndexStoreTest.spans(RecordPosition.of(1, offset), 1000, "cart", IndexStoreTest.A);
    }

    @Test
    void liveRecordsWaitForTheStartUpAndAwaitIndexedWaitsForThem() throws Exception {
        store = IndexStore.open(dir, IndexStoreTest.OPTIONS);
        CountDownLatch startUpMayFinish = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        indexer = new Indexer(store, 16, ix -> {
            ix.applyDirect(List.of(record(24)));
            order.add("replayed");
            startUpMayFinish.await(10, TimeUnit.SECONDS);
        });
        indexer.start();
        indexer.enqueue(List.of(record(100), record(200)));
        assertThat(indexer.lag(Signal.TRACES)).isEqualTo(2);
        assertThat(indexer.awaitIndexed(Map.of(), Duration.ofMillis(50))).isFalse();
        assertThat(indexer.isStarted()).isFalse();

        startUpMayFinish.countDown();
        assertThat(indexer.awaitIndexed(Map.of(Signal.TRACES, RecordPosition.of(1, 200)), Duration.ofSeconds(30)))
                .isTrue();
        assertThat(indexer.lag(Signal.TRACES)).isZero();
        assertThat(indexer.indexedPosition(Signal.TRACES)).isEqualTo(RecordPosition.of(1, 200));
        assertThat(store.tracePositions(IndexStoreTest.A, Signal.TRACES))
                .containsExactly(RecordPosition.of(1, 24), RecordPosition.of(1, 100), RecordPosition.of(1, 200));
        assertThat(order).containsExactly("replayed");
    }

    @Test
    void aTaskRunsAfterEveryRecordHandedOverBeforeIt() throws Exception {
        store = IndexStore.open(dir, IndexStoreTest.OPTIONS);
        indexer = new Indexer(store, 16, ix -> { });
        indexer.start();
        indexer.enqueue(List.of(record(100), record(200)));
        List<Long> seen = indexer.submit(() -> store.tracePositions(IndexStoreTest.A, Signal.TRACES))
                .get(30, TimeUnit.SECONDS);
        assertThat(seen).hasSize(2);
    }

    @Test
    void aFailedStartUpIndexesNoLiveRecordAndLeavesTheCheckpointAlone() throws Exception {
        store = IndexStore.open(dir, IndexStoreTest.OPTIONS);
        indexer = new Indexer(store, 16, ix -> {
            throw new IllegalStateException("replay failed");
        });
        indexer.start();
        indexer.enqueue(List.of(record(100)));
        assertThat(indexer.awaitIndexed(Map.of(Signal.TRACES, RecordPosition.of(1, 100)), Duration.ofSeconds(30)))
                .isFalse();
        assertThat(indexer.startupFailure()).hasMessage("replay failed");
        assertThat(indexer.closeAndDrain()).isFalse();
        indexer = null;
        assertThat(store.checkpoint(Signal.TRACES)).isEqualTo(RecordPosition.NONE);
        assertThat(store.tracePositions(IndexStoreTest.A, Signal.TRACES)).isEmpty();
    }
}
