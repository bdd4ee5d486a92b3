package dev.sightline.query.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The series of an answer, up to the most series and values one answer may hold; past either cap no more are taken
 * and the answer is truncated.
 */
final class AnswerSize {
    private final int maxSeries;
    private final int maxPoints;
    private final List<RangeResult.Series> series = new ArrayList<>();
    private long points;
    private boolean truncated;

    AnswerSize(int maxSeries, int maxPoints) {
        this.maxSeries = maxSeries;
        this.maxPoints = maxPoints;
    }

    /** False, and the answer truncated, when {@code s} does not fit: the caller stops there. */
    boolean add(RangeResult.Series s) {
        if (series.size() >= maxSeries || points + s.times().length > maxPoints) {
            truncated = true;
            return false;
        }
        points += s.times().length;
        series.add(s);
        return true;
    }

    List<RangeResult.Series> series() {
        return series;
    }

    boolean truncated() {
        return truncated;
    }
}
