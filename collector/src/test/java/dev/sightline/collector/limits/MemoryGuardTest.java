package dev.sightline.collector.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryGuardTest {

    private final AtomicLong used = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();
    private final HeapUsage heap = new HeapUsage() {
        @Override
        public long usedBytes() {
            return used.get();
        }

        @Override
        public long maxBytes() {
            return 1000;
        }
    };
    private final MemoryGuard guard = new MemoryGuard(heap, 75, 90, collections::incrementAndGet);

    @Test
    void refusesNothingBelowTheSoftLimit() {
        used.set(749);
        guard.sample();

        assertThat(guard.level()).isEqualTo(MemoryGuard.Level.NORMAL);
        assertThat(guard.refusesIngest()).isFalse();
        assertThat(guard.refusesQueries()).isFalse();
        assertThat(guard.usedRatio()).isEqualTo(0.749);
    }

    @Test
    void refusesIngestFromTheSoftLimitAndQueriesFromTheHardLimit() {
        used.set(750);
        guard.sample();
        assertThat(guard.level()).isEqualTo(MemoryGuard.Level.SOFT);
        assertThat(guard.refusesIngest()).isTrue();
        assertThat(guard.refusesQueries()).isFalse();

        used.set(900);
        guard.sample();
        assertThat(guard.level()).isEqualTo(MemoryGuard.Level.HARD);
        assertThat(guard.refusesQueries()).isTrue();
    }

    @Test
    void recoversWhenTheHeapIsFreed() {
        used.set(950);
        guard.sample();
        used.set(300);
        guard.sample();

        assertThat(guard.level()).isEqualTo(MemoryGuard.Level.NORMAL);
        assertThat(guard.refusesIngest()).isFalse();
    }

    @Test
    void changesOnlyWhenSampled() {
        used.set(999);

        assertThat(guard.refusesIngest()).isFalse();
        guard.sample();
        assertThat(guard.refusesIngest()).isTrue();
    }

    @Test
    void aFigureOverTheSoftLimitIsCheckedByACollectionBeforeAnythingIsRefused() {
        Runnable collectFindsOnlyGarbage = () -> {
            collections.incrementAndGet();
            used.set(200);
        };
        MemoryGuard checking = new MemoryGuard(heap, 75, 90, collectFindsOnlyGarbage);
        used.set(900);

        checking.sample();

        assertThat(collections).hasValue(1);
        assertThat(checking.refusesIngest()).isFalse();
        assertThat(checking.usedRatio()).isEqualTo(0.2);
    }

    @Test
    void asksForAtMostOneCollectionPerTenSamplesWhileReallyOverTheLimit() {
        used.set(800);
        for (int i = 0; i < 3 * MemoryGuard.SAMPLES_BETWEEN_COLLECTIONS; i++) {
            guard.sample();
            assertThat(guard.refusesIngest()).isTrue();
        }

        assertThat(collections).hasValue(3);
    }

    @Test
    void asksForNoCollectionUnderTheSoftLimit() {
        used.set(700);
        for (int i = 0; i < 3 * MemoryGuard.SAMPLES_BETWEEN_COLLECTIONS; i++) {
            guard.sample();
        }

        assertThat(collections).hasValue(0);
    }

    @Test
    void aHardLimitOfZeroNeverRefusesQueries() {
        MemoryGuard softOnly = new MemoryGuard(heap, 75, 0, () -> { });
        used.set(1000);
        softOnly.sample();

        assertThat(softOnly.refusesIngest()).isTrue();
        assertThat(softOnly.refusesQueries()).isFalse();
    }

    @Test
    void rejectsLimitsOutOfOrder() {
        assertThatThrownBy(() -> new MemoryGuard(heap, 90, 80, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryGuard(heap, 0, 90, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRealHeapAfterGcReadsSomethingPlausible() {
        try (HeapAfterGc real = new HeapAfterGc()) {
            assertThat(real.usedBytes()).isPositive().isLessThanOrEqualTo(real.maxBytes());
        }
    }
}
