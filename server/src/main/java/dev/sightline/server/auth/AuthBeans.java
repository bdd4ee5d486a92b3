package dev.sightline.server.auth;

import dev.sightline.security.Authenticator;
import dev.sightline.server.store.StoreSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/** The authentication classes as beans; they are plain Java. */
public class AuthBeans {

    @Produces
    @Singleton
    Authenticator authenticator(Clock clock) {
        return new Authenticator(clock);
    }

    @Produces
    @Singleton
    ManagedTokens managedTokens(StoreSettings store, Authenticator authenticator, Clock clock) {
        return ManagedTokens.open(Path.of(store.dataDir()).resolve("auth"), authenticator, clock, new SecureRandom());
    }
}
