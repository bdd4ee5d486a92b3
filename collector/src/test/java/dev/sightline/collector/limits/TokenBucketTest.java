package dev.sightline.collector.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void startsFullAndLetsTheBurstThrough() {
        TokenBucket bucket = new TokenBucket(1000, 2000, clock);

        assertThat(bucket.tryTake(1500)).isZero();
        assertThat(bucket.tryTake(500)).isZero();
        assertThat(bucket.tryTake(1)).isPositive();
    }

    @Test
    void refusesWithTheTimeUntilEnoughTokensAreBack() {
        TokenBucket bucket = new TokenBucket(1000, 1000, clock);
        assertThat(bucket.tryTake(1000)).isZero();

        // 250 items at 1000/s need 250 ms.
        assertThat(bucket.tryTake(250)).isEqualTo(Duration.ofMillis(250).toNanos());
        clock.advance(Duration.ofMillis(100));
        assertThat(bucket.tryTake(250)).isEqualTo(Duration.ofMillis(150).toNanos());
        clock.advance(Duration.ofMillis(150));
        assertThat(bucket.tryTake(250)).isZero();
    }

    @Test
    void aRefusalTakesNothing() {
        TokenBucket bucket = new TokenBucket(100, 100, clock);
        bucket.tryTake(60);

        assertThat(bucket.tryTake(50)).isPositive();
        assertThat(bucket.tryTake(40)).isZero();
    }

    @Test
    void refillsNoFurtherThanTheBurst() {
        TokenBucket bucket = new TokenBucket(1000, 500, clock);
        bucket.tryTake(500);
        clock.advance(Duration.ofSeconds(60));

        assertThat(bucket.tokens()).isEqualTo(500);
    }

    @Test
    void aRequestLargerThanTheBucketPassesWhenFullAndLeavesItInDebt() {
        TokenBucket bucket = new TokenBucket(1000, 500, clock);

        assertThat(bucket.tryTake(2000)).isZero();
        assertThat(bucket.tokens()).isEqualTo(-1500);
        // The debt (1500) plus one item must be earned back before anything else passes.
        assertThat(bucket.nanosUntilAvailable()).isEqualTo(Duration.ofMillis(1501).toNanos());
        clock.advance(Duration.ofMillis(1501));
        assertThat(bucket.tryTake(1)).isZero();
    }

    @Test
    void nanosUntilAvailableTakesNothing() {
        TokenBucket bucket = new TokenBucket(10, 10, clock);

        assertThat(bucket.nanosUntilAvailable()).isZero();
        assertThat(bucket.tokens()).isEqualTo(10);
    }

    @Test
    void rejectsARateOrBurstThatIsNotPositive() {
        assertThatThrownBy(() -> new TokenBucket(0, 10, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 0, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
