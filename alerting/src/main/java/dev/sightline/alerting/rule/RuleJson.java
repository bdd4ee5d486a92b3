package dev.sightline.alerting.rule;

import dev.sightline.alerting.config.YamlNode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.alerting.alert.EvidenceQuery;
import dev.sightline.alerting.config.ConfigProblem;


/** The JSON shapes of {@link RuleResource}. */
final class RuleJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RuleJson() {
    }

    /** A rule in the rule file's field names, plus where it came from; {@code source} is file or api. */
    static ObjectNode rule(AlertRule r, String source) {
        ObjectNode o = JSON.objectNode();
        o.put("name", r.name());
        o.put("expr", r.source());
        o.put("for", YamlNode.formatDuration(r.forDuration()));
        o.put("keep_firing_for", YamlNode.formatDuration(r.keepFiringFor()));
        o.put("min_requests", r.minRequests());
        ObjectNode labels = o.putObject("labels");
        r.labels().forEach(labels::put);
        ObjectNode annotations = o.putObject("annotations");
        r.annotations().forEach(annotations::put);
        o.put("runbook", r.runbook());
        o.put("origin", r.origin());
        o.put("source", source);
        return o;
    }

    static ObjectNode problem(ConfigProblem p) {
        ObjectNode o = JSON.objectNode();
        o.put("file", p.file());
        o.put("line", p.line());
        o.put("reason", p.reason());
        o.put("message", p.message());
        o.put("since", p.since().toString());
        return o;
    }

    static ObjectNode series(SeriesValue s) {
        ObjectNode o = JSON.objectNode();
        ObjectNode labels = o.putObject("labels");
        s.labels().forEach(labels::put);
        number(o, "value", s.value());
        o.put("violating", s.violating());
        if (!s.annotations().isEmpty()) {
            ObjectNode annotations = o.putObject("annotations");
            s.annotations().forEach(annotations::put);
        }
        if (s.evidence() != null) {
            o.set("evidence", evidence(s.evidence()));
        }
        return o;
    }

    static ObjectNode evidence(EvidenceQuery e) {
        ObjectNode o = JSON.objectNode();
        if (e.service() != null) {
            o.put("service", e.service());
        }
        if (e.operation() != null) {
            o.put("operation", e.operation());
        }
        if (e.errorsOnly()) {
            o.put("errorsOnly", true);
        }
        if (e.minDurationNanos() != null) {
            o.put("minDurationNanos", e.minDurationNanos());
        }
        if (e.from() != null) {
            o.put("from", e.from().toString());
        }
        if (e.to() != null) {
            o.put("to", e.to().toString());
        }
        if (!e.exemplarTraceIds().isEmpty()) {
            e.exemplarTraceIds().forEach(o.putArray("exemplarTraceIds")::add);
        }
        return o;
    }

    /** JSON has no infinities: those are written as the strings "+Inf" and "-Inf", as Prometheus does. */
    static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.put(field, Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf");
        }
    }
}
