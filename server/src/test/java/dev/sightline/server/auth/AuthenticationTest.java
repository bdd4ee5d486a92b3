package dev.sightline.server.auth;

import dev.sightline.security.ApiTokens;
import dev.sightline.security.Scope;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.support.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.sightline.server.auth.TwoTenants.ALPHA;
import static dev.sightline.server.auth.TwoTenants.BETA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokens on a real server: scopes on the API, the OTLP/HTTP and OTLP/gRPC receivers, the admin API's token life
 * cycle (create, use, rotate with and without grace, revoke), signing in to the UI with a cookie, and the token
 * file re-read when it changes.
 */
@QuarkusTest
@TestProfile(TwoTenants.class)
class AuthenticationTest {
    private final ApiClient anonymous = new ApiClient(ServerPorts.api());
    private ManagedChannel channel;

    private static String token(String tenant, Scope scope) {
        return TestTokens.configured(tenant, scope);
    }

    @AfterEach
    void closeChannel() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    @Test
    void theApiNeedsAReadTokenAndWritesNeedAnAdminOne() {
        Response none = anonymous.get("/api/services");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"sightline\"");
        assertThat(none.jsonPath().getString("error")).contains("token is required");

        Response wrongKind = anonymous.withToken(token(ALPHA, Scope.INGEST)).get("/api/services");
        assertThat(wrongKind.statusCode()).as("an ingest token cannot query").isEqualTo(403);
        assertThat(wrongKind.jsonPath().getString("error")).contains("ingest token").contains("read token");

        assertThat(anonymous.withToken(token(ALPHA, Scope.READ)).get("/api/services").statusCode()).isEqualTo(200);
        assertThat(anonymous.withToken(token(ALPHA, Scope.ADMIN)).get("/api/services").statusCode()).isEqualTo(200);
        assertThat(anonymous.withToken("slr_" + "x".repeat(36)).get("/api/services").statusCode())
                .as("well-shaped but not a real token").isEqualTo(401);

