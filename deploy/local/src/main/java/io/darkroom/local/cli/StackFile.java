package io.darkroom.local.cli;

import io.darkroom.contracts.Json;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.ServiceProcess;
import io.darkroom.local.Stack;
import io.darkroom.local.Supervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <repo>/.darkroom/stack.json}: what {@code ./darkroom up} started, written by the stack daemon once every
 * service is ready and removed when it has stopped them.
 *
 * @param daemonPid      the JVM holding broker and database and owning the service processes
 * @param stateDir       broker, database, storage roots and logs
 * @param ingestUrl      ingest-service base URL
 * @param processUrl     process-service base URL
 * @param kafkaBootstrap the broker
 * @param jdbcUrl        the database
 * @param roots          storage roots (name to absolute folder)
 * @param services       every service process
 * @param startedAt      when the stack became ready
 */
public record StackFile(
        long daemonPid,
        String stateDir,
        String ingestUrl,
        String processUrl,
        String kafkaBootstrap,
        String jdbcUrl,
        Map<String, String> roots,
        List<Service> services,
        Instant startedAt) {

    /**
     * One service process of the stack.
     *
     * @param restarts times the supervisor restarted it after an unexpected exit
     * @param state    UP, RESTARTING or DOWN (left down after a crash loop); see {@link Supervisor}
     * @param message  why it is restarting or down, null while up
     */
    public record Service(
            String name, String url, int port, long pid, String log, int restarts, String state, String message) {
        Service(String name, String url, int port, long pid, String log) {
            this(name, url, port, pid, log, 0, Supervisor.State.UP.name(), null);
        }
    }

    /** System property naming another stack file (tests: a stack of their own beside a developer's). */
    public static final String LOCATION_PROPERTY = "darkroom.stack-file";

    public static Path location() {
        String other = System.getProperty(LOCATION_PROPERTY);
        return other != null
                ? Path.of(other)
                : RepoPaths.repoRoot().resolve(".darkroom").resolve("stack.json");
    }

    /** The file for a stack that became ready at {@code startedAt} (kept when the supervisor rewrites the file). */
    static StackFile of(Stack stack, Instant startedAt) {
        List<Service> services = new ArrayList<>();
        Map<String, Supervisor.Status> supervised = new LinkedHashMap<>();
        stack.supervisor().ifPresent(s -> s.statuses().forEach(st -> supervised.put(st.name(), st)));
        services.add(service(stack.process(), supervised));
        services.add(service(stack.ingest(), supervised));
        stack.workers().forEach(w -> services.add(service(w, supervised)));
        Map<String, String> roots = new LinkedHashMap<>();
        stack.infra().storageRoots().forEach((k, v) -> roots.put(k, v.toString()));
        return new StackFile(
                ProcessHandle.current().pid(),
                stack.stateDir().toString(),
                stack.ingestUrl(),
                stack.processUrl(),
                stack.infra().bootstrapServers(),
                stack.infra().postgres().jdbcUrl(),
                roots,
                services,
                startedAt);
    }

    private static Service service(ServiceProcess p, Map<String, Supervisor.Status> supervised) {
        Supervisor.Status st = supervised.get(p.name());
        if (st == null) {
            return new Service(p.name(), p.url(), p.port(), p.pid(), p.logFile().toString());
        }
        return new Service(
                p.name(),
                p.url(),
                p.port(),
                st.pid(),
                p.logFile().toString(),
                st.restarts(),
                st.state().name(),
                st.message());
    }

    public Map<String, Path> rootPaths() {
        Map<String, Path> m = new LinkedHashMap<>();
        roots.forEach((k, v) -> m.put(k, Path.of(v)));
        return m;
    }

    /** Writes the file atomically (a reader never sees half of it). */
    void write(Path file) {
        synchronized (WRITE_LOCK) {
            writeNow(file);
        }
    }

    private static final Object WRITE_LOCK = new Object();

    private void writeNow(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(
                    tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The stack file, if there is one. */
    public static Optional<StackFile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readString(file), StackFile.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The daemon's process, if it is still running (and is a stack daemon, not a reused pid). */
    Optional<ProcessHandle> daemon() {
        return ProcessHandle.of(daemonPid).filter(ProcessHandle::isAlive).filter(h -> h.info()
                .commandLine()
                .map(c -> c.contains(StackCommands.DAEMON_COMMAND))
                .orElse(true));
    }
}
