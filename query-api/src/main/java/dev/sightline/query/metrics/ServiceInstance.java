package dev.sightline.query.metrics;

import dev.sightline.store.model.Attribute;
import dev.sightline.store.read.MetricSeries;

import java.util.List;

/** One instance of the service: its resource attributes, shown by instance ID or host name (or null). */
record ServiceInstance(List<Attribute> attributes, String display) {

    static ServiceInstance of(MetricSeries s) {
        List<Attribute> attributes = s.resource().attributes();
        String id = Attribute.findString(attributes, "service.instance.id");
        if (id == null) {
            id = Attribute.findString(attributes, "host.name");
        }
        return new ServiceInstance(attributes, id);
    }
}
