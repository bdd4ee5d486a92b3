package dev.sightline.bench.alerting;

import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.engine.EmbeddedStore;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The span traffic of the alerting benchmark: {@code services} services with the same five operations, every
 * span a SERVER span (a service's request), a Poisson number of them per service, operation and interval around
 * {@code perMinute} a minute, start times uniform in the interval, log-normal durations around a median per
 * service and operation (8–120 ms, σ 0.55), and failures (status ERROR, HTTP 500) at a ratio per service: most
 * 0.2–0.8 %, one in ten 2–4 %. Spans are grouped into traces of five across services (a root and four children),
 * so the trace index holds a fifth as many traces as spans. Seeded: two runs make the same traffic.
 *
 * <p>{@link #append} keeps at most {@link #IN_FLIGHT} batches waiting for their durable ack and retries a batch the
 * store refuses for overload after {@link StoreOverloadedException#retryAfter()}.
 */
final class Traffic {
    static final List<String> OPERATIONS = List.of("GET /items", "GET /items/{id}", "POST /orders", "GET /search",
            "POST /login");
    /** Operations without a per-operation SLO: failure bursts go there, so they trip rules but no SLO page. */
    static final List<Integer> BURST_OPERATIONS = List.of(3, 4);
    static final int SPANS_PER_TRACE = 5;
    static final int IN_FLIGHT = 8;
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final double SIGMA = 0.55;
    private static final InstrumentationScope SCOPE = new InstrumentationScope("dev.sightline.bench.alerting", "1.0",
            List.of(), 0, "");
    private static final List<Attribute> OK = List.of(new Attribute("http.response.status_code",
            new AnyValue.IntValue(200)));
    private static final List<Attribute> FAILED = List.of(new Attribute("http.response.status_code",
            new AnyValue.IntValue(500)));
    private static final SpanStatus ERROR = new SpanStatus(SpanStatus.Code.ERROR, "internal error");

    private final int services;
    private final double perMinute;
    private final double[] errorRatio;
    private final double[][] medianNanos;
    private final Resource[] resources;
    private final SplittableRandom random;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong spansAcked = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    Traffic(int services, double perMinute, long seed) {
        this.services = services;
        this.perMinute = perMinute;
        this.random = new SplittableRandom(seed);
        this.errorRatio = new double[services];
        this.medianNanos = new double[services][OPERATIONS.size()];
        this.resources = new Resource[services];
        for (int s = 0; s < services; s++) {
            errorRatio[s] = random.nextDouble() < 0.1 ? 0.02 + 0.02 * random.nextDouble()
                    : 0.002 + 0.006 * random.nextDouble();
            for (int o = 0; o < OPERATIONS.size(); o++) {
                medianNanos[s][o] = Math.exp(Math.log(8) + random.nextDouble() * (Math.log(120) - Math.log(8))) * 1e6;
            }
            resources[s] = new Resource(List.of(Attribute.of(Resource.SERVICE_NAME, service(s)),
                    Attribute.of("deployment.environment", "bench")), 0, "");
        }
    }

    static String service(int s) {
        return String.format("svc-%03d", s);
    }

    int services() {
        return services;
    }

    double errorRatio(int service) {
        return errorRatio[service];
    }

    long spansAcked() {
        return spansAcked.get();
    }

    long refusals() {
        return refusals.get();
    }

    /** The traffic of every service and operation that started in [fromNanos, toNanos). */
    synchronized SpanBatch interval(long fromNanos, long toNanos) {
        double mean = perMinute * (toNanos - fromNanos) / (double) NANOS_PER_MINUTE;
        List<int[]> slots = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            for (int o = 0; o < OPERATIONS.size(); o++) {
                int n = poisson(mean);
                for (int i = 0; i < n; i++) {
                    slots.add(new int[] {s, o});
                }
            }
        }
        Collections.shuffle(slots, new java.util.Random(random.nextLong()));
        Map<Integer, List<Span>> byService = new LinkedHashMap<>();
        TraceId trace = null;
        SpanId root = null;
        for (int i = 0; i < slots.size(); i++) {
            int s = slots.get(i)[0];
            int o = slots.get(i)[1];
            long id = nextId.getAndIncrement();
            if (i % SPANS_PER_TRACE == 0) {
                trace = new TraceId(0xa1e27L, id);
                root = new SpanId(id);
            }
            long start = fromNanos + (long) (random.nextDouble() * (toNanos - fromNanos));
            boolean failed = random.nextDouble() < errorRatio[s];
            byService.computeIfAbsent(s, k -> new ArrayList<>()).add(span(trace, new SpanId(id),
                    i % SPANS_PER_TRACE == 0 ? null : root, s, o, start, failed));
        }
        return batch(byService);
    }

    /**
     * {@code n} failed requests of one service, spread over {@link #BURST_OPERATIONS}, each its own trace, that
     * started in the last {@code spreadNanos} before {@code endNanos}.
     */
    synchronized SpanBatch burst(int service, int n, long endNanos, long spreadNanos) {
        List<Span> spans = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long id = nextId.getAndIncrement();
            int o = BURST_OPERATIONS.get(i % BURST_OPERATIONS.size());
            long start = endNanos - 1 - (long) (random.nextDouble() * spreadNanos);
            spans.add(span(new TraceId(0xb0257L, id), new SpanId(id), null, service, o, start, true));
        }
        return batch(Map.of(service, spans));
    }

    private Span span(TraceId trace, SpanId id, SpanId parent, int s, int o, long start, boolean failed) {
        long duration = (long) (medianNanos[s][o] * Math.exp(SIGMA * gaussian()));
        return new Span(trace, id, "", parent, 1, OPERATIONS.get(o), SpanKind.SERVER, start, start + duration,
                failed ? FAILED : OK, 0, List.of(), 0, List.of(), 0, failed ? ERROR : SpanStatus.UNSET);
    }

    private SpanBatch batch(Map<Integer, List<Span>> byService) {
        List<ResourceGroup<Span>> groups = new ArrayList<>(byService.size());
        byService.forEach((s, spans) -> groups.add(new ResourceGroup<>(resources[s],
                List.of(new ScopeGroup<>(SCOPE, spans)))));
        return new SpanBatch(groups);
    }

    /**
     * Appends without waiting for the ack (at most {@link #IN_FLIGHT} outstanding); {@link #drain} waits for all.
     * Refusals for overload are retried.
     */
    void append(EmbeddedStore store, SpanBatch batch) throws InterruptedException {
        checkFailure();
        if (batch.isEmpty()) {
            return;
        }
        inFlight.acquire();
        CompletableFuture<Void> ack;
        while (true) {
            try {
                ack = store.append(batch).toCompletableFuture();
                break;
            } catch (StoreOverloadedException e) {
                refusals.incrementAndGet();
                Thread.sleep(Math.max(5, Math.min(1000, e.retryAfter().toMillis() / 10)));
            } catch (RuntimeException e) {
                inFlight.release();
                throw e;
            }
        }
        long count = spanCount(batch);
        ack.whenComplete((v, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                spansAcked.addAndGet(count);
            }
            inFlight.release();
        });
    }

    /** Waits until every appended batch is acknowledged. */
    void drain() throws InterruptedException {
        if (!inFlight.tryAcquire(IN_FLIGHT, 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("appends not acknowledged within 120 s");
        }
        inFlight.release(IN_FLIGHT);
        checkFailure();
    }

    private void checkFailure() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("an append failed: " + t, t);
        }
    }

    static long spanCount(SpanBatch batch) {
        return batch.itemCount();
    }

    private int poisson(double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = random.nextDouble();
        while (p > l) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }

    private double gaussian() {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
