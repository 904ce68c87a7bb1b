package io.darkroom.local.cli;

import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import io.darkroom.local.Supervisor;
import io.darkroom.local.UpscaleModels;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * {@code up}, {@code down} and the hidden {@code stack-daemon}: a detached JVM that holds the stack, announces it
 * in {@code .darkroom/stack.json} and stops it (services, then broker, then database) on SIGTERM.
 */
final class StackCommands {
    /** The hidden subcommand that runs the stack in the background. */
    static final String DAEMON_COMMAND = "stack-daemon";
    /** Most slots per worker {@code up --slots} takes (each is a share consumer and a render thread). */
    static final int MAX_SLOTS = 64;
    /** Most FFmpeg threads per decoder and encoder {@code up --threads} takes. */
    static final int MAX_THREADS = 64;

    private static final Logger LOG = Logger.getLogger(StackCommands.class);
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(250);

    private final PrintStream out;
    private final PrintStream err;

    StackCommands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static Path defaultStateDir() {
        return RepoPaths.repoRoot().resolve(".darkroom").resolve("state");
    }

    int up(Args a) {
        int workers = a.intOption("workers", Stack.DEFAULT_WORKERS);
        if (workers < 0) {
            throw CliException.usage("--workers must be 0 or more");
        }
        int slots = a.intOption("slots", 1);
        if (slots < 1 || slots > MAX_SLOTS) {
            throw CliException.usage("--slots must be 1 to " + MAX_SLOTS + ", was " + slots);
        }
        int threads = a.intOption("threads", 0);
        if (threads < 0 || threads > MAX_THREADS) {
            throw CliException.usage("--threads must be 0 (FFmpeg's choice) to " + MAX_THREADS + ", was " + threads);
        }
        Path stateDir = Path.of(a.option("state-dir", defaultStateDir().toString()))
                .toAbsolutePath()
                .normalize();
        Path file = StackFile.location();
        Optional<StackFile> existing = StackFile.read(file);
        if (existing.isPresent()) {
            if (existing.get().daemon().isPresent()) {
                err.println("a stack is already running (daemon pid "
                        + existing.get().daemonPid() + ")");
                print(existing.get());
                return 0;
            }
            LOG.infof(
                    "removing stale %s (daemon pid %d is gone)",
                    file, existing.get().daemonPid());
            delete(file);
        }
        Process daemon = launchDaemon(stateDir, workers, slots, threads, a.flag("bench"), registry(a));
        err.println("starting the stack (daemon pid " + daemon.pid() + ", log " + daemonLog(stateDir) + ") ...");
        StackFile ready = awaitStackFile(file, daemon, stateDir);
        print(ready);
        return 0;
    }

