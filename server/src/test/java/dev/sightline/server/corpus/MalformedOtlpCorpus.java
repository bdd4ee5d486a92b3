package dev.sightline.server.corpus;

import static dev.sightline.server.corpus.ProtobufWire.concat;
import static dev.sightline.server.corpus.ProtobufWire.len;
import static dev.sightline.server.corpus.ProtobufWire.splice;
import static dev.sightline.server.corpus.ProtobufWire.varint;

import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.collector.otlp.OtlpDecoder.Encoding;
import dev.sightline.server.corpus.ProtobufWire.Field;
import dev.sightline.server.support.OtlpExamples;
import dev.sightline.store.model.Signal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Generates the malformed-input corpus from the official OTLP examples, deterministically from a seed: mutations
 * of valid payloads in both encodings (bit flips, truncation, inserted and deleted bytes, duplicated fields, wrong
 * wire types, lying lengths, overlong varints, bad UTF-8, bad IDs, values of the wrong JSON type), nesting
 * thousands of levels deep, gzip bombs and broken gzip, wrong content types and encodings, and empty bodies. Each
 * category's size is fixed, so the corpus is the same on every run with the same seed.
 */
public final class MalformedOtlpCorpus {
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    /** A valid payload to damage. */
    private record Base(Signal signal, byte[] json, byte[] protobuf, List<Field> fields) {
    }

    private final Random random;
    private final List<Base> bases;
    private final List<CorpusCase> cases = new ArrayList<>();

    private MalformedOtlpCorpus(long seed) {
        this.random = new Random(seed);
        OtlpDecoder decoder = new OtlpDecoder();
        this.bases = List.of(
                base(Signal.TRACES, "trace.json", b -> decoder.parseTraces(b, Encoding.JSON).toByteArray()),
                base(Signal.LOGS, "logs.json", b -> decoder.parseLogs(b, Encoding.JSON).toByteArray()),
                base(Signal.LOGS, "events.json", b -> decoder.parseLogs(b, Encoding.JSON).toByteArray()),
                base(Signal.METRICS, "metrics.json", b -> decoder.parseMetrics(b, Encoding.JSON).toByteArray()));
    }

    private static Base base(Signal signal, String example, java.util.function.UnaryOperator<byte[]> toProtobuf) {
        byte[] json = OtlpExamples.read(example).getBytes(StandardCharsets.UTF_8);
        byte[] protobuf = toProtobuf.apply(json);
        return new Base(signal, json, protobuf, ProtobufWire.fields(protobuf));
    }

    /** The whole corpus for {@code seed}. */
    public static List<CorpusCase> generate(long seed) {
        MalformedOtlpCorpus corpus = new MalformedOtlpCorpus(seed);
        corpus.protobufMutations();
        corpus.jsonMutations();
        corpus.deepNesting();
        corpus.gzip();
        corpus.contentTypesAndEncodings();
        corpus.emptyBodies();
        corpus.grpc();
        return List.copyOf(corpus.cases);
    }

    // ---- protobuf, over HTTP

    private void protobufMutations() {
        repeat(600, "protobuf bit flips", b -> httpProtobuf(b, flipBits(b.protobuf)));
        repeat(300, "protobuf truncation", b -> httpProtobuf(b, truncate(b.protobuf)));
        repeat(400, "protobuf inserted/deleted bytes", b -> httpProtobuf(b, insertOrDelete(b.protobuf)));
        repeat(250, "protobuf duplicated field", b -> httpProtobuf(b, duplicateField(b)));
        repeat(250, "protobuf wrong wire type", b -> httpProtobuf(b, wrongWireType(b)));
        repeat(250, "protobuf length-prefix lie", b -> httpProtobuf(b, lyingLength(b)));
        repeat(200, "protobuf varint overflow", b -> httpProtobuf(b, overlongVarint(b)));
        repeat(100, "protobuf huge declared length", b -> httpProtobuf(b, hugeLength(b)));
        repeat(250, "protobuf bad UTF-8", b -> httpProtobuf(b, badUtf8InProtobuf(b)));
    }

    private void httpProtobuf(Base base, byte[] body) {
        cases.add(CorpusCase.http(current, base.signal, PROTOBUF, null, body));
    }

    private byte[] flipBits(byte[] valid) {
        byte[] b = valid.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
    }

