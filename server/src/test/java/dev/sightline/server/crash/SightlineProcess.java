package dev.sightline.server.crash;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged server as a child process, the way an operator runs it, so it can be killed for real. */
final class SightlineProcess implements AutoCloseable {
    private final Path dataDir;
    private final Path log;
    private final int apiPort;
    private final int grpcPort;
    private final int httpPort;
    private Process process;

    SightlineProcess(Path dataDir, Path log) throws IOException {
        this.dataDir = dataDir;
        this.log = log;
        this.apiPort = freePort();
        this.grpcPort = freePort();
        this.httpPort = freePort();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    void start() throws IOException {
        start(List.of());
    }

    /** Starts with extra {@code -D} settings (e.g. {@code -Dsightline.host=0.0.0.0}). */
    void start(List<String> systemProperties) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no packaged server at " + jar + "; run mvn verify");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of(System.getProperty("sightline.jvm.flags", "").trim().split("\\s+")));
        command.addAll(List.of(
                "-Dsightline.store.data-dir=" + dataDir,
                "-Dsightline.api.port=" + apiPort,
                "-Dsightline.otlp.grpc.port=" + grpcPort,
                "-Dsightline.otlp.http.port=" + httpPort));
        command.addAll(systemProperties);
        command.addAll(List.of("-jar", jar.toString()));
        command.removeIf(String::isEmpty);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits until /q/health/ready answers 200 (the log has been replayed). */
    void awaitReady(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + apiPort + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        dumpThreads();
        throw new IllegalStateException("server not ready within " + timeout + "; see " + log
                + " (a thread dump of the server is at its end)");
    }

    /** A stuck start is only diagnosable from the server's threads: append them to its log. */
    private void dumpThreads() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // the failure message still points at the log
        }
    }

    /** Waits for the process to end by itself; its exit code, or null if it is still running. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                ? process.exitValue() : null;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    Path dataDir() {
        return dataDir;
    }

    int apiPort() {
        return apiPort;
    }

    int grpcPort() {
        return grpcPort;
    }

    int httpPort() {
        return httpPort;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
