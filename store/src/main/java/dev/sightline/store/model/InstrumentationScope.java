package dev.sightline.store.model;

import java.util.List;

/** The library that produced telemetry, with the schema URL of the scope group it came in. */
public record InstrumentationScope(String name, String version, List<Attribute> attributes,
                                   int droppedAttributesCount, String schemaUrl) {

    public static final InstrumentationScope EMPTY = new InstrumentationScope("", "", List.of(), 0, "");

    public InstrumentationScope {
        name = name == null ? "" : name;
        version = version == null ? "" : version;
        attributes = List.copyOf(attributes);
        schemaUrl = schemaUrl == null ? "" : schemaUrl;
    }
}
