package dev.sightline.bench.ui;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Times one page: after a probe (a page that answers 404 is reported missing, any other non-200 as failing, and
 * neither is measured), warm-up requests and then measured ones, one at a time, each from sending the request to
 * the last byte of the body over loopback. The server's own time for the same requests comes from its Micrometer
 * timer ({@link ServerMetrics}), read before and after the measured ones.
 */
final class PageTimer {
    /** A page to time; {@code path} gives the i-th request's path and query. */
    record Page(String name, String what, IntFunction<String> path) {
    }

    /**
     * @param outcome "measured", "missing (404)" (no such page in this build) or "HTTP nnn" (the page answered
     *                with an error, a 404 included)
     * @param errors  measured requests that did not answer 200 (their time is not in the figures)
     */
    record Result(Page page, String outcome, int n, double p50, double p90, double p99, double max, double avgBytes,
                  long errors, String firstError, ServerMetrics.Busiest server) {
        boolean measured() {
            return outcome.equals("measured") && n > 0;
        }
    }

    private final HttpClient client;
    private final String api;
    private final ServerMetrics metrics;
    private final int requests;
    private final int warmup;
    private final long maxSeconds;

    PageTimer(HttpClient client, String api, ServerMetrics metrics, int requests, int warmup, long maxSeconds) {
        this.client = client;
        this.api = api;
        this.metrics = metrics;
        this.requests = requests;
        this.warmup = warmup;
        this.maxSeconds = maxSeconds;
    }

    Result run(Page page) throws IOException, InterruptedException {
        HttpResponse<byte[]> probe = get(page.path().apply(0));
        if (probe.statusCode() == 404) {
            // Sightline's own error page means the page exists and found nothing; anything else, no such page.
            boolean ours = new String(probe.body(), StandardCharsets.UTF_8).contains("error-page");
            return new Result(page, ours ? "HTTP 404" : "missing (404)", 0, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, 0, 0, excerpt(probe), null);
        }
        if (probe.statusCode() != 200) {
            return new Result(page, "HTTP " + probe.statusCode(), 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    0, 0, excerpt(probe), null);
        }
        // A quarter of the time budget at most for warming up, the rest for measuring: a slow page gets fewer.
        long warmupDeadline = System.nanoTime() + maxSeconds * 250_000_000L;
        int i = 1;
        for (int w = 0; w < warmup && System.nanoTime() < warmupDeadline; w++) {
            get(page.path().apply(i++));
        }
        var before = metrics.requests();
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        long bytes = 0;
        long errors = 0;
        String firstError = null;
        int n = 0;
        long deadline = System.nanoTime() + maxSeconds * 750_000_000L;
        while (n < requests && (n == 0 || System.nanoTime() < deadline)) {
            String path = page.path().apply(i++);
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = get(path);
            long micros = (System.nanoTime() - t0) / 1000;
            if (r.statusCode() != 200) {
                errors++;
                if (firstError == null) {
                    firstError = "HTTP " + r.statusCode() + " for " + path + ": " + excerpt(r);
                }
                if (errors > requests / 10 + 5) {
                    break;
                }
                continue;
            }
            latency.recordValue(Math.min(latency.getHighestTrackableValue(), micros));
            bytes += r.body().length;
            n++;
        }
        var after = metrics.requests();
        return new Result(page, "measured", n, ms(latency, 50), ms(latency, 90), ms(latency, 99),
                latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0,
                (double) bytes / Math.max(1, n), errors, firstError, ServerMetrics.busiest(before, after));
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "text/html").GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String excerpt(HttpResponse<byte[]> r) {
        String body = new String(r.body(), 0, Math.min(2000, r.body().length), StandardCharsets.UTF_8);
        int at = body.indexOf("error-message");
        String text = (at >= 0 ? body.substring(at) : body).replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static String format(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
