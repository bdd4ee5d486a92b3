package dev.sightline.collector.redaction;

import java.util.Locale;

/** Why a value was masked: the {@code reason} tag of {@code sightline_redactions_total}. */
public enum RedactionReason {
    /** The attribute's key names a secret ({@code password}, {@code authorization}, ...): the whole value. */
    KEY,
    /** {@code key=value} or {@code key: value} inside a text (log lines, URL query strings, JSON in a body). */
    INLINE_KEY,
    /** A JSON Web Token ({@code eyJ....eyJ....sig}). */
    JWT,
    /** An AWS access key ID or a Google API key. */
    CLOUD_KEY,
    /** A GitHub, Slack or Stripe token, recognisable by its prefix. */
    VENDOR_TOKEN,
    /** The credentials after {@code Bearer} or {@code Basic}. */
    BEARER,
    /** A payment card number (13–19 digits that pass the Luhn check). */
    CARD,
    /** The password in {@code scheme://user:password@host}. */
    URL_CREDENTIALS,
    /** A PEM private key block. */
    PRIVATE_KEY,
    /** A pattern from {@code sightline.redaction.patterns}. */
    CUSTOM;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