    int down() {
        Path file = StackFile.location();
        Optional<StackFile> sf = StackFile.read(file);
        if (sf.isEmpty()) {
            err.println("no stack is running (" + file + " does not exist)");
            return 0;
        }
        Optional<ProcessHandle> daemon = sf.get().daemon();
        if (daemon.isEmpty()) {
            delete(file);
            err.println("the stack was not running (daemon pid " + sf.get().daemonPid() + " is gone); removed " + file);
            return 0;
        }
        err.println("stopping the stack (daemon pid " + sf.get().daemonPid() + ") ...");
        daemon.get().destroy();
        try {
            daemon.get().onExit().get(DOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw CliException.failed("the stack daemon (pid " + sf.get().daemonPid() + ") did not stop within "
                    + DOWN_TIMEOUT.toSeconds() + " s; see "
                    + daemonLog(Path.of(sf.get().stateDir())));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted while waiting for the stack to stop");
        }
        err.println("stack stopped");
        return 0;
    }

    /** Runs the stack in this JVM until SIGTERM (or SIGINT); then stops it in order and exits. */
    int daemon(Args a) throws InterruptedException {
        Path stateDir = Path.of(a.option("state-dir", defaultStateDir().toString()))
                .toAbsolutePath()
                .normalize();
        Path file = StackFile.location();
        Stack stack = Stack.start(stateDir, options(a));
        long pid = ProcessHandle.current().pid();
        java.time.Instant readyAt = java.time.Instant.now();
        // a service that exits unexpectedly is restarted with backoff; stack.json follows every restart and give-up
        stack.supervise(Supervisor.Policy.defaults(), status -> {
            if (StackFile.read(file).map(s -> s.daemonPid() == pid).orElse(false)) {
                StackFile.of(stack, readyAt).write(file);
            }
        });
        Signals.onTermination(() -> {
            LOG.info("stack daemon stopping");
            try {
                stack.close();
            } finally {
                if (StackFile.read(file).map(s -> s.daemonPid() == pid).orElse(false)) {
                    delete(file);
                }
            }
        });
        StackFile.of(stack, readyAt).write(file);
        LOG.infof("stack ready; wrote %s", file);
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * The stack the daemon starts: {@code --workers} render-workers of {@code --slots} slots each; with
     * {@code --bench}, no-op bench jobs on (process-service's {@code darkroom.bench.noop-jobs}, the workers'
     * {@code darkroom.worker.noop-tasks}: bench/dispatch needs both).
     */
    static Stack.Options options(Args a) {
        Stack.Options o = Stack.Options.defaults()
                .withWorkers(a.intOption("workers", Stack.DEFAULT_WORKERS))
                .withModelsDir(registry(a))
                .withServiceConfig(Stack.WORKER, "darkroom.worker.slots", String.valueOf(a.intOption("slots", 1)))
                .withServiceConfig(
                        Stack.WORKER, "darkroom.worker.render-threads", String.valueOf(a.intOption("threads", 0)));
        if (a.flag("bench")) {
            o = o.withServiceConfig(Stack.PROCESS, "darkroom.bench.noop-jobs", "true")
                    .withServiceConfig(Stack.WORKER, "darkroom.worker.noop-tasks", "true");
        }
        return o;
    }

    /** The model registry the services read: {@code --registry}, else the one {@code ./darkroom models} uses. */
    private static Path registry(Args a) {
        String dir = a.option("registry", null);
        return dir == null
                ? UpscaleModels.defaultRegistry()
                : Path.of(dir).toAbsolutePath().normalize();
    }

    private Process launchDaemon(Path stateDir, int workers, int slots, int threads, boolean bench, Path registry) {
        Path repo = RepoPaths.repoRoot();
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid"); // own session: no SIGHUP when the terminal closes
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-Ddarkroom.root=" + repo);
        if (System.getProperty(StackFile.LOCATION_PROPERTY) != null) {
            cmd.add("-D" + StackFile.LOCATION_PROPERTY + "=" + StackFile.location());
        }
        cmd.add("-Dorg.bytedeco.javacpp.cachedir="
                + System.getProperty(
                        "org.bytedeco.javacpp.cachedir",
                        repo.resolve("target/javacpp-cache").toString()));
        cmd.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        cmd.add(DarkroomCli.class.getName());
        cmd.add(StackCommands.DAEMON_COMMAND);
        cmd.add("--workers");
        cmd.add(String.valueOf(workers));
        cmd.add("--slots");
        cmd.add(String.valueOf(slots));
        cmd.add("--threads");
        cmd.add(String.valueOf(threads));
        if (bench) {
            cmd.add("--bench");
        }
        cmd.add("--state-dir");
        cmd.add(stateDir.toString());
        cmd.add("--registry");
        cmd.add(registry.toString());
        try {
            Path log = daemonLog(stateDir);
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd);
            // the class path goes by environment: the command line stays short enough for the process table to
            // show it whole (ProcessHandle reads 4 KiB of it, see StackFile.daemon())
            pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            return pb.directory(repo.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch the stack daemon", e);
        }
    }

    private StackFile awaitStackFile(Path file, Process daemon, Path stateDir) {
        long deadline = System.nanoTime() + UP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<StackFile> sf = StackFile.read(file).filter(s -> s.daemonPid() == daemon.pid());
            if (sf.isPresent()) {
                return sf.get();
            }
            try {
                if (daemon.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw CliException.failed("the stack did not start (daemon exited with code " + daemon.exitValue()
                            + "); see " + daemonLog(stateDir) + tail(daemonLog(stateDir)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.failed("interrupted while waiting for the stack");
            }
        }
        daemon.destroy();
        throw CliException.failed(
                "the stack was not ready within " + UP_TIMEOUT.toSeconds() + " s; see " + daemonLog(stateDir));
    }

    /** {@code ./darkroom status} without a job id: the stack's services, their state and restarts. */
    int status() {
        Path file = StackFile.location();
        Optional<StackFile> sf = StackFile.read(file);
        if (sf.isEmpty() || sf.get().daemon().isEmpty()) {
            err.println("no stack is running"
                    + (sf.isEmpty()
                            ? " (" + file + " does not exist)"
                            : " (daemon pid " + sf.get().daemonPid() + " is gone)")
                    + "; start one with ./darkroom up");
            return CliException.FAILED;
        }
        StackFile s = sf.get();
        out.println(
                "stack (daemon pid " + s.daemonPid() + ", up since " + s.startedAt() + ", state " + s.stateDir() + ")");
        out.printf("%-16s %-10s %8s %9s  %s%n", "SERVICE", "STATE", "PID", "RESTARTS", "URL");
        for (StackFile.Service svc : s.services()) {
            out.printf(
                    "%-16s %-10s %8d %9d  %s%n",
                    svc.name(), svc.state() == null ? "-" : svc.state(), svc.pid(), svc.restarts(), svc.url());
            if (svc.message() != null) {
                out.println("  " + svc.message());
            }
        }
        out.flush();
        boolean down =
                s.services().stream().anyMatch(x -> Supervisor.State.DOWN.name().equals(x.state()));
        return down ? CliException.FAILED : 0;
    }

    private void print(StackFile sf) {
        out.println("ingest:  " + sf.ingestUrl());
        out.println("process: " + sf.processUrl());
        out.println("monitor: " + sf.processUrl() + "/ui/jobs   (web monitor: sign in as one of the users below)");
        sf.services().stream()
                .filter(s -> s.name().startsWith("worker-"))
                .forEach(s -> out.println("worker:  " + s.name() + " " + s.url() + " (pid " + s.pid() + ")"));
        out.println("kafka:   " + sf.kafkaBootstrap());
        out.println("state:   " + sf.stateDir());
        out.println("users (DEMO passwords, local stack only; ./darkroom users add NAME --role R as admin adds more):");
        for (io.darkroom.local.LocalAuth.DemoUser u : io.darkroom.local.LocalAuth.DemoUser.values()) {
            out.println("  " + u.role() + ": ./darkroom login " + u.username() + " --password " + u.password());
        }
        out.flush();
        err.println("stop it with: ./darkroom down");
    }

    static Path daemonLog(Path stateDir) {
        return stateDir.resolve("logs").resolve("daemon.log");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
