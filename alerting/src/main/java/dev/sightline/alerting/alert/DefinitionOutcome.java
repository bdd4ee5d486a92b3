package dev.sightline.alerting.alert;

import java.util.List;

/**
 * What one definition's condition said this round: its violations, or the error that kept it from telling (then
 * its instances keep their state).
 */
public record DefinitionOutcome(AlertDefinition definition, List<Violation> violations, String error) {
    public DefinitionOutcome {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public static DefinitionOutcome evaluated(AlertDefinition definition, List<Violation> violations) {
        return new DefinitionOutcome(definition, violations, null);
    }

    public static DefinitionOutcome failed(AlertDefinition definition, String error) {
        return new DefinitionOutcome(definition, List.of(), error);
    }
}
