package dev.sightline.store.model;

import java.util.List;

/** The entity that produced telemetry, with the schema URL of the resource group it came in. */
public record Resource(List<Attribute> attributes, int droppedAttributesCount, String schemaUrl) {

    public static final String SERVICE_NAME = "service.name";
    /** What the OpenTelemetry SDKs report when the application sets no service name. */
    public static final String UNKNOWN_SERVICE = "unknown_service";
    public static final Resource EMPTY = new Resource(List.of(), 0, "");

    public Resource {
        attributes = List.copyOf(attributes);
        schemaUrl = schemaUrl == null ? "" : schemaUrl;
    }

    public String serviceName() {
        String name = Attribute.findString(attributes, SERVICE_NAME);
        return name == null || name.isEmpty() ? UNKNOWN_SERVICE : name;
    }
}
