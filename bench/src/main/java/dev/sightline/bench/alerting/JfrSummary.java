package dev.sightline.bench.alerting;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-process JFR recording (the {@code profile} settings: a CPU sample every 10 ms) of one phase of the
 * benchmark, summarized for the thread that ran the rounds: the methods with the most samples on top of the stack
 * (self) and the Sightline methods with the most samples anywhere in the stack (inclusive, each method counted once
 * per sample). Started only with {@code --profile}, so the profiler is never in the figures of a normal run.
 */
final class JfrSummary {
    private final Recording recording;

    private JfrSummary(Recording recording) {
        this.recording = recording;
    }

    static JfrSummary start(String name) throws IOException, ParseException {
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        r.setName(name);
        r.start();
        return new JfrSummary(r);
    }

    /** Stops, writes {@code file} and returns the summary of the samples of {@code thread}. */
    String stop(Path file, String thread, int top) throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            String t = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(t, 1, Integer::sum);
            if (!thread.equals(t)) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("dev.sightline.") && !n.startsWith("dev.sightline.bench.") && seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("CPU samples by thread (all threads): ").append(sorted(threads, 8)).append('\n');
        out.append(samples).append(" samples of thread ").append(thread).append('\n');
        out.append("top frames (self):\n");
        for (Map.Entry<String, Integer> e : sorted(self, top)) {
            out.append(String.format("  %5d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / samples, e.getKey()));
        }
        out.append("Sightline methods (inclusive):\n");
        for (Map.Entry<String, Integer> e : sorted(inclusive, top)) {
            out.append(String.format("  %5d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / samples, e.getKey()));
        }
        return out.toString();
    }

    private static String name(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "?";
        }
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> m, int top) {
        List<Map.Entry<String, Integer>> l = new ArrayList<>(m.entrySet());
        l.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        return l.subList(0, Math.min(top, l.size()));
    }
}
