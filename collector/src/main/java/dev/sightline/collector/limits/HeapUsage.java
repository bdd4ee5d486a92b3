package dev.sightline.collector.limits;

/** What the memory guard reads: the heap in use and its maximum, in bytes. */
public interface HeapUsage {
    long usedBytes();

    long maxBytes();
}
