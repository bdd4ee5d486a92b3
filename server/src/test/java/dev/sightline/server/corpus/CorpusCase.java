package dev.sightline.server.corpus;

import dev.sightline.store.model.Signal;

/**
 * One request of the malformed-input corpus.
 *
 * @param category        what kind of damage it carries (the histogram's rows)
 * @param transport       OTLP/HTTP or OTLP/gRPC
 * @param signal          the endpoint it goes to
 * @param contentType     HTTP Content-Type, null for none (ignored for gRPC)
 * @param contentEncoding HTTP Content-Encoding, null for none (ignored for gRPC)
 * @param body            the bytes on the wire
 */
public record CorpusCase(String category, Transport transport, Signal signal, String contentType,
                         String contentEncoding, byte[] body) {

    public enum Transport {
        HTTP, GRPC
    }

    static CorpusCase http(String category, Signal signal, String contentType, String contentEncoding, byte[] body) {
        return new CorpusCase(category, Transport.HTTP, signal, contentType, contentEncoding, body);
    }

    static CorpusCase grpc(String category, Signal signal, byte[] body) {
        return new CorpusCase(category, Transport.GRPC, signal, null, null, body);
    }

    @Override
    public String toString() {
        return category + " " + transport + " " + signal.lowerName() + " (" + body.length + " bytes, Content-Type "
                + contentType + ", Content-Encoding " + contentEncoding + ")";
    }
}
