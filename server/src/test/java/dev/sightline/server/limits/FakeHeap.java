package dev.sightline.server.limits;

import dev.sightline.collector.limits.HeapUsage;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A heap of 1,000 bytes whose use a test sets: the memory guard reads this instead of the JVM's, in the test
 * profiles that enable it.
 */
@Alternative
@Singleton
public class FakeHeap implements HeapUsage {
    private final AtomicLong used = new AtomicLong();

    public void use(long bytes) {
        used.set(bytes);
    }

    @Override
    public long usedBytes() {
        return used.get();
    }

    @Override
    public long maxBytes() {
        return 1000;
    }
}
