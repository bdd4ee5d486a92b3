package dev.sightline.collector.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryGuardTest {

    private final AtomicLong used = new AtomicLong();
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
    private final MemoryGuard guard = new MemoryGuard(heap, 75, 90);

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
    void aHardLimitOfZeroNeverRefusesQueries() {
        MemoryGuard softOnly = new MemoryGuard(heap, 75, 0);
        used.set(1000);
        softOnly.sample();

        assertThat(softOnly.refusesIngest()).isTrue();
        assertThat(softOnly.refusesQueries()).isFalse();
    }

    @Test
    void rejectsLimitsOutOfOrder() {
        assertThatThrownBy(() -> new MemoryGuard(heap, 90, 80))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryGuard(heap, 0, 90))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRealHeapAfterGcReadsSomethingPlausible() {
        try (HeapAfterGc real = new HeapAfterGc()) {
            assertThat(real.usedBytes()).isPositive().isLessThanOrEqualTo(real.maxBytes());
        }
    }
}
