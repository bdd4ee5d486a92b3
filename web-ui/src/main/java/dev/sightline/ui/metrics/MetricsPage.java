package dev.sightline.ui.metrics;

import dev.sightline.query.metrics.LabelMatcher;
import dev.sightline.query.metrics.MetricCatalog;
import dev.sightline.query.metrics.MetricFunction;
import dev.sightline.query.metrics.MetricQuerySettings;
import dev.sightline.query.metrics.RangeQuery;
import dev.sightline.query.metrics.RangeQueryEngine;
import dev.sightline.query.metrics.RangeResult;
import dev.sightline.store.read.MetricReader;
import dev.sightline.ui.web.Format;
import dev.sightline.ui.web.PageException;
import dev.sightline.ui.web.PageQuery;
import dev.sightline.ui.web.UiParams;
import dev.sightline.ui.web.UiRange;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Pick a metric, narrow it with label matchers, choose a function, and see it over the range. The chart is the
 * metric API's range query ({@link RangeQueryEngine} with the API's limits), so the page and
 * {@code /api/metrics/query_range} always agree; histograms show p50, p95 and p99 (three queries).
 *
 * <p>Cost: the metric list describes at most {@value #MAX_LISTED} names per page (cached by {@link MetricCatalog});
 * a chart reads the selected series once per function drawn, within the engine's work budget.
 */
@Path("/metrics")
@Produces(MediaType.TEXT_HTML)
public class MetricsPage {
    static final int MAX_LISTED = 100;
    static final int MAX_DRAWN = 10;
    static final List<Double> QUANTILES = List.of(0.5, 0.95, 0.99);

    @CheckedTemplate(basePath = "metrics")
    static class Templates {
        static native TemplateInstance metrics(MetricsView view);
    }

    /** One metric of the list, with the link that selects it. */
    public record Entry(MetricCatalog.MetricInfo info, String link, boolean selected) {
    }

    /** A function the picker offers; {@code fn} empty for the type's default. */
    public record FunctionChoice(String fn, String label, boolean selected) {
    }

    /**
     * The chosen metric and what was drawn of it; {@code charts} is null when nothing is chosen.
     *
     * @param fn the function applied, as the engine resolved it
     */
    public record Chosen(MetricCatalog.MetricInfo info, String fn, String step, String window,
                         SeriesCharts charts, boolean truncated, List<String> warnings, String api) {
    }

    public record MetricsView(UiRange range, PageQuery query, String find, List<Entry> metrics, int matching,
                              int total, String name, String match, String by, List<FunctionChoice> functions,
                              Chosen chosen) {
        public int moreListed() {
            return matching - metrics.size();
        }
    }

    private final MetricReader metrics;
    private final MetricCatalog catalog;
    private final MetricQuerySettings settings;
    private final Clock clock;

    public MetricsPage(MetricReader metrics, MetricCatalog catalog, MetricQuerySettings settings, Clock clock) {
        this.metrics = metrics;
        this.catalog = catalog;
        this.settings = settings;
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance metrics(@QueryParam("range") String range, @QueryParam("start") String start,
                                    @QueryParam("end") String end, @QueryParam("find") String find,
                                    @QueryParam("name") String name, @QueryParam("match") List<String> match,
                                    @QueryParam("fn") String fn, @QueryParam("by") String by,
                                    @Context UriInfo uri) {
        UiRange r = UiRange.of(range, start, end, clock);
        String metric = MetricInputs.name(name);
        List<LabelMatcher> matchers = MetricInputs.matchers(match);
        MetricFunction function = MetricInputs.fn(fn);
        List<String> byLabels = MetricInputs.by(by);
        PageQuery query = PageQuery.of(uri);

        List<String> all = metrics.metricNames();
        String filter = UiParams.text(find);
        List<String> matching = filter == null ? all : all.stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT))).toList();
        List<String> listed = new ArrayList<>(matching.subList(0, Math.min(MAX_LISTED, matching.size())));
        if (metric != null && !listed.contains(metric) && all.contains(metric)) {
            listed.add(0, metric);
        }
        List<Entry> entries = new ArrayList<>();
        PageQuery keep = query.at("/metrics", "range", "start", "end", "find");
        MetricCatalog.MetricInfo selected = null;
        for (MetricCatalog.MetricInfo info : catalog.describe(listed, all)) {
            boolean isSelected = info.name().equals(metric);
            entries.add(new Entry(info, keep.with("name", info.name()).toString(), isSelected));
            selected = isSelected ? info : selected;
        }

        Chosen chosen = null;
        MetricKind kind = MetricKind.UNKNOWN;
        if (metric != null) {
            if (selected == null) {
                throw PageException.notFound("No metric named “" + metric + "” is stored.");
            }
            kind = MetricKind.of(selected);
            chosen = draw(selected, kind, matchers, function, byLabels, r, query);
        }
        List<FunctionChoice> functions = new ArrayList<>();
        for (MetricKind.Choice c : kind.choices()) {
            functions.add(new FunctionChoice(c.fn(), c.label(), c.fn().equals(fn == null ? "" : fn.trim())));
        }
        String matchText = match == null ? "" : match.stream().filter(m -> m != null && !m.isBlank())
                .collect(Collectors.joining(", "));
        return Templates.metrics(new MetricsView(r, query, filter, entries, matching.size(), all.size(), metric,
                matchText, by == null ? "" : by, functions, chosen));
    }

    private Chosen draw(MetricCatalog.MetricInfo info, MetricKind kind, List<LabelMatcher> matchers,
                        MetricFunction fn, List<String> by, UiRange r, PageQuery query) {
        RangeQueryEngine engine = new RangeQueryEngine(metrics, settings.limits());
        long from = r.range().fromEpochNanos();
        long to = r.range().toEpochNanos();
        long step = MetricInputs.step(to - from);
        PageQuery api = query.at("/api/metrics/query_range", "match", "fn", "by").with("name", info.name())
                .with("start", Long.toString(from / 1_000_000)).with("end", Long.toString(to / 1_000_000));
        if (kind == MetricKind.HISTOGRAM && (fn == null || fn == MetricFunction.QUANTILE)) {
            List<RangeResult> answers = UiParams.parse(() -> engine.runQuantiles(new RangeQuery(info.name(),
                    matchers, MetricFunction.QUANTILE, null, from, to, step, null, null, by), QUANTILES));
            List<String> warnings = new ArrayList<>();
            boolean truncated = false;
            for (RangeResult a : answers) {
                truncated |= a.truncated();
                a.warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
            }
            RangeResult p99 = answers.get(2);
            SeriesCharts charts = SeriesCharts.quantiles(info.name(), answers, MAX_DRAWN,
                    MetricUnits.format(info.unit(), MetricFunction.QUANTILE, false));
            return new Chosen(info, "quantile", seconds(step), p99.window() == null ? null : seconds(p99.window()),
                    charts, truncated, warnings, api.with("fn", "quantile").with("q", "0.99").toString());
        }
        if (fn == MetricFunction.QUANTILE) {
            throw PageException.badParameter("fn", "quantile applies to histograms; " + info.name() + " is a "
                    + (info.type() == null ? "metric of unknown type" : info.type()));
        }
        RangeResult a = UiParams.parse(() -> engine.run(new RangeQuery(info.name(), matchers, fn, null, from, to,
                step, null, null, by)));
        boolean counts = kind == MetricKind.HISTOGRAM || kind == MetricKind.SUMMARY;
        SeriesCharts charts = SeriesCharts.of(a.fn().wireName(), a.fn().wireName(), a, MAX_DRAWN,
                MetricUnits.format(a.unit() != null ? a.unit() : info.unit(), a.fn(), counts));
        return new Chosen(info, a.fn().wireName(), seconds(step), a.window() == null ? null : seconds(a.window()),
                charts, a.truncated(), a.warnings(), api.toString());
    }

    private static String seconds(long nanos) {
        return Format.duration(Duration.ofNanos(nanos));
    }
}
