package dev.sightline.server.auth;

import dev.sightline.security.Authenticator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads the tokens before anything else starts (the stores open one store per tenant a token names), then
 * refuses to start a Sightline that anyone on the network could use: a non-loopback address without a single
 * token, unless that is explicitly what the operator asked for.
 */
@Singleton
public class AuthLifecycle {
    private static final Logger LOG = Logger.getLogger(AuthLifecycle.class);

    private final TokenFileWatcher tokenFile;
    /** Injected, hence opened, before the stores: they open a store for every tenant an API-made token names. */
    private final ManagedTokens managed;
    private final Authenticator authenticator;
    private final AuthSettings settings;
    private final String httpHost;
    private final String grpcHost;
    private final String otlpHttpHost;

    public AuthLifecycle(TokenFileWatcher tokenFile, ManagedTokens managed, Authenticator authenticator,
                         AuthSettings settings,
                         @ConfigProperty(name = "quarkus.http.host") String httpHost,
                         @ConfigProperty(name = "quarkus.grpc.server.host", defaultValue = "127.0.0.1") String grpcHost,
                         @ConfigProperty(name = "sightline.otlp.http.host", defaultValue = "127.0.0.1")
                         String otlpHttpHost) {
        this.tokenFile = tokenFile;
        this.managed = managed;
        this.authenticator = authenticator;
        this.settings = settings;
        this.httpHost = httpHost;
        this.grpcHost = grpcHost;
        this.otlpHttpHost = otlpHttpHost;
    }

    void start(@Observes @Priority(0) StartupEvent event) {
        tokenFile.start();
        NetworkExposure exposure = NetworkExposure.of(httpHost, grpcHost, otlpHttpHost);
        if (authenticator.enabled()) {
            LOG.infof("authentication is on: every endpoint but health needs a token (%d tenant(s))",
                    authenticator.tenants().size());
        } else if (exposure.loopbackOnly()) {
            LOG.info("no token configured: Sightline answers anyone on this machine (loopback only)");
        } else if (settings.allowUnauthenticatedNetworkAccess()) {
            LOG.warnf("no token configured and listening on %s: ANYONE who can reach it can read and write all "
                    + "telemetry (sightline.auth.allow-unauthenticated-network-access=true)", exposure.exposed());
        } else {
            throw new IllegalStateException(exposure.refusal());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        tokenFile.stop();
        managed.close();
    }
}
