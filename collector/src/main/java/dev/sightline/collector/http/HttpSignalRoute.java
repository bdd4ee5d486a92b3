package dev.sightline.collector.http;

import com.google.protobuf.Message;
import dev.sightline.collector.otlp.MappingResult;
import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TelemetryBatch;

import java.util.function.BiFunction;

/** What differs between /v1/traces, /v1/logs and /v1/metrics: how to decode, map and answer. */
record HttpSignalRoute(
        Signal signal,
        String path,
        Decoder decoder,
        BiFunction<Long, String, Message> response) {

    @FunctionalInterface
    interface Decoder {
        /** Decodes and maps a body; throws MalformedPayloadException when it is not a valid request. */
        MappingResult<? extends TelemetryBatch> decodeAndMap(byte[] body, OtlpDecoder.Encoding encoding);
    }
}
