package dev.sightline.bench.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample file {@code bench.query.DayLoader --samples} writes (tab-separated; the first word says what a line
 * is): the day's bounds and totals, a uniform sample of its traces with their request IDs, and every service's
 * SERVER operations. The UI bench picks its page parameters from it.
 */
record UiSamples(long dayStartMillis, long dayEndMillis, long spans, long logs, long points, long traces,
                 List<Trace> sampled, Map<String, List<String>> operations) {

    record Trace(String id, String requestId, int spans, String rootService) {
    }

    List<String> services() {
        return List.copyOf(operations.keySet());
    }

    static UiSamples read(Path file) throws IOException {
        long dayStart = 0;
        long dayEnd = 0;
        long[] totals = new long[4];
        List<Trace> traces = new ArrayList<>();
        Map<String, List<String>> ops = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            switch (f[0]) {
                case "day" -> {
                    dayStart = Long.parseLong(f[1]);
                    dayEnd = Long.parseLong(f[2]);
                }
                case "totals" -> {
                    for (int i = 0; i < 4; i++) {
                        totals[i] = Long.parseLong(f[i + 1]);
                    }
                }
                case "trace" -> traces.add(new Trace(f[1], f[2], Integer.parseInt(f[5]), f[8]));
                case "op" -> ops.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[2]);
                default -> throw new IOException("unexpected line in " + file + ": " + line);
            }
        }
        if (traces.isEmpty() || ops.isEmpty()) {
            throw new IOException(file + " has no traces or no operations");
        }
        return new UiSamples(dayStart, dayEnd, totals[0], totals[1], totals[2], totals[3], List.copyOf(traces), ops);
    }
}
