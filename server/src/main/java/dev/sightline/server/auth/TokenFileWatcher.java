package dev.sightline.server.auth;

import dev.sightline.alerting.config.ConfigException;
import dev.sightline.security.Authenticator;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Loads the token file at start (a bad file stops the start, naming file and line) and re-reads it when it
 * changes, which is how tokens are rotated without a restart: add the new hash, move clients over, remove the old
 * one. A file that turns bad later keeps the previous tokens and logs why.
 */
@Singleton
public class TokenFileWatcher {
    private static final Logger LOG = Logger.getLogger(TokenFileWatcher.class);

    private final AuthSettings settings;
    private final Authenticator authenticator;
    private ScheduledExecutorService timer;
    private volatile String lastText;

    public TokenFileWatcher(AuthSettings settings, Authenticator authenticator) {
        this.settings = settings;
        this.authenticator = authenticator;
    }

    /** Loads the file and starts watching it; a bad file stops the start. */
    void start() {
        if (settings.tokenFile().isEmpty()) {
            return;
        }
        Path file = Path.of(settings.tokenFile().get());
        try {
            load(file);
        } catch (ConfigException | IOException e) {
            throw new IllegalStateException("cannot load the token file: " + e.getMessage(), e);
        }
        long every = settings.tokenFileCheckInterval().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sightline-token-file");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> reload(file), every, every, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void reload(Path file) {
        try {
            load(file);
        } catch (ConfigException | IOException e) {
            LOG.errorf("token file not reloaded, the previous tokens stay in force: %s", e.getMessage());
        }
    }

    private void load(Path file) throws IOException, ConfigException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), 0, "not valid UTF-8");
        }
        if (text.equals(lastText)) {
            return;
        }
        var tokens = TokenFile.parse(file.toString(), text);
        authenticator.replace(TokenFile.SOURCE, tokens);
        lastText = text;
        LOG.infof("token file %s: %d token(s)", file, tokens.size());
    }
}
