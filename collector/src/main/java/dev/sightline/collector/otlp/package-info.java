/**
 * OTLP decoding ({@link dev.sightline.collector.otlp.OtlpDecoder}) and mapping to the store's model
 * ({@link dev.sightline.collector.otlp.OtlpMapper}). OTLP wire types stop here.
 *
 * <h2>Decisions that may surprise</h2>
 * <ul>
 *   <li><b>Hex IDs in JSON.</b> Protobuf's {@code JsonFormat} reads {@code bytes} as base64, so OTLP/JSON's hex
 *       trace and span IDs would come out as 24-byte garbage. The decoder rewrites those fields (and only those)
 *       in a Jackson tree before {@code JsonFormat} sees them. A string that is not hex becomes a one-byte ID
 *       that the mapper reports as "not a valid hex string" for that item alone: one bad span does not cost
 *       the client the whole request.</li>
 *   <li><b>Leniency in JSON.</b> The specification says enums MUST be integers and keys MUST be lowerCamelCase;
 *       we also accept enum names and original field names, as {@code JsonFormat} does, because rejecting
 *       them would lose data without helping anyone.</li>
 *   <li><b>Log records and exemplars with a bad trace_id or span_id are kept</b> without that ID, with a
 *       warning in the partial-success message (rejected count 0). The logs data model says receivers SHOULD
 *       treat such a record as not associated with a trace; a span with a bad ID, by contrast, is rejected,
 *       because its IDs are required.</li>
 *   <li><b>All-zero IDs where an ID is optional</b> (parent span, log record, exemplar) mean "not set" and
 *       become {@code null}, as the W3C treats an all-zero ID as absent.</li>
 *   <li><b>An empty body is an empty request</b> in both encodings (protobuf already decodes zero bytes as
 *       the empty message; the specification asks servers to accept empty requests).</li>
 *   <li><b>Depth.</b> Protobuf's default recursion limit (100 messages) bounds nesting; for JSON, Jackson
 *       stops at 200 levels and {@code JsonFormat} at the same 100 messages, so both encodings accept about 47
 *       levels of nested AnyValue arrays and reject deeper payloads as malformed.</li>
 *   <li><b>Not in the model.</b> {@code AnyValue.string_value_strindex} (a profiles dictionary index) maps to
 *       {@code AnyValue.Empty}; a number data point or exemplar with no value maps to a {@code null}
 *       {@code NumberValue}; {@code Resource.entity_refs} and {@code KeyValue.key_strindex} are not kept.</li>
 * </ul>
 */
package dev.sightline.collector.otlp;