        String silence = """
                {"matchers":[{"name":"service","value":"x"}],"endsAt":"2099-01-01T00:00:00Z",
                 "createdBy":"test","comment":"scope check"}""";
        assertThat(anonymous.withToken(token(ALPHA, Scope.READ)).request().contentType("application/json")
                .body(silence).post("/api/silences").statusCode()).as("a read token cannot write").isEqualTo(403);
        assertThat(anonymous.withToken(token(ALPHA, Scope.ADMIN)).request().contentType("application/json")
                .body(silence).post("/api/silences").statusCode()).isBetween(200, 201);
    }

    @Test
    void otlpHttpNeedsAnIngestToken() {
        String body = "{\"resourceSpans\":[]}";
        Response none = post("/v1/traces", null, body);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(post("/v1/traces", token(ALPHA, Scope.READ), body).statusCode()).isEqualTo(403);
        assertThat(post("/v1/traces", token(ALPHA, Scope.ADMIN), body).statusCode())
                .as("admin administers; it does not send telemetry").isEqualTo(403);
        assertThat(post("/v1/traces", token(ALPHA, Scope.INGEST), body).statusCode()).isEqualTo(200);
        assertThat(post("/v1/nothing-here", null, body).statusCode())
                .as("unknown paths are not revealed without a token").isEqualTo(401);
    }

    @Test
    void otlpGrpcNeedsAnIngestToken() {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", ServerPorts.grpc()).usePlaintext().build();
        ExportTraceServiceRequest empty = ExportTraceServiceRequest.getDefaultInstance();

        assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(channel).export(empty))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> stub(token(BETA, Scope.READ)).export(empty))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThat(stub(token(BETA, Scope.INGEST)).export(empty)).isNotNull();
    }

    @Test
    void tokensMadeThroughTheAdminApiWorkRotateAndRevoke() {
        ApiClient admin = anonymous.withToken(token(ALPHA, Scope.ADMIN));
        Response created = admin.request().contentType("application/json")
                .body("{\"name\":\"grafana\",\"scope\":\"read\"}").post("/api/admin/tokens");
        assertThat(created.statusCode()).isEqualTo(201);
        String first = created.jsonPath().getString("token");
        String id = created.jsonPath().getString("id");
        assertThat(ApiTokens.scopeOf(first)).contains(Scope.READ);
        assertThat(created.jsonPath().getString("tenant")).isEqualTo(ALPHA);
        assertThat(anonymous.withToken(first).get("/api/services").statusCode()).isEqualTo(200);

        String listing = admin.get("/api/admin/tokens").asString();
        assertThat(listing).contains(id).contains("grafana")
                .doesNotContain(first).doesNotContain(ApiTokens.sha256(first));
        assertThat(anonymous.withToken(token(BETA, Scope.ADMIN)).get("/api/admin/tokens").asString())
                .as("another tenant's admin does not see it").doesNotContain(id);
        assertThat(anonymous.withToken(token(BETA, Scope.ADMIN)).request().delete("/api/admin/tokens/" + id)
                .statusCode()).as("nor can it revoke it").isEqualTo(404);

        Response rotated = admin.request().post("/api/admin/tokens/" + id + "/rotate?grace=1h");
        assertThat(rotated.statusCode()).isEqualTo(201);
        String second = rotated.jsonPath().getString("token");
        String secondId = rotated.jsonPath().getString("id");
        assertThat(anonymous.withToken(first).get("/api/services").statusCode()).as("within its grace").isEqualTo(200);
        assertThat(anonymous.withToken(second).get("/api/services").statusCode()).isEqualTo(200);

        Response third = admin.request().post("/api/admin/tokens/" + secondId + "/rotate");
        assertThat(third.statusCode()).isEqualTo(201);
        assertThat(anonymous.withToken(second).get("/api/services").statusCode()).as("no grace").isEqualTo(401);
        String thirdToken = third.jsonPath().getString("token");
        assertThat(anonymous.withToken(thirdToken).get("/api/services").statusCode()).isEqualTo(200);

        assertThat(admin.request().delete("/api/admin/tokens/" + third.jsonPath().getString("id")).statusCode())
                .isEqualTo(204);
        assertThat(anonymous.withToken(thirdToken).get("/api/services").statusCode()).isEqualTo(401);

        assertThat(admin.request().contentType("application/json")
                .body("{\"name\":\"x\",\"scope\":\"read\",\"tenant\":\"beta\"}").post("/api/admin/tokens")
                .statusCode()).as("an admin cannot make tokens for another tenant").isEqualTo(403);
        assertThat(anonymous.withToken(token(ALPHA, Scope.READ)).request().contentType("application/json")
                .body("{\"name\":\"x\",\"scope\":\"admin\"}").post("/api/admin/tokens").statusCode())
                .as("a read token cannot make tokens").isEqualTo(403);
        assertThat(admin.request().contentType("application/json").body("{\"name\":\"x\",\"scope\":\"root\"}")
                .post("/api/admin/tokens").statusCode()).isEqualTo(400);
    }

    @Test
    void aPersonSignsInOnceAndTheCookieCarriesTheToken() {
        Response page = RestAssured.given().port(ServerPorts.api()).redirects().follow(false)
                .accept("text/html").get("/services?range=1h");
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.asString()).contains("/login?next=%2Fservices%3Frange%3D1h");

        Response ingest = signIn(token(ALPHA, Scope.INGEST), "/services");
        assertThat(ingest.statusCode()).isEqualTo(403);
        assertThat(ingest.asString()).contains("cannot browse");

        Response ok = signIn(token(ALPHA, Scope.READ), "/services?range=1h");
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.header("Location")).endsWith("/services?range=1h");
        String setCookie = ok.header("Set-Cookie");
        assertThat(setCookie).startsWith("sightline_token=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict");

        Response withCookie = RestAssured.given().port(ServerPorts.api()).accept("text/html")
                .cookie("sightline_token", ok.getCookie("sightline_token")).get("/services");
        assertThat(withCookie.statusCode()).isEqualTo(200);
        assertThat(withCookie.asString()).contains("Services");

        assertThat(signIn(token(ALPHA, Scope.READ), "//evil.example/x").header("Location"))
                .as("no open redirect").endsWith("/services").doesNotContain("evil");
        assertThat(signIn("slr_nonsense", "/services").statusCode()).isEqualTo(401);
    }

    @Test
    void editingTheTokenFileRevokesAndAddsTokensWithoutARestart() throws Exception {
        Path file = Path.of(ConfigProvider.getConfig().getValue("sightline.auth.token-file", String.class));
        String original = Files.readString(file);
        String betaRead = token(BETA, Scope.READ);
        assertThat(anonymous.withToken(betaRead).get("/api/services").statusCode()).isEqualTo(200);
        String withoutBetaRead = original.replaceAll(
                "  - name: beta-read\\n    tenant: beta\\n    scope: read\\n    sha256: [0-9a-f]{64}\\n", "");
        assertThat(withoutBetaRead).isNotEqualTo(original);
        try {
            Files.writeString(file, withoutBetaRead);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> anonymous.withToken(betaRead).get("/api/services").statusCode() == 401);
            assertThat(anonymous.withToken(token(ALPHA, Scope.READ)).get("/api/services").statusCode())
                    .as("the others stay").isEqualTo(200);

            Files.writeString(file, "tokens: [ {name: broken");
            Thread.sleep(1_000);
            assertThat(anonymous.withToken(token(ALPHA, Scope.READ)).get("/api/services").statusCode())
                    .as("a broken file keeps the previous tokens").isEqualTo(200);
        } finally {
            Files.writeString(file, original);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> anonymous.withToken(betaRead).get("/api/services").statusCode() == 200);
    }

    private TraceServiceGrpc.TraceServiceBlockingStub stub(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return TraceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Response post(String path, String token, String body) {
        var spec = RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/json").body(body);
        return (token == null ? spec : spec.header("Authorization", "Bearer " + token)).post(path);
    }

    private static Response signIn(String token, String next) {
        return RestAssured.given().port(ServerPorts.api()).redirects().follow(false)
                .header("Sec-Fetch-Site", "same-origin")
                .formParams(Map.of("token", token, "next", next)).post("/login");
    }
}
