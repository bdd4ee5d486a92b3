package dev.sightline.server.ui.login;

import dev.sightline.security.Scope;
import dev.sightline.server.auth.TwoTenants;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.support.Telemetry;
import dev.sightline.server.support.TestTokens;
import io.opentelemetry.api.trace.Span;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in, in a real Chromium, to a server with two tenants: a page opened without a token leads to the
 * sign-in form and back to the page after it; the cookie cannot be read by scripts; each tenant's person sees
 * their own services only; signing out ends it.
 */
@QuarkusTest
@TestProfile(TwoTenants.class)
class SignInPageTest {
    private static Browser browser;

    @BeforeAll
    static void start() {
        new ApiClient(ServerPorts.api());
        for (String tenant : new String[]{TwoTenants.ALPHA, TwoTenants.BETA}) {
            try (Telemetry apps = new Telemetry(ServerPorts.grpc(), TestTokens.configured(tenant, Scope.INGEST))) {
                Span s = apps.tracer(tenant + "-web").spanBuilder("GET /").startSpan();
                s.end();
                apps.flush();
            }
            new ApiClient(ServerPorts.api()).withToken(TestTokens.configured(tenant, Scope.READ))
                    .await("/api/services", r -> r.asString().contains(tenant + "-web"));
        }
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aPersonSignsInSeesOnlyTheirTenantAndSignsOut() {
        browser.driver().manage().deleteAllCookies();
        browser.open("/services?sort=name");
        browser.waitFor(d -> d.getCurrentUrl().contains("/login"));
        assertThat(browser.location()).contains("next=%2Fservices%3Fsort%3Dname");

        browser.find("input[name=token]").sendKeys("slr_not-a-token");
        browser.find(".login-form button").click();
        assertThat(browser.waitFor(".login .error-message").getText()).contains("not valid");

        browser.find("input[name=token]").sendKeys(TestTokens.configured(TwoTenants.BETA, Scope.READ));
        browser.find(".login-form button").click();
        browser.waitFor(d -> d.getCurrentUrl().contains("/services?sort=name"));
        String page = browser.find("main").getText();
        assertThat(page).contains("beta-web").doesNotContain("alpha-web");

        Cookie cookie = browser.driver().manage().getCookieNamed("sightline_token");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(browser.script("return document.cookie")).as("scripts cannot read it").isEqualTo("");
        browser.screenshot("signed-in-services");

        browser.find(".signout button").click();
        browser.waitFor(d -> d.getCurrentUrl().contains("/login"));
        browser.open("/services");
        browser.waitFor(d -> d.getCurrentUrl().contains("/login"));
        // Chromium logs every 401 answer as a failed load; those are the point. Anything else is not.
        assertThat(browser.consoleErrors()).as("no other console errors, no CSP violations")
                .allMatch(e -> e.contains("status of 401"));
    }
}
