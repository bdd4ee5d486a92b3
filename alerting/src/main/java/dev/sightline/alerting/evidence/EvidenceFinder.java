package dev.sightline.alerting.evidence;

import dev.sightline.alerting.alert.EvidenceQuery;
import dev.sightline.alerting.alert.EvidenceTrace;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.query.AnyValues;
import dev.sightline.store.query.AttributeFilter;
import dev.sightline.store.query.LogQuery;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.query.TraceQuery;
import dev.sightline.store.read.LogSearcher;
import dev.sightline.store.read.TraceSearcher;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Finds the traces that made an alert fire, with what they logged at ERROR or above, so the person paged starts
 * from a failing request instead of a number: at most {@value #MAX_TRACES} traces of the alert's service (and
 * operation) in its window that failed or were slower than its threshold, newest first, or the exemplars its
 * metric points carried. Runs once, when an alert fires; a search that fails leaves the alert without evidence
 * rather than holding it back.
 */
public final class EvidenceFinder {
    public static final int MAX_TRACES = 5;
    static final int MAX_LOG_LINES = 3;
    static final int MAX_LOG_CHARS = 300;
    /** Logs of a trace may be stamped a little before or after its spans (clock skew, async work). */
    private static final Duration LOG_SLACK = Duration.ofMinutes(5);
    private static final int ERROR_SEVERITY = 17;
    private static final Logger LOG = Logger.getLogger(EvidenceFinder.class);

    private final TraceSearcher traces;
    private final LogSearcher logs;
    private final Function<String, String> traceUrl;

    /** @param traceUrl link to a trace by its hex ID, in the UI */
    public EvidenceFinder(TraceSearcher traces, LogSearcher logs, Function<String, String> traceUrl) {
        this.traces = traces;
        this.logs = logs;
        this.traceUrl = traceUrl;
    }

    public List<EvidenceTrace> find(EvidenceQuery q, Instant now) {
        if (q == null) {
            return List.of();
        }
        try {
            return q.exemplarTraceIds().isEmpty() ? bySearch(q, now) : byExemplars(q, now);
        } catch (RuntimeException e) {
            LOG.debugf(e, "no evidence for %s", q);
            return List.of();
        }
    }

    private List<EvidenceTrace> bySearch(EvidenceQuery q, Instant now) {
        Instant from = q.from() != null ? q.from() : now.minus(Duration.ofHours(1));
        Instant to = q.to() != null ? q.to() : now;
        TimeRange range = range(from, to);
        TraceQuery query = new TraceQuery(range, q.service(), q.operation(), AttributeFilter.NONE,
                q.minDurationNanos(), null, q.errorsOnly(), MAX_TRACES, null);
        List<EvidenceTrace> out = new ArrayList<>();
        for (TraceHit hit : traces.searchTraces(query).items()) {
            out.add(new EvidenceTrace(hit.traceId().toHex(), hit.rootService(), hit.rootName(),
                    hit.startEpochNanos(), hit.durationNanos() / 1e6, hit.errorCount() > 0,
                    errorLogs(hit.traceId(), from, to), traceUrl.apply(hit.traceId().toHex())));
        }
        return out;
    }

    private List<EvidenceTrace> byExemplars(EvidenceQuery q, Instant now) {
        List<EvidenceTrace> out = new ArrayList<>();
        Instant from = now.minus(Duration.ofHours(1));
        for (String hex : q.exemplarTraceIds()) {
            if (out.size() == MAX_TRACES) {
                break;
            }
            TraceId id;
            try {
                id = TraceId.fromHex(hex);
            } catch (IllegalArgumentException e) {
                continue;
            }
            out.add(new EvidenceTrace(hex, null, null, 0, 0, false, errorLogs(id, from, now), traceUrl.apply(hex)));
        }
        return out;
    }

    private List<String> errorLogs(TraceId traceId, Instant from, Instant to) {
        LogQuery query = new LogQuery(range(from.minus(LOG_SLACK), to.plus(LOG_SLACK)), null, ERROR_SEVERITY, null,
                AttributeFilter.NONE, traceId, null, MAX_LOG_LINES, null);
        List<String> out = new ArrayList<>();
        for (Scoped<LogRecord> s : logs.searchLogs(query).items()) {
            LogRecord r = s.item();
            String service = s.resource().serviceName();
            String body = r.body() == null ? "" : AnyValues.text(r.body());
            String line = (service != null ? service + ": " : "")
                    + (r.severityText().isEmpty() ? "" : r.severityText() + " ") + body;
            out.add(line.length() > MAX_LOG_CHARS ? line.substring(0, MAX_LOG_CHARS) + "…" : line);
        }
        return out;
    }

    private static TimeRange range(Instant from, Instant to) {
        long f = TimeRange.epochNanos(from);
        long t = TimeRange.epochNanos(to);
        return new TimeRange(f, Math.max(t, f + 1));
    }
}
