package dev.sightline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Summarizes a CPU profile of the server — async-profiler's collapsed stacks ({@code threads} option on, so each
 * stack starts with {@code [thread name tid=N]}), or a JFR recording's {@code jdk.ExecutionSample} events — as
 * three tables: samples by thread group, by stage of the ingest path, and the hottest leaf frames.
 *
 * <p>A sample's stage is the first frame, from the root, that names one (the mapper calls protobuf getters, the
 * encoder protobuf's {@code CodedOutputStream}: they count as mapping and encoding, not as protobuf parsing);
 * generic frames (transport, other Sightline code) decide only when no named stage appears in the stack.
 * Usage: {@code ProfileSummary FILE [top]}.
 */
public final class ProfileSummary {

    private record Rule(String stage, Pattern frame) {
    }

    /** Named stages: the first frame from the root that matches one of these decides. */
    private static final List<Rule> STAGES = List.of(
            rule("protobuf parse (request decode)", "dev\\.sightline\\.collector\\.otlp\\.OtlpDecoder\\.parseProtobuf"
                    + "|io\\.opentelemetry\\.proto\\.collector\\..*\\.(parseFrom|parsePartialFrom|<init>)"
                    + "|io\\.grpc\\.protobuf\\.lite\\.ProtoLiteUtils\\$MessageMarshaller\\.parse"),
            rule("JSON decode", "dev\\.sightline\\.collector\\.otlp\\.OtlpDecoder\\.parseJson"),
            rule("gunzip", "BoundedGunzip|java\\.util\\.zip\\."),
            rule("map OTLP -> model (OtlpMapper)", "dev\\.sightline\\.collector\\.otlp\\.OtlpMapper"),
            rule("encode for the log (BinaryBatchCodec)", "dev\\.sightline\\.store\\.codec\\.BinaryBatchCodec\\.encode"),
            rule("decode from the log (BinaryBatchCodec)", "dev\\.sightline\\.store\\.codec\\.BinaryBatchCodec\\.decode"),
            rule("index delta (IndexDelta.of)", "dev\\.sightline\\.store\\.index\\.IndexDelta\\.of"),
            rule("index apply (H2 + Chronicle Map)", "dev\\.sightline\\.store\\.index\\.(Indexer|IndexStore)"),
            rule("write-ahead log (write, fsync, hand-over)", "dev\\.sightline\\.store\\.wal\\."),
            rule("retention", "dev\\.sightline\\.store\\.retention\\."),
            rule("self-metrics (Micrometer)", "io\\.micrometer\\."));

    /** When no named stage matches: the first frame from the root that matches one of these. */
    private static final List<Rule> FALLBACKS = List.of(
            rule("store, other", "dev\\.sightline\\.store\\."),
            rule("collector, other (admission, responses)", "dev\\.sightline\\.collector\\."),
            rule("index libraries outside the indexer (H2, Chronicle)", "org\\.h2\\.|net\\.openhft\\."),
            rule("gRPC / Netty / Vert.x transport", "io\\.grpc\\.|io\\.netty\\.|io\\.vertx\\.|sun\\.nio\\.ch\\."
                    + "|java\\.net\\.|io\\.quarkus\\."));

    private static Rule rule(String stage, String regex) {
        return new Rule(stage, Pattern.compile(regex));
    }

    private static final Pattern DIGITS = Pattern.compile("\\d+$");

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ProfileSummary profile.collapsed|recording.jfr [top]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        List<String[]> stacks = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        if (file.toString().endsWith(".jfr")) {
            readJfr(file, stacks, counts);
        } else {
            for (String line : Files.readAllLines(file)) {
                int space = line.lastIndexOf(' ');
                if (space <= 0) {
                    continue;
                }
                stacks.add(line.substring(0, space).replace('/', '.').split(";"));
                counts.add(Long.parseLong(line.substring(space + 1).trim()));
            }
        }
        long total = counts.stream().mapToLong(Long::longValue).sum();
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> byStage = new HashMap<>();
        Map<String, Long> byLeaf = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        for (int i = 0; i < stacks.size(); i++) {
            String[] s = stacks.get(i);
            long n = counts.get(i);
            int first = 0;
            String thread = "(no thread name)";
            if (s.length > 0 && s[0].startsWith("[") && s[0].endsWith("]")) {
                thread = threadGroup(s[0]);
                first = 1;
            }
            byThread.merge(thread, n, Long::sum);
            byStage.merge(stage(s, first, thread), n, Long::sum);
            byLeaf.merge(s.length > first ? s[s.length - 1] : "(empty)", n, Long::sum);
            Set<String> seen = new HashSet<>();
            for (int f = first; f < s.length; f++) {
                if (s[f].startsWith("dev.sightline.") && seen.add(s[f])) {
                    inclusive.merge(s[f], n, Long::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%,d samples from %s%n", total, file.getFileName());
        table("by thread group", byThread, total, top);
        table("by stage of the ingest path (first matching frame from the root)", byStage, total, top);
        table("hottest frames (self time)", byLeaf, total, top);
        table("Sightline methods, inclusive", inclusive, total, top);
    }

    private static String threadGroup(String frame) {
        String name = frame.substring(1, frame.length() - 1);
        int tid = name.lastIndexOf(" tid=");
        if (tid > 0) {
            name = name.substring(0, tid);
        }
        return DIGITS.matcher(name).replaceAll("N");
    }

    private static String stage(String[] s, int first, String thread) {
        for (List<Rule> tier : List.of(STAGES, FALLBACKS)) {
            for (int f = first; f < s.length; f++) {
                for (Rule r : tier) {
                    if (r.frame().matcher(s[f]).find()) {
                        return r.stage();
                    }
                }
            }
        }
        String t = thread.toLowerCase(Locale.ROOT);
        String leaf = s.length > first ? s[s.length - 1] : "";
        if (t.contains("gc") || t.contains("g1") || t.contains("vm thread") || leaf.startsWith("G1")
                || leaf.contains("GC_active")) {
            return "GC and VM threads";
        }
        if (t.contains("compiler")) {
            return "JIT compiler";
        }
        return "other";
    }

    private static void table(String title, Map<String, Long> counts, long total, int top) {
        System.out.printf("%n%s%n", title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / total,
                        e.getKey()));
    }

    /** jdk.ExecutionSample events as collapsed stacks (root first), each prefixed with its thread. */
    private static void readJfr(Path file, List<String[]> stacks, List<Long> counts) throws IOException {
        Map<String, Long> collapsed = new LinkedHashMap<>();
        try (jdk.jfr.consumer.RecordingFile rf = new jdk.jfr.consumer.RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                jdk.jfr.consumer.RecordedEvent e = rf.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                List<jdk.jfr.consumer.RecordedFrame> frames = e.getStackTrace().getFrames();
                String[] s = new String[frames.size() + 1];
                jdk.jfr.consumer.RecordedThread t = e.getThread("sampledThread");
                s[0] = "[" + (t == null ? "?" : t.getJavaName()) + "]";
                for (int i = 0; i < frames.size(); i++) {
                    jdk.jfr.consumer.RecordedMethod m = frames.get(i).getMethod();
                    s[frames.size() - i] = m.getType().getName() + "." + m.getName();
                }
                collapsed.merge(String.join(";", s), 1L, Long::sum);
            }
        }
        collapsed.forEach((k, v) -> {
            stacks.add(k.split(";"));
            counts.add(v);
        });
        if (stacks.isEmpty()) {
            System.err.println("no jdk.ExecutionSample events in " + file);
        }
    }
}
