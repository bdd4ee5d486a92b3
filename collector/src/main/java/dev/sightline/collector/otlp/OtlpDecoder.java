package dev.sightline.collector.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Decodes OTLP/HTTP request bodies, binary protobuf or OTLP/JSON, into the OTLP request messages.
 *
 * <p>JSON follows the OTLP specification's deviations from the proto3 JSON mapping: trace and span IDs are
 * case-insensitive hex (protobuf's {@code JsonFormat} would read them as base64), unknown fields are ignored,
 * enums may be integers or names, 64-bit integers may be strings or numbers, and original (snake_case) field
 * names are accepted as well as lowerCamelCase. An ID that is not valid hex does not fail the request: it
 * becomes a one-byte ID that {@link OtlpMapper} reports as "not a valid hex string" for that item alone.
 *
 * <p>An empty body is an empty request in both encodings (the specification asks servers to accept empty
 * requests). Everything else that cannot be decoded — truncated or random protobuf, invalid JSON, bytes that
 * are not UTF-8, nesting deeper than {@value #MAX_MESSAGE_DEPTH} messages, values of the wrong JSON type —
 * throws {@link MalformedPayloadException} and nothing else.
 *
 * <p>Instances are immutable and thread-safe; share one.
 */
public final class OtlpDecoder {

    /** The two OTLP/HTTP body encodings: {@code application/x-protobuf} and {@code application/json}. */
    public enum Encoding {
        PROTOBUF, JSON
    }

    /** Nesting bound for protobuf messages in both encodings: protobuf's own default recursion limit. */
    static final int MAX_MESSAGE_DEPTH = 100;
    /**
     * Nesting bound for JSON objects and arrays, checked while reading. A nested AnyValue costs up to three
     * JSON levels per message level, so this lets every payload within {@link #MAX_MESSAGE_DEPTH} through,
     * and it stays under the 255 levels that the JSON reader inside {@code JsonFormat} accepts.
     */
    static final int MAX_JSON_DEPTH = 200;
    /** The ID that stands in for a JSON ID that is not hex: one zero byte, a length no OTLP ID has. */
    static final byte[] INVALID_HEX_ID = {0};

    private static final int MAX_DETAIL_LENGTH = 200;
    /** Qualified Java names that libraries put in messages: exception classes, and anything in backticks. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b(?::\\s*)?|`[\\w.$()]+`");

    /** Jackson's "(start marker at [Source: ...; line: 1, column: 18])": we add the location ourselves. */
    private static final Pattern SOURCE = Pattern.compile(
            "\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)|\\[Source:[^\\]]*\\]");

    private final JsonMapper jsonMapper;
    private final JsonFormat.Parser jsonParser;

    public OtlpDecoder() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.jsonMapper = JsonMapper.builder(factory)
                // Keep numbers as written: JsonFormat then checks ranges exactly, as it would on the raw body.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
        this.jsonParser = JsonFormat.parser().ignoringUnknownFields(); // its recursion limit is 100, like protobuf's
    }

    public ExportTraceServiceRequest parseTraces(byte[] body, Encoding encoding) {
        return switch (Objects.requireNonNull(encoding, "encoding")) {
            case PROTOBUF -> parseProtobuf(body, ExportTraceServiceRequest.parser(), "trace");
            case JSON -> {
                ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
                parseJson(body, builder, OtlpJsonIds::convertTraces);
                yield builder.build();
            }
        };
    }

    public ExportLogsServiceRequest parseLogs(byte[] body, Encoding encoding) {
        return switch (Objects.requireNonNull(encoding, "encoding")) {
            case PROTOBUF -> parseProtobuf(body, ExportLogsServiceRequest.parser(), "logs");
            case JSON -> {
                ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
                parseJson(body, builder, OtlpJsonIds::convertLogs);
                yield builder.build();
            }
        };
    }

    public ExportMetricsServiceRequest parseMetrics(byte[] body, Encoding encoding) {
        return switch (Objects.requireNonNull(encoding, "encoding")) {
            case PROTOBUF -> parseProtobuf(body, ExportMetricsServiceRequest.parser(), "metrics");
            case JSON -> {
                ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
                parseJson(body, builder, OtlpJsonIds::convertMetrics);
                yield builder.build();
            }
        };
    }

    // ---- protobuf

    private static <T extends Message> T parseProtobuf(byte[] body, Parser<T> parser, String signal) {
        Objects.requireNonNull(body, "body");
        try {
            // parseFrom(byte[]) applies protobuf's default recursion limit (100) and validates UTF-8 in strings.
            return parser.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedPayloadException(describeProtobufFailure(e, signal), e);
        } catch (RuntimeException e) {
            throw new MalformedPayloadException("protobuf body is not a valid OTLP " + signal + " export request", e);
        }
    }

    private static String describeProtobufFailure(InvalidProtocolBufferException e, String signal) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        String what;
        if (m.contains("nesting") || m.contains("recursion")) {
            what = "messages are nested more than " + MAX_MESSAGE_DEPTH + " levels deep";
        } else if (m.contains("utf-8")) {
            what = "a string field is not valid UTF-8";
        } else if (m.contains("truncated") || m.contains("ended unexpectedly")) {
            what = "it is truncated or a field misreports its length";
        } else if (m.contains("tag")) {
            what = "it contains an invalid field tag";
        } else if (m.contains("wire type")) {
            what = "a field has the wrong wire type";
        } else {
            what = "it is not a valid protobuf message";
        }
        return "protobuf body is not a valid OTLP " + signal + " export request: " + what;
    }

    // ---- JSON

    @FunctionalInterface
    private interface IdConverter {
        void convert(ObjectNode root);
    }

    private void parseJson(byte[] body, Message.Builder builder, IdConverter ids) {
        Objects.requireNonNull(body, "body");
        CharBuffer text = decodeUtf8(body);
        if (text.hasRemaining() && text.get(text.position()) == '\uFEFF') {
            text.position(text.position() + 1); // a byte order mark: RFC 8259 lets parsers ignore it
        }
        if (isBlank(text)) {
            return; // an empty body is an empty request
        }
        JsonNode root;
        try (JsonParser parser = jsonMapper.createParser(text.array(), text.arrayOffset() + text.position(),
                text.remaining())) {
            root = jsonMapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw new MalformedPayloadException("JSON body is not valid JSON: more content after the top-level "
                        + "value (line " + parser.currentLocation().getLineNr() + ")");
            }
        } catch (MalformedPayloadException e) {
            throw e;
        } catch (StreamConstraintsException e) {
            String m = String.valueOf(e.getOriginalMessage()).toLowerCase(Locale.ROOT);
            throw new MalformedPayloadException(m.contains("nesting")
                    ? "JSON body is nested more than " + MAX_JSON_DEPTH + " levels deep"
                    : "JSON body has a number or string longer than the decoder accepts", e);
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException("JSON body is not valid JSON: " + describe(e), e);
        } catch (IOException | RuntimeException e) {
            throw new MalformedPayloadException("JSON body is not valid JSON", e);
        }
        if (!(root instanceof ObjectNode object)) {
            throw new MalformedPayloadException("JSON body must be an object, got " + nodeType(root));
        }
        String normalized;
        ids.convert(object); // throws MalformedPayloadException for an ID that is not a string
        try {
            normalized = jsonMapper.writeValueAsString(object);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new MalformedPayloadException("JSON body could not be read", e);
        }
        try {
            jsonParser.merge(normalized, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedPayloadException(describeJsonFormatFailure(e), e);
        } catch (RuntimeException e) {
            throw new MalformedPayloadException("JSON body does not match the OTLP schema", e);
        }
    }

    private static CharBuffer decodeUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            return decoder.decode(in);
        } catch (CharacterCodingException e) {
            throw new MalformedPayloadException("JSON body is not valid UTF-8 (bad byte sequence at offset "
                    + in.position() + ")", e);
        }
    }

    private static boolean isBlank(CharBuffer text) {
        for (int i = text.position(); i < text.limit(); i++) {
            char c = text.get(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonProcessingException e) {
        String detail = safeDetail(e.getOriginalMessage());
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            detail += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return detail;
    }

    private static String describeJsonFormatFailure(InvalidProtocolBufferException e) {
        String message = String.valueOf(e.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("recursion")) {
            return "JSON body is nested more than " + MAX_MESSAGE_DEPTH + " messages deep";
        }
        return "JSON body does not match the OTLP schema: " + safeDetail(message);
    }

    /** Keeps a library's message readable for a client: no Java class names, bounded length. */
    static String safeDetail(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable value";
        }
        String detail = JAVA_NAME.matcher(SOURCE.matcher(message).replaceAll("")).replaceAll("").strip();
        int newline = detail.indexOf('\n');
        if (newline >= 0) {
            detail = detail.substring(0, newline).strip();
        }
        if (detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH) + "...";
        }
        return detail.isEmpty() ? "unreadable value" : detail;
    }

    private static String nodeType(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
