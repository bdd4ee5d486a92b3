package dev.sightline.query.jaeger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanEvent;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanLink;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.Trace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JaegerJson against {@code trace.json}, written by hand in the shape of Jaeger's {@code model/json} (what its
 * query service answers) with the tags OpenTelemetry's Jaeger translation gives each OTLP field.
 */
class JaegerJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TraceId TRACE = TraceId.fromHex("5b8efff798038103d269b633813fc60c");
    private static final SpanId ROOT = SpanId.fromHex("eee19b7ec3c1b174");
    private static final InstrumentationScope SHOP = new InstrumentationScope("shop", "1.2", List.of(), 0, "");

    private static final Set<String> SPAN_KEYS = Set.of("traceID", "spanID", "operationName", "references",
            "startTime", "duration", "tags", "logs", "processID", "warnings");
    private static final Set<String> TAG_TYPES = Set.of("string", "bool", "int64", "float64", "binary");

    private static Attribute attr(String key, AnyValue value) {
        return new Attribute(key, value);
    }

    private static Attribute str(String key, String value) {
        return attr(key, new AnyValue.StringValue(value));
    }

    private static Attribute num(String key, long value) {
        return attr(key, new AnyValue.IntValue(value));
    }

    private static Span span(SpanId id, SpanId parent, String traceState, int flags, String name, SpanKind kind,
                             long start, long end, List<Attribute> attributes, List<SpanEvent> events,
                             int droppedEvents, List<SpanLink> links, SpanStatus status) {
        return new Span(TRACE, id, traceState, parent, flags, name, kind, start, end, attributes, 0, events,
                droppedEvents, links, 0, status);
    }

    /** The trace trace.json describes: a frontend span calling a backend, and a frontend child rendering. */
    static Trace checkoutTrace() {
        Resource frontend = new Resource(List.of(str("service.name", "frontend"), num("process.pid", 42),
                str("host.name", "web-1")), 0, "");
        // Same attributes, another schema URL: Jaeger sees the same process.
        Resource frontendAgain = new Resource(frontend.attributes(), 1, "https://opentelemetry.io/schemas/1.4.0");
        Resource backend = new Resource(List.of(str("service.name", "backend")), 0, "");

        long rootStart = 1_700_000_000_000_123_456L;
        Span root = span(ROOT, null, "vendor=1", 0x301, "GET /checkout", SpanKind.SERVER,
                rootStart, rootStart + 250_000_789L,
                List.of(str("http.route", "/checkout"), attr("retry", new AnyValue.BoolValue(true)),
                        num("http.status_code", 500), attr("load", new AnyValue.DoubleValue(3.25)),
                        attr("digest", new AnyValue.BytesValue(new byte[]{1, 2, 3, (byte) 0xFF})),
                        attr("items", new AnyValue.ArrayValue(List.of(new AnyValue.StringValue("a"),
                                new AnyValue.IntValue(2)))),
                        attr("user", new AnyValue.KeyValueList(List.of(num("id", 7)))),
                        num("big", (1L << 53) + 1)),
                List.of(new SpanEvent(rootStart + 5_000_000L, "cache miss",
                        List.of(str("cache.key", "cart:7"), num("attempt", 2)), 0)),
                0, List.of(), new SpanStatus(SpanStatus.Code.ERROR, "payment failed"));
        Span charge = span(SpanId.fromHex("a1b2c3d4e5f60718"), ROOT, "", 0, "charge", SpanKind.CLIENT,
                1_700_000_000_010_000_999L, 1_700_000_000_110_000_999L, List.of(), List.of(), 2,
                List.of(new SpanLink(new TraceId(0, 0xab), new SpanId(0xcd), "", List.of(), 0, 0)),
                new SpanStatus(SpanStatus.Code.OK, ""));
        Span render = span(new SpanId(0xe0f), ROOT, "", 0, "render", SpanKind.INTERNAL,
                1_700_000_000_020_000_000L, 1_700_000_000_020_001_500L, List.of(),
                List.of(new SpanEvent(1_700_000_000_020_000_000L, "ignored", List.of(str("event", "custom")), 0)),
                0, List.of(new SpanLink(TRACE, ROOT, "", List.of(str("opentracing.ref_type", "follows_from")), 0, 0)),
                SpanStatus.UNSET);
        return new Trace(TRACE, List.of(new Scoped<>(frontend, SHOP, root), new Scoped<>(backend, SHOP, charge),
                new Scoped<>(frontendAgain, InstrumentationScope.EMPTY, render)));
    }

    /** As a client reads it: serialized and parsed again, so small numbers compare as the fixture's do. */
    private static JsonNode reparsed(JsonNode node) throws IOException {
        return MAPPER.readTree(MAPPER.writeValueAsString(node));
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = JaegerJsonTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return MAPPER.readTree(in);
        }
    }

    @Test
    void traceMatchesTheFixtureFieldForField() throws IOException {
        JsonNode actual = reparsed(JaegerJson.trace(checkoutTrace()));
        JsonNode expected = fixture("trace.json");
        for (int i = 0; i < expected.get("spans").size(); i++) {
            assertThat(actual.get("spans").get(i)).as("span %d", i).isEqualTo(expected.get("spans").get(i));
        }
        assertThat(actual.get("processes")).isEqualTo(expected.get("processes"));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void everySpanHasJaegersKeysAndEveryTagAJaegerType() throws IOException {
        JsonNode trace = reparsed(JaegerJson.trace(checkoutTrace()));
        assertThat(names(trace)).containsExactlyInAnyOrder("traceID", "spans", "processes", "warnings");
        for (JsonNode span : trace.get("spans")) {
            Set<String> keys = new java.util.HashSet<>(names(span));
            keys.remove("flags");
            assertThat(keys).isEqualTo(SPAN_KEYS);
            assertThat(span.get("startTime").isIntegralNumber()).isTrue();
            assertThat(span.get("duration").isIntegralNumber()).isTrue();
            assertThat(span.get("processID").asText()).matches("p\\d+");
            assertThat(trace.get("processes").has(span.get("processID").asText())).isTrue();
            List<JsonNode> tags = new ArrayList<>();
            span.get("tags").forEach(tags::add);
            span.get("logs").forEach(log -> {
                assertThat(names(log)).containsExactlyInAnyOrder("timestamp", "fields");
                log.get("fields").forEach(tags::add);
            });
            trace.get("processes").forEach(p -> p.get("tags").forEach(tags::add));
            for (JsonNode tag : tags) {
                assertThat(names(tag)).containsExactlyInAnyOrder("key", "type", "value");
                assertThat(tag.get("type").asText()).isIn(TAG_TYPES);
            }
            for (JsonNode ref : span.get("references")) {
                assertThat(names(ref)).containsExactlyInAnyOrder("refType", "traceID", "spanID");
                assertThat(ref.get("refType").asText()).isIn("CHILD_OF", "FOLLOWS_FROM");
            }
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void int64TagsBeyondJavaScriptsSafeRangeAreStrings() throws IOException {
        long safe = (1L << 53) - 1;
        JsonNode tags = reparsed(JaegerJson.tags(List.of(num("a", safe), num("b", -safe), num("c", safe + 1),
                num("d", Long.MIN_VALUE))));
        assertThat(tags.get(0).get("value").asLong()).isEqualTo(safe);
        assertThat(tags.get(0).get("value").isNumber()).isTrue();
        assertThat(tags.get(1).get("value").isNumber()).isTrue();
        assertThat(tags.get(2).get("value").textValue()).isEqualTo("9007199254740992");
        assertThat(tags.get(3).get("value").textValue()).isEqualTo(Long.toString(Long.MIN_VALUE));
        assertThat(tags).allSatisfy(t -> assertThat(t.get("type").asText()).isEqualTo("int64"));
    }

    @Test
    void a64BitTraceIdIsWrittenWithSixteenCharactersAsJaegerDoes() {
        assertThat(JaegerJson.traceId(new TraceId(0, 0x5c0000000000abcdL))).isEqualTo("5c0000000000abcd");
        assertThat(JaegerJson.traceId(new TraceId(1, 2))).isEqualTo("00000000000000010000000000000002");
    }

    @Test
    void aLinkMarkedChildOfIsAChildOfReference() {
        Span s = span(new SpanId(9), null, "", 0, "consume", SpanKind.CONSUMER, 0, 1000, List.of(), List.of(), 0,
                List.of(new SpanLink(new TraceId(3, 4), new SpanId(5), "",
                        List.of(str("opentracing.ref_type", "child_of")), 0, 0)), SpanStatus.UNSET);
        JsonNode refs = JaegerJson.span(new Scoped<>(Resource.EMPTY, InstrumentationScope.EMPTY, s), "p1")
                .get("references");
        assertThat(refs).hasSize(1);
        assertThat(refs.get(0).get("refType").asText()).isEqualTo("CHILD_OF");
        assertThat(refs.get(0).get("spanID").asText()).isEqualTo("0000000000000005");
    }

    @Test
    void envelopesAreJaegersStructuredResponse() throws IOException {
        assertThat(reparsed(JaegerJson.envelope(JsonNodeFactory.instance.arrayNode().add("a"), 1))).isEqualTo(
                MAPPER.readTree("{\"data\":[\"a\"],\"total\":1,\"limit\":0,\"offset\":0,\"errors\":null}"));
        assertThat(reparsed(JaegerJson.error(400, "parameter 'service' is required"))).isEqualTo(MAPPER.readTree(
                "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,"
                        + "\"errors\":[{\"code\":400,\"msg\":\"parameter 'service' is required\"}]}"));
        assertThat(reparsed(JaegerJson.traceNotFound(new TraceId(0, 0x1f)))).isEqualTo(
                MAPPER.readTree("{\"msg\":\"trace not found\",\"traceID\":\"000000000000001f\"}"));
    }

    @Test
    void badParameterMessagesNameTheParameterAsJaegerDoes() {
        assertThat(JaegerErrors.message("service", "is required")).isEqualTo("parameter 'service' is required");
        assertThat(JaegerErrors.message("limit", "must be an integer from 1 to 1500"))
                .isEqualTo("parameter 'limit' must be an integer from 1 to 1500");
        assertThat(JaegerErrors.message("tags", "position 2: is not valid JSON"))
                .isEqualTo("parameter 'tags': position 2: is not valid JSON");
    }
}
