package dev.sightline.server.auth;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.Routes;
import dev.sightline.server.support.ServerPorts;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With tokens configured, nothing answers without one: every HTTP route Sightline declares (enumerated from the
 * code, see {@link Routes}), the framework's own (/q/metrics, /q/openapi, /q/swagger-ui), a route that does not
 * exist, every path of the OTLP/HTTP receiver and every method of every gRPC service. Only health probes, the
 * sign-in page and the UI's static files answer, and they carry no data.
 */
@QuarkusTest
@TestProfile(TwoTenants.class)
class DenyByDefaultTest {
    private final ApiClient api = new ApiClient(ServerPorts.api());

    @Test
    void everyDeclaredHttpRouteAnswers401WithoutAToken() {
        List<Routes.Route> routes = Routes.http();
        assertThat(routes).as("the enumeration finds the API, the Jaeger API, the UI and the admin API")
                .hasSizeGreaterThan(40)
                .anyMatch(r -> r.template().startsWith("/api/traces"))
                .anyMatch(r -> r.template().startsWith("/jaeger/api"))
                .anyMatch(r -> r.template().equals("/services"))
                .anyMatch(r -> r.template().startsWith("/api/admin/tokens"));
        List<String> open = new ArrayList<>();
        for (Routes.Route route : routes) {
            String path = route.path("x");
            if (path.equals("/login") || path.equals("/logout")) {
                continue; // signing in and out is what one does without a token
            }
            Response r = RestAssured.given().port(ServerPorts.api()).redirects().follow(false)
                    .contentType("application/json").body(route.method().equals("GET") ? "" : "{}")
                    .request(route.method(), path);
            if (r.statusCode() != 401) {
                open.add(route.method() + " " + path + " (" + route.declaredBy() + ") -> " + r.statusCode());
            }
        }
        assertThat(open).as("routes answering without a token").isEmpty();
    }

    @Test
    void theFrameworksRoutesAndUnknownPathsNeedATokenToo() {
        for (String path : List.of("/q/metrics", "/q/openapi", "/q/openapi?format=json", "/q/swagger-ui",
                "/q/swagger-ui/", "/no/such/route", "/api", "/jaeger/api/services", "/")) {
            assertThat(api.get(path).statusCode()).as(path).isEqualTo(401);
        }
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live")) {
            assertThat(api.get(path).statusCode()).as(path + " stays open for probes").isEqualTo(200);
        }
        assertThat(api.get("/ui/sightline.css").statusCode()).as("static files carry no data").isEqualTo(200);
        assertThat(api.get("/login").statusCode()).isEqualTo(200);
        ApiClient admin = api.withToken(dev.sightline.server.support.TestTokens.configured(TwoTenants.ALPHA,
                dev.sightline.security.Scope.ADMIN));
        for (String path : List.of("/h2-console", "/h2-console/", "/q/dev-ui", "/q/dev")) {
            assertThat(admin.get(path).statusCode()).as(path + " does not exist, even for an admin").isEqualTo(404);
        }
    }

    @Test
    void theOtlpHttpReceiverNeedsATokenOnEveryPathAndMethod() {
        for (String path : List.of("/v1/traces", "/v1/logs", "/v1/metrics", "/v1/other", "/")) {
            for (String method : List.of("POST", "GET", "PUT", "DELETE")) {
                Response r = RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf")
                        .body(new byte[0]).request(method, path);
                assertThat(r.statusCode()).as(method + " " + path).isEqualTo(401);
            }
        }
    }

    @Test
    void everyGrpcMethodAnswersUnauthenticatedWithoutAToken() throws Exception {
        assertThat(Routes.grpcServiceClasses()).as("the gRPC services Sightline declares").hasSize(3);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", ServerPorts.grpc()).usePlaintext().build();
        try {
            int methods = 0;
            for (ServiceDescriptor service : List.of(TraceServiceGrpc.getServiceDescriptor(),
                    MetricsServiceGrpc.getServiceDescriptor(), LogsServiceGrpc.getServiceDescriptor())) {
                for (MethodDescriptor<?, ?> method : service.getMethods()) {
                    assertThat(call(channel, method.getFullMethodName()).getCode()).as(method.getFullMethodName())
                            .isEqualTo(Status.Code.UNAUTHENTICATED);
                    methods++;
                }
            }
            assertThat(methods).isEqualTo(3);
            assertThat(call(channel, "no.such.Service/Method").getCode()).as("an unknown method")
                    .isIn(Status.Code.UNAUTHENTICATED, Status.Code.UNIMPLEMENTED);
            assertThat(call(channel, "grpc.health.v1.Health/Check").getCode()).as("gRPC health stays open")
                    .isNotEqualTo(Status.Code.UNAUTHENTICATED);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Calls any method with an empty message and returns how it ended. */
    private static Status call(ManagedChannel channel, String fullMethodName) throws Exception {
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(fullMethodName)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        CompletableFuture<Status> done = new CompletableFuture<>();
        ClientCall<byte[], byte[]> call = channel.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                done.complete(status);
            }
        }, new Metadata());
        call.sendMessage(new byte[0]);
        call.halfClose();
        call.request(1);
        return done.get(15, TimeUnit.SECONDS);
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };
}