    private byte[] truncate(byte[] valid) {
        return Arrays.copyOf(valid, random.nextInt(valid.length));
    }

    private byte[] insertOrDelete(byte[] valid) {
        int at = random.nextInt(valid.length);
        if (random.nextBoolean()) {
            byte[] inserted = new byte[1 + random.nextInt(16)];
            random.nextBytes(inserted);
            return splice(valid, at, at, inserted);
        }
        return splice(valid, at, Math.min(valid.length, at + 1 + random.nextInt(16)), new byte[0]);
    }

    /** A copy of a field right after it: valid at the top level (protobuf merges), a length lie below. */
    private byte[] duplicateField(Base base) {
        Field f = pick(base.fields);
        byte[] copy = Arrays.copyOfRange(base.protobuf, f.tagStart(), f.end());
        return splice(base.protobuf, f.end(), f.end(), copy);
    }

    private byte[] wrongWireType(Base base) {
        Field f = pick(base.fields);
        byte[] b = base.protobuf.clone();
        int wireType = (f.wireType() + 1 + random.nextInt(7)) & 7;
        b[f.tagStart()] = (byte) ((b[f.tagStart()] & ~7) | wireType);
        return b;
    }

    private byte[] lyingLength(Base base) {
        Field f = pick(lenFields(base));
        long actual = f.end() - f.contentStart();
        long[] lies = {actual + 1, actual - 1, actual + 1 + random.nextInt(1000), 0, actual * 2 + 1,
                base.protobuf.length, Integer.MAX_VALUE, -1L, 1L << 32};
        long lie = lies[random.nextInt(lies.length)];
        return splice(base.protobuf, f.valueStart(), f.contentStart(), varint(lie));
    }

    /** A tag, a length or a value written as 10 to 12 continuation bytes: more than a varint may have. */
    private byte[] overlongVarint(Base base) {
        Field f = pick(base.fields);
        byte[] overlong = ProtobufWire.overlongVarint(10 + random.nextInt(3));
        return switch (random.nextInt(3)) {
            case 0 -> splice(base.protobuf, f.tagStart(), f.valueStart(), overlong);
            case 1 -> f.wireType() == ProtobufWire.LEN || f.wireType() == ProtobufWire.VARINT
                    ? splice(base.protobuf, f.valueStart(), f.contentStart() == f.valueStart() ? f.end()
                            : f.contentStart(), overlong)
                    : splice(base.protobuf, f.tagStart(), f.valueStart(), overlong);
            default -> concat(base.protobuf, ProtobufWire.tag(1, ProtobufWire.LEN), overlong);
        };
    }

    private byte[] hugeLength(Base base) {
        long[] huge = {Integer.MAX_VALUE, 0xFFFF_FFFFL, Long.MAX_VALUE, 1L << 40, 500_000_000};
        long length = huge[random.nextInt(huge.length)];
        if (random.nextBoolean()) {
            return concat(ProtobufWire.tag(1, ProtobufWire.LEN), varint(length), new byte[random.nextInt(64)]);
        }
        Field f = pick(lenFields(base));
        return splice(base.protobuf, f.valueStart(), f.contentStart(), varint(length));
    }

