package dev.sightline.collector.ingest;

public enum Transport {
    GRPC, HTTP;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
