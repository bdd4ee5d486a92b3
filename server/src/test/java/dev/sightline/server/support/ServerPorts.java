package dev.sightline.server.support;

import dev.sightline.collector.http.OtlpHttpServer;
import io.quarkus.arc.Arc;
import org.eclipse.microprofile.config.ConfigProvider;

/** The ports a @QuarkusTest server really listens on (tests bind port 0: fixed ports may be taken). */
public final class ServerPorts {
    private ServerPorts() {
    }

    public static int api() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    public static int grpc() {
        return ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    }

    public static int otlpHttp() {
        return Arc.container().instance(OtlpHttpServer.class).get().port();
    }
}
