package dev.sightline.ui.traces;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FindPageTest {

    @Test
    void aTraceIdOpensTheTraceInLowerCase() {
        assertThat(FindPage.target(" 5B8EFFF798038103D269B633813FC60C ")).isEqualTo(
                "/traces/5b8efff798038103d269b633813fc60c");
    }

    @Test
    void anythingElseIsARequestIdEncodedAsOnePathSegment() {
        assertThat(FindPage.target("req-42")).isEqualTo("/correlations/req-42");
        assertThat(FindPage.target("a/b?c d")).isEqualTo("/correlations/a%2Fb%3Fc%20d");
        assertThat(FindPage.target("javascript:alert(1)")).startsWith("/correlations/javascript%3A");
        // 31 hex characters, or the all-zero ID (never a trace), are request IDs.
        assertThat(FindPage.target("5b8efff798038103d269b633813fc60")).startsWith("/correlations/");
        assertThat(FindPage.target("00000000000000000000000000000000")).startsWith("/correlations/");
    }

    @Test
    void nothingGoesBackToTraceSearch() {
        assertThat(FindPage.target(null)).isEqualTo("/traces");
        assertThat(FindPage.target("   ")).isEqualTo("/traces");
    }
}
