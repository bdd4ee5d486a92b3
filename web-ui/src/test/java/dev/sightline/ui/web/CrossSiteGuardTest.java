package dev.sightline.ui.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CrossSiteGuardTest {
    private static final String HOST = "sightline.example:16686";

    @Test
    void postsFromOurOwnPagesAndFromToolsAreAccepted() {
        assertThat(CrossSiteGuard.refusal("same-origin", "http://sightline.example:16686", HOST)).isNull();
        assertThat(CrossSiteGuard.refusal(null, null, HOST)).as("curl sends neither").isNull();
        assertThat(CrossSiteGuard.refusal(null, "http://SIGHTLINE.example:16686", HOST)).isNull();
        // Behind a TLS-terminating proxy the page is https while Sightline sees plain http: the scheme may differ.
        assertThat(CrossSiteGuard.refusal("same-origin", "https://sightline.example", "sightline.example")).isNull();
    }

    @Test
    void postsFromAnywhereElseAreRefused() {
        assertThat(CrossSiteGuard.refusal(null, "https://evil.example", HOST)).contains("evil.example");
        assertThat(CrossSiteGuard.refusal("cross-site", null, HOST)).contains("cross-site");
        assertThat(CrossSiteGuard.refusal("same-site", "http://sightline.example:16686", HOST)).isNotNull();
        assertThat(CrossSiteGuard.refusal("none", null, HOST)).as("typed into the address bar: not a form")
                .isNotNull();
        assertThat(CrossSiteGuard.refusal(null, "null", HOST)).as("sandboxed or file: pages").isNotNull();
        assertThat(CrossSiteGuard.refusal(null, "http://sightline.example:8080", HOST)).as("another port")
                .isNotNull();
        assertThat(CrossSiteGuard.refusal(null, "http://sightline.example.evil.example:16686", HOST)).isNotNull();
        assertThat(CrossSiteGuard.refusal(null, "http://sightline.example:16686", null)).isNotNull();
    }

    @Test
    void aRefusalIsA403Page() {
        PageException e = catchThrowableOfType(PageException.class,
                () -> CrossSiteGuard.check(null, "https://evil.example", HOST));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).startsWith("Refused a form post from another site");
    }
}
