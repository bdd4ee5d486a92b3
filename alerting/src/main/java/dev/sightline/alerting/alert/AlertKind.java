package dev.sightline.alerting.alert;

/** Where an alert comes from: a burn-rate alert generated for an SLO, or a symptom rule from the rule file or API. */
public enum AlertKind {
    /** Fast burn: pages (SRE Workbook: 14.4× over 1 h with 5 m, 6× over 6 h with 30 m). */
    SLO_PAGE,
    /** Slow burn: opens a ticket (3× over 1 d with 2 h, 1× over 3 d with 6 h). */
    SLO_TICKET,
    /** A symptom rule (error ratio, latency percentile, saturation, metric query). */
    RULE
}
