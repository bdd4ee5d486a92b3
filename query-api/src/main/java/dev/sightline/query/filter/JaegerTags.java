package dev.sightline.query.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.query.AnyValues;
import dev.sightline.store.query.AttributeCondition;
import dev.sightline.store.query.AttributeFilter;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Jaeger's tag filters, which its query service ANDs together as equality tests: {@code tags} holds a JSON
 * object of tag names to values ({@code {"http.status_code":"500","error":"true"}}, what Jaeger UI and Grafana
 * send), and each {@code tag} parameter one {@code key:value} pair (the value runs to the end, colons included).
 * Jaeger wants string values; numbers and booleans are accepted too, compared as their text the way
 * {@link AnyValues#text} writes attribute values (so {@code 500} and {@code 500.0} both match the integer 500).
 */
public final class JaegerTags {
    private static final ObjectReader JSON = new ObjectMapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JaegerTags() {
    }

    /** The AND of every {@code tag} and {@code tags} condition; {@link AttributeFilter#NONE} when there are none. */
    public static AttributeFilter parse(List<String> tagParams, List<String> tagsParams) {
        List<AttributeCondition> all = new ArrayList<>();
        for (String kv : tagParams == null ? List.<String>of() : tagParams) {
            all.add(fromKeyValue("tag", kv));
        }
        for (String json : tagsParams == null ? List.<String>of() : tagsParams) {
            all.addAll(fromJson("tags", json));
        }
        if (all.size() > FilterExpressions.MAX_CONDITIONS) {
            throw new BadParameterException(tagsParams == null || tagsParams.isEmpty() ? "tag" : "tags",
                    "more than the maximum of " + FilterExpressions.MAX_CONDITIONS + " tags");
        }
        return AttributeFilter.allOf(List.copyOf(new LinkedHashSet<>(all)));
    }

    /** One {@code key:value} pair, split at the first colon as Jaeger does. */
    public static AttributeCondition fromKeyValue(String parameter, String keyValue) {
        if (keyValue == null || keyValue.length() > FilterExpressions.MAX_LENGTH) {
            throw new BadParameterException(parameter, "must be key:value, at most "
                    + FilterExpressions.MAX_LENGTH + " characters");
        }
        int colon = keyValue.indexOf(':');
        if (colon <= 0) {
            throw new BadParameterException(parameter, "must be key:value, e.g. http.status_code:500; got '"
                    + abbreviate(keyValue) + "'");
        }
        return AttributeCondition.equalTo(keyValue.substring(0, colon), keyValue.substring(colon + 1));
    }

    /** The equality tests of one JSON object; none when {@code json} is null or blank. */
    public static List<AttributeCondition> fromJson(String parameter, String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        if (json.length() > FilterExpressions.MAX_LENGTH) {
            throw new BadParameterException(parameter, "is longer than the maximum of "
                    + FilterExpressions.MAX_LENGTH + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "position " + e.getLocation().getColumnNr() + ": ";
            throw new BadParameterException(parameter, where + "is not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new BadParameterException(parameter,
                    "must be a JSON object of tag names to values, e.g. {\"http.status_code\":\"500\"}");
        }
        List<AttributeCondition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().isEmpty()) {
                throw new BadParameterException(parameter, "has a tag with an empty name");
            }
            conditions.add(AttributeCondition.equalTo(field.getKey(), text(parameter, field.getKey(), field.getValue())));
        }
        return conditions;
    }

    private static String text(String parameter, String key, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.booleanValue());
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return AnyValues.text(new AnyValue.DoubleValue(value.doubleValue()));
        }
        throw new BadParameterException(parameter, "the value of tag '" + abbreviate(key)
                + "' must be a string, number or boolean, not " + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
