package dev.sightline.query.metrics;

import dev.sightline.query.errors.BadParameterException;

/** Refuses a query once it has read more samples and buckets than allowed, before it can hog a thread. */
final class WorkBudget {
    private final long max;
    private long spent;

    WorkBudget(long max) {
        this.max = max;
    }

    void spend(long units) {
        spent += units;
        if (spent > max) {
            throw new BadParameterException("step", "the query reads more than " + max + " samples and buckets;"
                    + " use a larger step, a shorter range or window, or narrow it down with match");
        }
    }
}
