package dev.sightline.alerting.notify;

import dev.sightline.alerting.storage.AlertingDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocketFactory;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The notifier against real sockets on loopback: receivers that never answer, trickle, answer without end or
 * cannot be connected to; the address check at start and at every delivery, including a name whose DNS answer
 * changes after the start (rebinding); and what reaches Sightline's own log. {@code @Timeout}s are safety nets
 * against a hang, not measurements.
 */
class WebhookNotifierTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final byte[] BODY = "{\"alerts\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final SSLSocketFactory TLS = (SSLSocketFactory) SSLSocketFactory.getDefault();

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeAfter.add(0, c);
        return c;
    }

    private WebhookNotifier notifier(HostResolver resolver) {
        return closing(new WebhookNotifier("test", clock, resolver, TLS));
    }

    private static Receiver loopback(String url, Duration timeout, Duration connectTimeout) {
        return Receiver.of("slow", url).withDelivery(true, 0, null, null, timeout)
                .withConnection(connectTimeout, true);
    }

    @Test
    @Timeout(30)
    void aReceiverThatAcceptsAndNeverAnswersIsCutAtTheTimeout() {
        RawSocketReceiver silent = closing(new RawSocketReceiver(
                s -> s.getInputStream().transferTo(OutputStream.nullOutputStream())));
        WebhookNotifier.Result r = notifier(HostResolver.SYSTEM)
                .post(loopback(silent.url(), Duration.ofMillis(500), null), BODY);
        assertThat(r.kind()).isEqualTo(DeliveryOutcome.RETRYING);
        assertThat(r.httpStatus()).isNull();
        assertThat(r.error()).isEqualTo("timed out after 500 ms");
        assertThat(silent.heads()).singleElement().asString().startsWith("POST /hook/s3cret-path?token=t0ken HTTP/1.1");
    }

    @Test
    @Timeout(30)
    void aReceiverThatTricklesItsAnswerIsCutAtTheTimeout() {
        // A byte every 20 ms keeps every single read within any per-read timeout: only a deadline ends it.
        RawSocketReceiver trickle = closing(new RawSocketReceiver(s -> {
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 500 Slow\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write('x');
                out.flush();
                Thread.sleep(20);
            }
        }));
        WebhookNotifier.Result r = notifier(HostResolver.SYSTEM)
                .post(loopback(trickle.url(), Duration.ofMillis(800), null), BODY);
        assertThat(r.kind()).isEqualTo(DeliveryOutcome.RETRYING);
        assertThat(r.error()).isEqualTo("timed out after 800 ms");
    }

    @Test
    @Timeout(30)
    void anEndlessAnswerIsReadOnlyUpToTheCap() throws Exception {
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'x');
        RawSocketReceiver endless = closing(new RawSocketReceiver(s -> {
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 500 Big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write(chunk);
            }
        }));
        RawSocketReceiver endlessChunked = closing(new RawSocketReceiver(s -> {
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 502 Big\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write("2000\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }));
        // A generous timeout: were the cap not enforced, these would end by timing out instead.
        Duration timeout = Duration.ofSeconds(20);
        for (RawSocketReceiver receiver : List.of(endless, endlessChunked)) {
            Receiver r = loopback(receiver.url(), timeout, null);
            try (WebhookHttp http = new WebhookHttp(TLS)) {
                WebhookHttp.Response answer = http.post(r.target(), InetAddress.getLoopbackAddress(), Map.of(),
                        BODY, r.connectTimeout(), timeout, System.nanoTime(), WebhookNotifier.MAX_BODY);
                assertThat(answer.body()).hasSize(WebhookNotifier.MAX_BODY).containsOnly('x');
            }
            WebhookNotifier.Result result = notifier(HostResolver.SYSTEM).post(r, BODY);
            assertThat(result.kind()).isEqualTo(DeliveryOutcome.RETRYING);
            assertThat(result.httpStatus()).isIn(500, 502);
            assertThat(result.error()).matches("HTTP 50[02]: x{200}…");
        }
    }

    @Test
    @Timeout(30)
    void aConnectionThatIsNeverAcceptedEndsAtTheConnectTimeout() throws Exception {
        // A listening socket whose accept queue is full: the kernel drops further SYNs, so connecting hangs.
        ServerSocket full = closing(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
        boolean hangs = false;
        for (int i = 0; i < 10 && !hangs; i++) {
            Socket s = closing(new Socket());
            try {
                s.connect(at, 200);
            } catch (SocketTimeoutException e) {
                hangs = true;
            }
        }
        assertThat(hangs).as("the accept queue filled up").isTrue();

        WebhookNotifier.Result r = notifier(HostResolver.SYSTEM).post(loopback("http://127.0.0.1:"
                + full.getLocalPort() + "/hook", Duration.ofSeconds(20), Duration.ofMillis(300)), BODY);
        assertThat(r.kind()).isEqualTo(DeliveryOutcome.RETRYING);
        assertThat(r.error()).isEqualTo("connect timed out after 300 ms");
    }

    @Test
    void connectsToTheCheckedAddressWithTheNameInTheHostHeader() throws Exception {
        HostResolver dns = host -> {
            if (!host.equals("hooks.test")) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getLoopbackAddress());
        };
        WebhookReceiver hook = closing(new WebhookReceiver());
        String url = hook.url().replace("127.0.0.1", "hooks.test");
        WebhookNotifier notifier = notifier(dns);

        WebhookNotifier.Result sent = notifier.post(Receiver.of("ops", url).withConnection(null, true), BODY);
        assertThat(sent.kind()).isEqualTo(DeliveryOutcome.DELIVERED);
        WebhookReceiver.Request request = hook.next();
        assertThat(request.header("Host")).isEqualTo(url.substring("http://".length(), url.lastIndexOf("/hook")));
        assertThat(request.body()).isEqualTo(BODY);

        WebhookNotifier.Result refused = notifier.post(Receiver.of("ops", url), BODY);
        assertThat(refused.kind()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(refused.error()).isEqualTo("refused: host hooks.test resolves to 127.0.0.1, which is not a public "
                + "address (loopback); webhooks to loopback, private, link-local and other non-public addresses "
                + "are refused unless allow-private-addresses is set");
        assertThat(hook.pending()).as("nothing sent to a refused address").isZero();

        WebhookNotifier.Result unknown = notifier.post(Receiver.of("ops", "http://gone.test/hook"), BODY);
        assertThat(unknown.kind()).as("DNS may come back").isEqualTo(DeliveryOutcome.RETRYING);
        assertThat(unknown.error()).isEqualTo("cannot resolve host gone.test");
    }

    @Test
    void aLoopbackReceiverStopsTheStartUnlessAllowed() throws Exception {
        AlertingDatabase db = closing(AlertingDatabase.open(dir));
        WebhookReceiver hook = closing(new WebhookReceiver());
        NotificationSettings settings = NotificationSettings.defaults("http://sightline.test", "1");
        assertThatThrownBy(() -> new NotificationDispatcher(db, clock, List.of(Receiver.of("local", hook.url())),
                settings, Runnable::run, new ManualScheduler(clock)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("receiver \"local\": host 127.0.0.1 is not a public address (loopback)");
        closing(new NotificationDispatcher(db, clock, List.of(Receiver.of("local", hook.url())
                .withConnection(null, true)), settings, Runnable::run, new ManualScheduler(clock)));
    }

    @Test
    void aNameThatResolvesToLoopbackAfterTheStartIsRefusedAndNotRetried() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>("192.0.2.1");
        HostResolver dns = host -> List.of(InetAddress.getByName(answer.get()));
        AlertingDatabase db = closing(AlertingDatabase.open(dir));
        WebhookReceiver hook = closing(new WebhookReceiver());
        ManualScheduler scheduler = new ManualScheduler(clock);
        Receiver ops = Receiver.of("ops", hook.url().replace("127.0.0.1", "hooks.example.com"))
                .withGrouping(null, Duration.ZERO, null, null);
        NotificationDispatcher d = closing(new NotificationDispatcher(db, clock, List.of(ops),
                NotificationSettings.defaults("http://sightline.test", "1"), Runnable::run, scheduler,
                notifier(dns), dns));

        answer.set("127.0.0.1");
        d.process(List.of(TestAlerts.firing("HighErrorRate", Map.of("service", "checkout"), T0)), T0);
        scheduler.advanceTo(T0.plus(Duration.ofMinutes(4)));

        assertThat(d.deliveryLog().recent("ops", 10)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(DeliveryOutcome.FAILED);
            assertThat(a.httpStatus()).isNull();
            assertThat(a.error()).startsWith("refused: host hooks.example.com resolves to 127.0.0.1, which is not "
                    + "a public address (loopback)");
        });
        assertThat(hook.pending()).isZero();
    }

    @Test
    void sightlinesOwnLogShowsTheMaskedUrlAndNoSecret() throws Exception {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                Object[] params = r.getParameters();
                lines.add(params == null ? r.getMessage() : String.format(r.getMessage(), params));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("dev.sightline.alerting.notify");
        log.addHandler(capture);
        try {
            AlertingDatabase db = closing(AlertingDatabase.open(dir));
            WebhookReceiver hook = closing(new WebhookReceiver());
            hook.reply(WebhookReceiver.Reply.status(400));
            ManualScheduler scheduler = new ManualScheduler(clock);
            Receiver ops = Receiver.of("ops", hook.url() + "/s3cret-path?token=t0ken")
                    .withGrouping(null, Duration.ZERO, null, null)
                    .withDelivery(true, 0, "hmac-s3cret", Map.of("Authorization", "Bearer b34rer"), null)
                    .withConnection(null, true);
            NotificationDispatcher d = closing(new NotificationDispatcher(db, clock, List.of(ops),
                    NotificationSettings.defaults("http://sightline.test", "1"), Runnable::run, scheduler));
            d.process(List.of(TestAlerts.firing("HighErrorRate", Map.of("service", "checkout"), T0)), T0);
            hook.next();

            String port = hook.url().split(":")[2].replace("/hook", "");
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("Receiver[ops http://127.0.0.1:" + port + "/…]")
                    .contains("HTTP 400"));
            String all = String.join("\n", lines) + new NotificationResource(d).list(null, null)
                    + new ReceiverResource(d).list();
            assertThat(all).doesNotContain("s3cret-path").doesNotContain("t0ken").doesNotContain("hmac-s3cret")
                    .doesNotContain("b34rer");
        } finally {
            log.removeHandler(capture);
        }
    }
}
