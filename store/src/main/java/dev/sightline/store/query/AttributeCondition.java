package dev.sightline.store.query;

import dev.sightline.store.model.AnyValue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One test of one attribute. Values are compared as text ({@link AnyValues#text}): {@code http.status_code=500}
 * matches the integer 500 as well as the string "500". A regex must match the whole value (as in PromQL and
 * TraceQL). NOT_EQUALS and NOT_MATCHES hold only when the attribute exists with another value; NOT_EXISTS is the
 * test for absence.
 */
public record AttributeCondition(String key, Operator operator, String value, Pattern pattern) {

    public enum Operator { EQUALS, NOT_EQUALS, MATCHES, NOT_MATCHES, EXISTS, NOT_EXISTS }

    public AttributeCondition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        boolean needsValue = operator != Operator.EXISTS && operator != Operator.NOT_EXISTS;
        if (needsValue && value == null) {
            throw new IllegalArgumentException(operator + " needs a value");
        }
        if ((operator == Operator.MATCHES || operator == Operator.NOT_MATCHES) && pattern == null) {
            pattern = Pattern.compile(value);
        }
    }

    public static AttributeCondition equalTo(String key, String value) {
        return new AttributeCondition(key, Operator.EQUALS, value, null);
    }

    public static AttributeCondition of(String key, Operator operator, String value) {
        return new AttributeCondition(key, operator, value, null);
    }

    /** Tests the attribute's value, null when the item does not carry the key. */
    public boolean test(AnyValue actual) {
        return switch (operator) {
            case EXISTS -> actual != null;
            case NOT_EXISTS -> actual == null;
            case EQUALS -> actual != null && AnyValues.text(actual).equals(value);
            case NOT_EQUALS -> actual != null && !AnyValues.text(actual).equals(value);
            case MATCHES -> actual != null && BoundedMatch.matches(pattern, AnyValues.text(actual));
            case NOT_MATCHES -> actual != null && !BoundedMatch.matches(pattern, AnyValues.text(actual));
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeCondition c && key.equals(c.key) && operator == c.operator
                && Objects.equals(value, c.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, operator, value);
    }

    @Override
    public String toString() {
        return switch (operator) {
            case EXISTS -> key;
            case NOT_EXISTS -> "!" + key;
            case EQUALS -> key + "=" + value;
            case NOT_EQUALS -> key + "!=" + value;
            case MATCHES -> key + "=~" + value;
            case NOT_MATCHES -> key + "!~" + value;
        };
    }
}
