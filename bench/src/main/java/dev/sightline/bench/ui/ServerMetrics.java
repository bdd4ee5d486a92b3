package dev.sightline.bench.ui;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the server itself says about its requests and its index, from its Prometheus endpoint ({@code /q/metrics}):
 * Micrometer's {@code http_server_requests_seconds} count and sum per URI template, to set the server's own time
 * beside the client's, and {@code sightline_index_lag_records}, to start measuring only once everything loaded is
 * searchable.
 */
final class ServerMetrics {
    private final HttpClient client;
    private final String api;

    /** Count and total seconds of the requests to one URI template that answered 200. */
    record Requests(long count, double seconds) {
    }

    ServerMetrics(HttpClient client, String api) {
        this.client = client;
        this.api = api;
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(api + "/q/metrics"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("/q/metrics: HTTP " + r.statusCode());
        }
        return r.body();
    }

    /** Requests answered 200 so far, by URI template. */
    Map<String, Requests> requests() throws IOException, InterruptedException {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Double> sums = new HashMap<>();
        for (String line : scrape().split("\n")) {
            boolean count = line.startsWith("http_server_requests_seconds_count{");
            boolean sum = line.startsWith("http_server_requests_seconds_sum{");
            if ((!count && !sum) || !line.contains("status=\"200\"")) {
                continue;
            }
            String uri = label(line, "uri");
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (count) {
                counts.merge(uri, (long) value, Long::sum);
            } else {
                sums.merge(uri, value, Double::sum);
            }
        }
        Map<String, Requests> out = new HashMap<>();
        counts.forEach((uri, n) -> out.put(uri, new Requests(n, sums.getOrDefault(uri, 0.0))));
        return out;
    }

    /** The URI template that served most requests between two snapshots, and their mean server time. */
    record Busiest(String uri, long count, double meanMs) {
    }

    /** Null when no page was served 200 between the snapshots. */
    static Busiest busiest(Map<String, Requests> before, Map<String, Requests> after) {
        Busiest best = null;
        for (Map.Entry<String, Requests> e : after.entrySet()) {
            if (e.getKey().equals("/q/metrics")) {
                continue;
            }
            Requests b = before.getOrDefault(e.getKey(), new Requests(0, 0));
            long n = e.getValue().count() - b.count();
            if (n > 0 && (best == null || n > best.count())) {
                best = new Busiest(e.getKey(), n, (e.getValue().seconds() - b.seconds()) * 1000 / n);
            }
        }
        return best;
    }

    private static String label(String line, String name) {
        int at = line.indexOf(name + "=\"");
        if (at < 0) {
            return "";
        }
        int from = at + name.length() + 2;
        return line.substring(from, line.indexOf('"', from));
    }

    /** Polls the index lag until every signal reads 0 twice in a row. */
    void awaitIndexed(Duration timeout) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        int zeros = 0;
        long lastPrint = t0;
        while (true) {
            double lag = 0;
            boolean found = false;
            for (String line : scrape().split("\n")) {
                if (line.startsWith("sightline_index_lag_records{")) {
                    lag += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            if (!found) {
                throw new IOException("no sightline_index_lag_records in /q/metrics");
            }
            zeros = lag == 0 ? zeros + 1 : 0;
            if (zeros >= 2) {
                System.out.printf(Locale.ROOT, "index lag 0 after %.1f s%n", (System.nanoTime() - t0) / 1e9);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("index lag still " + lag + " records after " + timeout);
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                System.out.printf(Locale.ROOT, "waiting for the indexer: %.0f records not yet indexed%n", lag);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(1000);
        }
    }
}
