package dev.sightline.alerting.alert;

import java.time.Instant;
import java.util.List;

/** The test an alert definition applies each evaluation round. */
@FunctionalInterface
public interface AlertCondition {

    /**
     * Every series that violates the condition at {@code now} (an empty list: all is well). Throws when it cannot
     * tell (data not readable yet, a query refused): the alert's state is then left as it was, neither resolved nor
     * fired on a guess.
     */
    List<Violation> evaluate(Instant now);
}
