package dev.sightline.bench.ui;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.time.Duration;
import java.util.Map;

/**
 * Opens a page in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver}, started as the UI
 * tests' {@code Browser} starts them) and reads what the browser measured through the Performance API: navigation
 * start to the response, to DOMContentLoaded and to the load event, first and largest contentful paint. A script
 * added to every new document before the page's own (through the DevTools protocol, so the page's CSP does not
 * apply to it) notes the moment an element matching {@code hereSelector} is first inserted: the waterfall's
 * "← HERE" marker.
 */
final class BrowserTiming implements AutoCloseable {
    /** One page load; times in ms from navigation start, -1 when the browser did not report it. */
    record Run(double responseStart, double responseEnd, double domContentLoaded, double load, double fcp, double lcp,
               double here, long htmlBytes, long domNodes, long rows) {
    }

    private static final String COLLECT = """
            const sel = arguments[0];
            const done = arguments[arguments.length - 1];
            const nav = performance.getEntriesByType('navigation')[0];
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            let lcp = -1;
            try {
              new PerformanceObserver(list => {
                const e = list.getEntries();
                if (e.length) { lcp = e[e.length - 1].startTime; }
              }).observe({ type: 'largest-contentful-paint', buffered: true });
            } catch (e) { /* not supported */ }
            setTimeout(() => done({
              responseStart: nav.responseStart, responseEnd: nav.responseEnd,
              domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
              fcp: fcp ? fcp.startTime : -1, lcp: lcp,
              here: window.__sightlineHereAt === undefined ? -1 : window.__sightlineHereAt,
              htmlBytes: nav.encodedBodySize, domNodes: document.getElementsByTagName('*').length,
              rows: sel ? document.querySelectorAll(sel).length : -1
            }), 300);
            """;

    private final ChromeDriver driver;

    BrowserTiming(String chromium, String chromedriver, String hereSelector) {
        if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException("the browser timing needs Chromium and chromedriver (" + chromium + ", "
                    + chromedriver + "): apt-get install -y chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--lang=en-US", "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", watcher(hereSelector)));
    }

    /** Notes performance.now() when the first element matching the selector is inserted into the document. */
    private static String watcher(String selector) {
        return """
                (function () {
                  const sel = %s;
                  const obs = new MutationObserver(function (records) {
                    for (const r of records) {
                      for (const n of r.addedNodes) {
                        if (n.nodeType === 1 && (n.matches(sel) || (n.firstElementChild && n.querySelector(sel)))) {
                          window.__sightlineHereAt = performance.now();
                          obs.disconnect();
                          return;
                        }
                      }
                    }
                  });
                  obs.observe(document, { childList: true, subtree: true });
                })();
                """.formatted(jsString(selector));
    }

    private static String jsString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Loads {@code url} afresh (from a blank page) and reports the browser's timings. */
    Run open(String url, String rowSelector) {
        driver.get("about:blank");
        driver.get(url);
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> ((Number) ((JavascriptExecutor) d)
                .executeScript("const n = performance.getEntriesByType('navigation')[0];"
                        + " return n ? n.loadEventEnd : 0;")).doubleValue() > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) driver.executeAsyncScript(COLLECT, rowSelector);
        return new Run(num(m, "responseStart"), num(m, "responseEnd"), num(m, "domContentLoaded"), num(m, "load"),
                num(m, "fcp"), num(m, "lcp"), num(m, "here"), (long) num(m, "htmlBytes"), (long) num(m, "domNodes"),
                (long) num(m, "rows"));
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.doubleValue() : -1;
    }

    String version() {
        Object v = driver.getCapabilities().getCapability("browserVersion");
        return v == null ? "?" : v.toString();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
