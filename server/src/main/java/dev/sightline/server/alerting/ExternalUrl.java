package dev.sightline.server.alerting;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address people reach Sightline at, for the links notifications carry: {@code sightline.alerting.external-url}
 * or, by default, the API's own host and port (fine on one machine; set it when receivers are elsewhere).
 */
@Singleton
public class ExternalUrl {
    private final String value;

    public ExternalUrl(AlertingSettings settings,
                       @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1") String host,
                       @ConfigProperty(name = "quarkus.http.port", defaultValue = "16686") int port) {
        String configured = settings.externalUrl().orElse("http://" + host + ":" + port);
        this.value = configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }

    public String value() {
        return value;
    }
}
