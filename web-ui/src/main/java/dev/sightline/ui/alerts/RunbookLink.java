package dev.sightline.ui.alerts;

import dev.sightline.alerting.runbook.Runbook;

/**
 * The runbook an alert names. Alerts carry it only as the {@code runbook_url} annotation, an absolute link built
 * on the external URL for receivers; the UI links {@code /runbooks/{name}} on the host the page came from, which
 * works whatever the external URL says.
 */
final class RunbookLink {
    private static final String PATH = "/runbooks/";

    private RunbookLink() {
    }

    /** The runbook's name, or null when the URL does not end in {@code /runbooks/<valid name>}. */
    static String nameOf(String runbookUrl) {
        if (runbookUrl == null) {
            return null;
        }
        int at = runbookUrl.lastIndexOf(PATH);
        if (at < 0) {
            return null;
        }
        String name = runbookUrl.substring(at + PATH.length());
        return Runbook.isValidName(name) ? name : null;
    }
}
