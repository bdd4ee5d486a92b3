package dev.sightline.alerting.slo;

/** Valid and good events over some span of time. */
public record EventCounts(long good, long total) {
    public static final EventCounts NONE = new EventCounts(0, 0);

    public long bad() {
        return total - good;
    }

    /** good / total; null without events. */
    public Double sli() {
        return total == 0 ? null : (double) good / total;
    }

    /**
     * How many times faster than the SLO allows the budget burns: the bad ratio over the budget ratio (1 means the
     * budget lasts exactly the window); null without events.
     */
    public Double burnRate(double objective) {
        return total == 0 ? null : ((double) bad() / total) / (1 - objective);
    }

    EventCounts plus(long g, long t) {
        return new EventCounts(good + g, total + t);
    }
}
