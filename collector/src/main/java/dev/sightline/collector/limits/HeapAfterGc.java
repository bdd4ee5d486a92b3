package dev.sightline.collector.limits;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The heap in use right after the most recent garbage collection of any kind, from the collectors' notifications.
 * Not the pools' {@code getCollectionUsage()}: with G1 on JDK 17 the old generation's collection usage is updated
 * only by old collections, so after young collections it reads 0 while the old generation holds most of the live
 * data (seen here: 41 MB held, old-gen collection usage 0). A notification carries every pool's usage after the
 * collection, young ones included. Before the first collection, the heap in use now.
 */
public final class HeapAfterGc implements HeapUsage, AutoCloseable {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private volatile long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

    public HeapAfterGc() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /**
     * Runs a full collection ({@link System#gc}) and takes the heap in use right after it: the live data, at once,
     * without waiting for the collector's notification. Does nothing useful under {@code -XX:+DisableExplicitGC}.
     */
    public void collectNow() {
        System.gc();
        used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public long usedBytes() {
        return used;
    }

    @Override
    public long maxBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long sum = 0;
        for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                MemoryUsage usage = pool.getValue();
                sum += usage.getUsed();
            }
        }
        used = sum;
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone: nothing to undo
            }
        }
    }
}
