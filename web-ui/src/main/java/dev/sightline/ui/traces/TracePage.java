package dev.sightline.ui.traces;

import dev.sightline.query.traces.analysis.TraceAnalysis;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.CorrelationReader;
import dev.sightline.store.read.LogReader;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.Trace;
import dev.sightline.store.read.TraceReader;
import dev.sightline.ui.web.Format;
import dev.sightline.ui.web.PageException;
import dev.sightline.ui.web.UiParams;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One trace: a header saying what it was and what was odd about it, the waterfall with the critical path and the
 * span that ate the time marked, each bar coloured against its operation's usual p95, the trace's logs in time
 * order, and the request ID that joins it to everything else. The trace and its logs are read, and analysed, as
 * {@code GET /api/traces/{id}} does; span details are that endpoint's JSON, fetched by the page's script on the
 * first click, so a 10,000-span page carries one line of HTML per span and not every attribute of every span.
 */
@Path("/traces/{traceId}")
@Produces(MediaType.TEXT_HTML)
public class TracePage {
    /** Logs shown inline; the rest are one click away in the logs explorer. */
    static final int LOG_LIMIT = 500;

    @CheckedTemplate(basePath = "traces")
    static class Templates {
        static native TemplateInstance trace(TraceView view);
    }

    /** The facts of the header: the root span's service and name, when, how long, how big, how many failed. */
    public record TraceHeader(String rootService, String rootName, long startEpochNanos, long durationNanos,
                              long spanCount, List<String> services, int errorCount, long criticalPathNanos) {
    }

    /**
     * What the trace page shows.
     *
     * @param logs           the first {@link #LOG_LIMIT} logs of the trace, oldest first
     * @param logCount       how many logs the trace has in all
     * @param correlationIds request IDs the trace's spans and logs carry
     * @param spanIds        IDs of the spans in the waterfall, so a log links to its span's row only if it is there
     */
    public record TraceView(String traceId, TraceHeader header, Waterfall waterfall, List<String> warnings,
                            List<LogLine> logs, long logCount, List<String> correlationIds, Set<String> spanIds) {
        public boolean hasSpan(String spanId) {
            return spanId != null && spanIds.contains(spanId);
        }

        /** A log's time from the trace's start: "+12.0 ms", or "−3.00 ms" for a log before the first span. */
        public String offset(LogLine line) {
            long d = line.epochNanos() - waterfall.startEpochNanos();
            return (d < 0 ? "−" : "+") + Format.nanos(Math.abs(d));
        }

        public boolean moreLogs() {
            return logCount > logs.size();
        }
    }

    private final TraceReader traces;
    private final LogReader logs;
    private final RollupReader rollups;
    private final CorrelationReader correlations;
    private final Clock clock;

    public TracePage(TraceReader traces, LogReader logs, RollupReader rollups, CorrelationReader correlations,
                     Clock clock) {
        this.traces = traces;
        this.logs = logs;
        this.rollups = rollups;
        this.correlations = correlations;
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance trace(@PathParam("traceId") String traceIdHex) {
        TraceId id = UiParams.traceId("traceId", traceIdHex);
        Optional<Trace> trace = traces.findTrace(id);
        if (trace.isEmpty() || trace.get().spans().isEmpty()) {
            throw PageException.notFound("No trace " + id.toHex() + " is stored: it may not have arrived yet, or "
                    + "it is older than the retention period.");
        }
        List<Scoped<Span>> spans = trace.get().spans();
        TraceAnalysis analysis = TraceAnalysis.of(spans);
        List<Scoped<LogRecord>> traceLogs = logs.logsOfTrace(id);

        Map<String, Integer> spansPerService = new HashMap<>();
        long end = Long.MIN_VALUE;
        int errors = 0;
        for (Scoped<Span> s : spans) {
            spansPerService.merge(s.resource().serviceName(), 1, Integer::sum);
            end = Math.max(end, s.item().endEpochNanos());
            if (s.item().isError()) {
                errors++;
            }
        }
        List<String> busiestFirst = spansPerService.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        UsualLatency usual = UsualLatency.read(rollups, busiestFirst, Math.min(end, clock.millis() * 1_000_000L));
        List<String> services = List.copyOf(new TreeSet<>(spansPerService.keySet()));
        Waterfall waterfall = Waterfall.of(spans, analysis, usual);
        Scoped<Span> root = root(spans, analysis);
        TraceHeader header = new TraceHeader(root.resource().serviceName(), root.item().name(),
                waterfall.startEpochNanos(), waterfall.durationNanos(), spans.size(), services, errors,
                analysis.criticalPathNanos());

        List<Span> inDisplayOrder = new ArrayList<>(spans.size());
        Set<String> spanIds = new HashSet<>();
        analysis.inDisplayOrder().forEach(t -> inDisplayOrder.add(spans.get(t.index()).item()));
        waterfall.rows().forEach(r -> spanIds.add(r.spanId()));
        List<String> ids = CorrelationIds.of(correlations.correlationKeys(), inDisplayOrder, traceLogs);
        List<LogLine> lines = traceLogs.stream().limit(LOG_LIMIT).map(LogLine::of).toList();
        return Templates.trace(new TraceView(id.toHex(), header, waterfall, analysis.warnings(), lines,
                traceLogs.size(), ids, spanIds));
    }

    /** The first span without a parent in display order (the earliest root), else the first span shown. */
    private static Scoped<Span> root(List<Scoped<Span>> spans, TraceAnalysis analysis) {
        for (var t : analysis.inDisplayOrder()) {
            if (spans.get(t.index()).item().isRoot()) {
                return spans.get(t.index());
            }
        }
        return spans.get(analysis.inDisplayOrder().get(0).index());
    }
}
