package dev.sightline.store.query;

import dev.sightline.store.model.AnyValue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Attribute conditions in disjunctive normal form: the filter holds if every condition of at least one group
 * holds. No groups = no constraint. Evaluated against one item (a span or a log record) through a lookup that
 * decides where a key is searched (the item's attributes, then its resource's).
 */
public record AttributeFilter(List<List<AttributeCondition>> anyOf) {
    public static final AttributeFilter NONE = new AttributeFilter(List.of());

    public AttributeFilter {
        anyOf = anyOf.stream().map(List::copyOf).toList();
        if (anyOf.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("an AND group of an attribute filter is empty");
        }
    }

    public static AttributeFilter allOf(List<AttributeCondition> conditions) {
        return conditions.isEmpty() ? NONE : new AttributeFilter(List.of(conditions));
    }

    public boolean isEmpty() {
        return anyOf.isEmpty();
    }

    public boolean matches(Function<String, AnyValue> lookup) {
        if (anyOf.isEmpty()) {
            return true;
        }
        for (List<AttributeCondition> group : anyOf) {
            boolean all = true;
            for (AttributeCondition c : group) {
                if (!c.test(lookup.apply(c.key()))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return anyOf.stream().map(g -> g.stream().map(Object::toString).collect(Collectors.joining(" and ")))
                .collect(Collectors.joining(" or "));
    }
}