    private static final byte[][] BAD_UTF8 = {
            {(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80},
            {(byte) 0xC3, (byte) 0x28}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};

    /** Bad UTF-8 in place of bytes of a string (or bytes) field, its length kept true. */
    private byte[] badUtf8InProtobuf(Base base) {
        List<Field> leaves = lenFields(base).stream().filter(f -> !f.message() && f.end() > f.contentStart())
                .toList();
        Field f = pick(leaves);
        byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
        int at = f.contentStart() + random.nextInt(f.end() - f.contentStart());
        byte[] content = splice(Arrays.copyOfRange(base.protobuf, f.contentStart(), f.end()), at - f.contentStart(),
                at - f.contentStart() + 1, bad);
        // Rewrite the field with its new, true length; the enclosing lengths then lie by a few bytes at most,
        // which the parent fields' own checks catch, so also try it at the top level where nothing encloses it.
        byte[] field = concat(Arrays.copyOfRange(base.protobuf, f.tagStart(), f.valueStart()),
                varint(content.length), content);
        return splice(base.protobuf, f.tagStart(), f.end(), field);
    }

    private static List<Field> lenFields(Base base) {
        return base.fields.stream().filter(f -> f.wireType() == ProtobufWire.LEN).toList();
    }

    // ---- JSON, over HTTP

    private static final Pattern ID_VALUE = Pattern.compile("\"(traceId|spanId|parentSpanId)\"\\s*:\\s*\"[^\"]*\"");
    private static final Pattern KEY = Pattern.compile("\"[A-Za-z_]+\"\\s*:\\s*");
    private static final Pattern STRING_VALUE = Pattern.compile(":\\s*\"[^\"]");
    private static final String[] WRONG_IDS = {"\"zz\"", "\"5b8efff798038103d269b633813fc60\"",
            "\"5b8efff798038103d269b633813fc60c00\"", "\"\"", "\"W47/95gDgQPSabYzgT/GDA==\"", "12345", "null",
            "[]", "{}", "\"eee19b7ec3c1b174\"", "\"5B8EFFF798038103D269B633813FC60C\"", "true",
            "\"00000000000000000000000000000000\"", "\"5b8efff7 98038103d269b633813fc60c\"", "\"\\u0000\""};
    private static final String[] WRONG_VALUES = {"123", "-1", "1e400", "-1e400", "\"x\"", "\"\"", "true", "null",
            "[]", "{}", "[1,2]", "{\"a\":1}", "\"\\ud800\"", "99999999999999999999999", "\"0x10\"", "1.5",
            "\"NaN\"", "\"-Infinity\"", "\"18446744073709551616\"", "\"SPAN_KIND_BOGUS\"", "\"" + "a".repeat(5000)
            + "\"", "[[[[[[[[[[]]]]]]]]]]", "\"\\uDBFF\\uDFFF\"", "-0", "0.0000000000000000000001"};

    private void jsonMutations() {
        repeat(500, "JSON bit flips", b -> httpJson(b, flipBits(b.json)));
        repeat(300, "JSON truncation", b -> httpJson(b, truncate(b.json)));
        repeat(300, "JSON inserted/deleted bytes", b -> httpJson(b, insertOrDelete(b.json)));
        repeat(250, "JSON bad UTF-8", b -> httpJson(b, badUtf8InJson(b.json)));
        repeat(300, "JSON invalid IDs", b -> httpJson(b, invalidId(b)));
        repeat(600, "JSON values of the wrong type", b -> httpJson(b, wrongValue(b.json)));
        repeat(150, "JSON duplicated keys", b -> httpJson(b, duplicateKey(b.json)));
    }

    private void httpJson(Base base, byte[] body) {
        cases.add(CorpusCase.http(current, base.signal, JSON, null, body));
    }

    private byte[] badUtf8InJson(byte[] json) {
        List<Integer> inStrings = positions(STRING_VALUE, json, 0);
        int at = pick(inStrings);
        int quote = indexOf(json, '"', at);
        return splice(json, quote + 1, quote + 1, BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
    }

    private byte[] invalidId(Base base) {
        String text = new String(base.json, StandardCharsets.UTF_8);
        Matcher m = ID_VALUE.matcher(text);
        List<int[]> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(new int[] {m.start(), m.end(), m.group(1).length()});
        }
        if (ids.isEmpty()) { // metrics without exemplars: put a bad span ID where a string goes
            return wrongValue(base.json);
        }
        int[] id = pick(ids);
        String replaced = text.substring(0, id[0]) + "\"" + text.substring(id[0] + 1, id[0] + 1 + id[2]) + "\":"
                + WRONG_IDS[random.nextInt(WRONG_IDS.length)] + text.substring(id[1]);
        return replaced.getBytes(StandardCharsets.UTF_8);
    }

    /** Some key's value replaced with one of another type or out of range: numbers where strings go, and so on. */
    private byte[] wrongValue(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        List<Integer> keys = positions(KEY, json, 1);
        int valueStart = pick(keys);
        int valueEnd = endOfValue(text, valueStart);
        return (text.substring(0, valueStart) + WRONG_VALUES[random.nextInt(WRONG_VALUES.length)]
                + text.substring(valueEnd)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] duplicateKey(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        Matcher m = KEY.matcher(text);
        List<int[]> pairs = new ArrayList<>();
        while (m.find()) {
            pairs.add(new int[] {m.start(), endOfValue(text, m.end())});
        }
        int[] pair = pick(pairs);
        return (text.substring(0, pair[1]) + "," + text.substring(pair[0], pair[1]) + text.substring(pair[1]))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Offsets where {@code pattern} matches (its end when {@code atEnd} is 1, else its start). */
    private static List<Integer> positions(Pattern pattern, byte[] json, int atEnd) {
        // The examples are ASCII, so character offsets are byte offsets.
        Matcher m = pattern.matcher(new String(json, StandardCharsets.ISO_8859_1));
        List<Integer> out = new ArrayList<>();
        while (m.find()) {
            out.add(atEnd == 1 ? m.end() : m.start());
        }
        return out;
    }

    /** The end of the JSON value starting at {@code start} of valid JSON text. */
    private static int endOfValue(String text, int start) {
        char c = text.charAt(start);
        if (c == '"') {
            int i = start + 1;
            while (text.charAt(i) != '"') {
                i += text.charAt(i) == '\\' ? 2 : 1;
            }
            return i + 1;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            boolean inString = false;
            for (int i = start; i < text.length(); i++) {
                char x = text.charAt(i);
                if (inString) {
                    if (x == '\\') {
                        i++;
                    } else if (x == '"') {
                        inString = false;
                    }
                } else if (x == '"') {
                    inString = true;
                } else if (x == '{' || x == '[') {
                    depth++;
                } else if ((x == '}' || x == ']') && --depth == 0) {
                    return i + 1;
                }
            }
            throw new IllegalArgumentException("unbalanced JSON");
        }
        int i = start;
        while (i < text.length() && ",}] \n\r\t".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] b, char c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + c);
    }

    // ---- deep nesting, both encodings

    private static final int[] DEPTHS = {64, 99, 100, 101, 150, 200, 201, 1_000, 5_000, 10_000};

    private void deepNesting() {
        current = "nesting deep (AnyValue arrays and kvlists, to 10,000 levels)";
        for (int depth : DEPTHS) {
            for (boolean kvlist : new boolean[] {false, true}) {
                byte[] protobuf = NestedPayloads.protobufTraces(depth, kvlist);
                cases.add(CorpusCase.http(current, Signal.TRACES, PROTOBUF, null, protobuf));
                cases.add(CorpusCase.grpc(current, Signal.TRACES, protobuf));
                cases.add(CorpusCase.http(current, Signal.TRACES, JSON, null,
                        NestedPayloads.jsonTraces(depth, kvlist)));
                cases.add(CorpusCase.http(current, Signal.LOGS, JSON, null, NestedPayloads.jsonLogBody(depth)));
            }
            cases.add(CorpusCase.http(current, Signal.TRACES, JSON, null, NestedPayloads.jsonArrays(depth)));
        }
    }

    // ---- gzip

    private void gzip() {
        byte[] gigabyteBomb = GzipBodies.bomb(1L << 30);
        byte[] fourGigabyteBomb = GzipBodies.bomb(4L << 30);
        current = "gzip bomb (1 GiB and 4 GiB of zeros)";
        for (Signal signal : Signal.values()) {
            for (String type : List.of(PROTOBUF, JSON)) {
                cases.add(CorpusCase.http(current, signal, type, "gzip", gigabyteBomb));
            }
        }
        cases.add(CorpusCase.http(current, Signal.TRACES, PROTOBUF, "gzip", fourGigabyteBomb));
        cases.add(CorpusCase.http(current, Signal.TRACES, PROTOBUF, "gzip", gzip(gigabyteBomb)));
        repeat(200, "gzip truncated", b -> {
            byte[] zipped = gzip(random.nextBoolean() ? b.protobuf : b.json);
            add(b, random.nextBoolean(), "gzip", Arrays.copyOf(zipped, random.nextInt(zipped.length)));
        });
        repeat(200, "gzip corrupted", b -> {
            boolean protobuf = random.nextBoolean();
            add(b, protobuf, "gzip", flipBits(gzip(protobuf ? b.protobuf : b.json)));
        });
        repeat(100, "gzip of a damaged body", b -> {
            boolean protobuf = random.nextBoolean();
            add(b, protobuf, "gzip", gzip(flipBits(protobuf ? b.protobuf : b.json)));
        });
        repeat(50, "gzip declared, body not compressed", b -> {
            boolean protobuf = random.nextBoolean();
            add(b, protobuf, "gzip", protobuf ? b.protobuf : b.json);
        });
    }

    private void add(Base base, boolean protobuf, String encoding, byte[] body) {
        cases.add(CorpusCase.http(current, base.signal, protobuf ? PROTOBUF : JSON, encoding, body));
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- content types and encodings

    private static final String[] WRONG_TYPES = {"text/plain", "application/xml", "", "application/grpc",
            "application/x-www-form-urlencoded", "application/octet-stream", "application/protobuf",
            "application/jsonx", "json", "*/*", "application/x-protobuf+json", "multipart/form-data; boundary=x"};
    private static final String[] WRONG_ENCODINGS = {"br", "deflate", "zstd", "compress", "gzip, br", "x-gzip",
            "snappy", "*"};

    private void contentTypesAndEncodings() {
        repeat(150, "wrong Content-Type", b -> {
            boolean protobuf = random.nextBoolean();
            cases.add(CorpusCase.http(current, b.signal, WRONG_TYPES[random.nextInt(WRONG_TYPES.length)], null,
                    protobuf ? b.protobuf : b.json));
        });
        repeat(50, "no Content-Type", b -> cases.add(CorpusCase.http(current, b.signal, null, null,
                random.nextBoolean() ? b.protobuf : b.json)));
        repeat(100, "encoding swapped (JSON sent as protobuf and back)", b -> {
            boolean sayProtobuf = random.nextBoolean();
            add(b, sayProtobuf, null, sayProtobuf ? b.json : b.protobuf);
        });
        repeat(150, "wrong Content-Encoding", b -> {
            boolean protobuf = random.nextBoolean();
            add(b, protobuf, WRONG_ENCODINGS[random.nextInt(WRONG_ENCODINGS.length)],
                    protobuf ? b.protobuf : b.json);
        });
    }

    // ---- empty bodies

    private void emptyBodies() {
        current = "empty body";
        for (Signal signal : Signal.values()) {
            for (String type : new String[] {PROTOBUF, JSON, null}) {
                for (String encoding : new String[] {null, "identity", "gzip"}) {
                    cases.add(CorpusCase.http(current, signal, type, encoding, new byte[0]));
                }
            }
            cases.add(CorpusCase.http(current, signal, JSON, null, " \n\t".getBytes(StandardCharsets.UTF_8)));
            cases.add(CorpusCase.http(current, signal, JSON, null, "{}".getBytes(StandardCharsets.UTF_8)));
            cases.add(CorpusCase.http(current, signal, PROTOBUF, "gzip", gzip(new byte[0])));
            cases.add(CorpusCase.grpc(current, signal, new byte[0]));
        }
    }

    // ---- gRPC: the protobuf damage again, through the gRPC receiver

    private void grpc() {
        repeat(300, "gRPC bit flips", b -> grpc(b, flipBits(b.protobuf)));
        repeat(150, "gRPC truncation", b -> grpc(b, truncate(b.protobuf)));
        repeat(150, "gRPC inserted/deleted bytes", b -> grpc(b, insertOrDelete(b.protobuf)));
        repeat(100, "gRPC wrong wire type", b -> grpc(b, wrongWireType(b)));
        repeat(100, "gRPC length-prefix lie", b -> grpc(b, lyingLength(b)));
        repeat(100, "gRPC varint overflow", b -> grpc(b, overlongVarint(b)));
        repeat(50, "gRPC huge declared length", b -> grpc(b, hugeLength(b)));
        repeat(100, "gRPC bad UTF-8", b -> grpc(b, badUtf8InProtobuf(b)));
        current = "gRPC message over the size limit";
        byte[] oversized = concat(len(1, new byte[17 << 20]));
        cases.add(CorpusCase.grpc(current, Signal.TRACES, oversized));
        cases.add(CorpusCase.grpc(current, Signal.METRICS, oversized));
    }

    private void grpc(Base base, byte[] body) {
        cases.add(CorpusCase.grpc(current, base.signal, body));
    }

    // ---- helpers

    private String current;

    /** {@code count} cases of one category, each from a base payload picked at random. */
    private void repeat(int count, String category, java.util.function.Consumer<Base> make) {
        current = category;
        for (int i = 0; i < count; i++) {
            make.accept(pick(bases));
        }
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
