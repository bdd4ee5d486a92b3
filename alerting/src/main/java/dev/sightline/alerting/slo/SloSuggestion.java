package dev.sightline.alerting.slo;

/**
 * A proposed SLO: the definition, the text that adds it ({@code PUT /api/slos/{name}} with it as the body, or an
 * item of the SLO file's list) and what it is based on.
 */
public record SloSuggestion(SloDefinition slo, String yaml, String basis) {
}
