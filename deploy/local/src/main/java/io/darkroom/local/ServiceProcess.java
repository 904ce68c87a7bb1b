package io.darkroom.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One packaged Quarkus service (fast-jar, {@code <module>/target/quarkus-app/quarkus-run.jar}) running as a separate
 * JVM on a free loopback port, its console going to {@code <stateDir>/logs/<name>.log}. Ready once
 * {@code GET /q/health/ready} answers 200.
 */
public final class ServiceProcess {
    private static final Logger LOG = Logger.getLogger(ServiceProcess.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final long launchedAt = System.nanoTime();
    private volatile boolean stopRequested;

    private ServiceProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /** Launches and waits until ready; on failure the process is killed and the exception names its log. */
    public static ServiceProcess start(
            String name, String module, Map<String, String> config, Path stateDir, Duration readyTimeout) {
        ServiceProcess service = launch(name, module, config, stateDir);
        service.awaitReady(readyTimeout);
        return service;
    }

    /** Launches the JVM and returns at once; call {@link #awaitReady(Duration)} before using it. */
    public static ServiceProcess launch(String name, String module, Map<String, String> config, Path stateDir) {
        return launch(name, fastJar(module), config, stateDir);
    }

    /** {@code <repo>/<module>/target/quarkus-app/quarkus-run.jar} */
    public static Path fastJar(String module) {
        return RepoPaths.repoRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Launches an executable jar (a service's fast-jar) and returns at once. */
    public static ServiceProcess launch(String name, Path jar, Map<String, String> config, Path stateDir) {
        return launch(name, jar, config, stateDir, 0);
    }

    /**
     * As {@link #launch(String, Path, Map, Path)} on a given HTTP port (0 = a free one): a restarted service keeps
     * the URL others were given. The log file is appended to.
     */
    public static ServiceProcess launch(
            String name, Path jar, Map<String, String> config, Path stateDir, int httpPort) {
        Path repo = RepoPaths.repoRoot();
        if (!Files.isRegularFile(jar)) {
            throw new ServiceStartException(name + ": " + jar + " is missing; build it first (mvn -B -ntp install"
                    + " -DskipTests, or ./darkroom builds it)");
        }
        int port = httpPort == 0 ? Ports.free() : httpPort;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + repo.resolve("target/javacpp-cache"));
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-jar");
        cmd.add(jar.toString());
        try {
            Path logs = Files.createDirectories(stateDir.resolve("logs"));
            Path logFile = logs.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(repo.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process process = pb.start();
            LOG.infof("started %s (pid %d) on port %d, log %s", name, process.pid(), port, logFile);
            return new ServiceProcess(name, port, logFile, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + name + " from " + jar, e);
        }
    }

    /**
     * Polls the readiness endpoint until it answers 200.
     *
     * @throws ServiceStartException when the process exits first or the timeout passes (the process is then killed)
     */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI ready = URI.create(url() + "/q/health/ready");
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new ServiceStartException(name + " exited with code " + process.exitValue()
                        + " before it was ready; see " + logFile + logTail());
            }
            lastStatus = status(ready);
            if (lastStatus == 200) {
                LOG.infof("%s ready at %s in %d ms", name, url(), (System.nanoTime() - launchedAt) / 1_000_000);
                return this;
            }
            waitForExit(POLL);
        }
        kill();
        throw new ServiceStartException(name + " was not ready within " + timeout.toSeconds() + " s (last "
                + (lastStatus < 0 ? "no answer" : "status " + lastStatus) + " from " + ready + "); see " + logFile
                + logTail());
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Completes with the exit code when the process ends, however it ends. */
    public java.util.concurrent.CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** The exit code; the process must have ended. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Whether {@link #terminate()} (or {@link #stop()}) was called: an exit after it is expected, not a crash. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** Sends SIGTERM and returns at once (see {@link #awaitExit()}); lets several services shut down together. */
    public void terminate() {
        stopRequested = true;
        if (process.isAlive()) {
            LOG.infof("stopping %s (pid %d)", name, process.pid());
            process.destroy();
        }
    }

    /** Waits up to 20 s for the process to end after {@link #terminate()}, then kills it. */
    public void awaitExit() {
        if (!waitForExit(STOP_GRACE)) {
            LOG.warnf("%s (pid %d) did not stop within %d s; killing it", name, process.pid(), STOP_GRACE.toSeconds());
            kill();
        }
    }

    /** SIGTERM, wait up to 20 s, then SIGKILL. */
    public void stop() {
        terminate();
        awaitExit();
    }

    /** SIGKILL at once (fault tests: a crashed node). Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        if (!waitForExit(Duration.ofSeconds(10))) {
            LOG.warnf("%s (pid %d) still alive 10 s after SIGKILL", name, process.pid());
        }
    }

    private boolean waitForExit(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    private static int status(URI uri) {
        try {
            HttpRequest req = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling " + uri, e);
        }
    }

    private String logTail() {
        try {
            // stack frames say little here: keep the messages ("Caused by: ...", log lines)
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t... "))
                    .toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - 12), lines.size());
            return tail.isEmpty() ? "" : "\n  last lines:\n    " + String.join("\n    ", tail);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + ", " + url() + "]";
    }
}
