package io.darkroom.local;

import io.darkroom.messaging.KafkaAcls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The whole single-machine stack: {@link LocalStack} (broker, database, storage roots), then process-service,
 * ingest-service and N render-workers as separate JVMs. Closing stops the services first (workers, ingest,
 * process), then the broker and the database.
 */
public final class Stack implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Stack.class);
    public static final String PROCESS = "process-service";
    public static final String INGEST = "ingest-service";
    public static final String WORKER = "render-worker";
    public static final int DEFAULT_WORKERS = 2;
    /** The services' model registry setting (see {@link Options#withModelsDir(Path)}). */
    public static final String MODELS_DIR = "darkroom.models.dir";

    private final LocalStack infra;
    private final Options options;
    private final List<ServiceProcess> workers = new CopyOnWriteArrayList<>();
    private ServiceProcess process;
    private volatile ServiceProcess ingest;
    private volatile Supervisor supervisor;
    private int workerSeq;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * How to start the stack.
     *
     * @param workers      render-workers to start (default 2)
     * @param extraRoots   storage roots added to or replacing LocalStack's defaults (e.g. another {@code media})
     * @param extraConfig  settings given to every service, after the stack's own
     * @param readyTimeout how long each service may take to become ready
     * @param brokers      Kafka nodes: 1 (default) one {@link EmbeddedKafka}, more an {@link EmbeddedKafkaCluster}
     * @param serviceConfig settings for one kind of service only (key: {@link #PROCESS}, {@link #INGEST},
     *                     {@link #WORKER}), after {@code extraConfig}: services refuse unknown {@code darkroom.*} keys
     */
    public record Options(
            int workers,
            Map<String, Path> extraRoots,
            Map<String, String> extraConfig,
            Duration readyTimeout,
            int brokers,
            Map<String, Map<String, String>> serviceConfig) {
        public Options {
            extraRoots = Map.copyOf(extraRoots);
            extraConfig = Map.copyOf(extraConfig);
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            serviceConfig.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
            serviceConfig = Map.copyOf(copy);
        }

        public Options(
                int workers, Map<String, Path> extraRoots, Map<String, String> extraConfig, Duration readyTimeout) {
            this(workers, extraRoots, extraConfig, readyTimeout, 1, Map.of());
        }

        public static Options defaults() {
            return new Options(DEFAULT_WORKERS, Map.of(), Map.of(), Duration.ofSeconds(120));
        }

        public Options withWorkers(int n) {
            return new Options(n, extraRoots, extraConfig, readyTimeout, brokers, serviceConfig);
        }

        public Options withRoot(String name, Path path) {
            Map<String, Path> roots = new LinkedHashMap<>(extraRoots);
            roots.put(name, path);
            return new Options(workers, roots, extraConfig, readyTimeout, brokers, serviceConfig);
        }

        public Options withConfig(String key, String value) {
            Map<String, String> cfg = new LinkedHashMap<>(extraConfig);
            cfg.put(key, value);
            return new Options(workers, extraRoots, cfg, readyTimeout, brokers, serviceConfig);
        }

        /**
         * The model registry every service reads ({@value #MODELS_DIR}): ingest validates upscale ops and lists
         * {@code GET /models} from it, process-service renders approval previews and names the model in
         * provenance, workers load the models they render with.
         */
        public Options withModelsDir(Path registry) {
            return withConfig(MODELS_DIR, registry.toAbsolutePath().normalize().toString());
        }

        /** A setting for one kind of service ({@link #PROCESS}, {@link #INGEST} or {@link #WORKER}) only. */
        public Options withServiceConfig(String service, String key, String value) {
            Map<String, Map<String, String>> all = new LinkedHashMap<>(serviceConfig);
            Map<String, String> cfg = new LinkedHashMap<>(all.getOrDefault(service, Map.of()));
            cfg.put(key, value);
            all.put(service, cfg);
            return new Options(workers, extraRoots, extraConfig, readyTimeout, brokers, all);
        }

        /**
         * {@code n} Kafka nodes (a KRaft cluster on loopback when more than one); the services then create their
         * topics with replication factor min(n, 3) ({@code darkroom.topics.replication-factor}).
         */
        public Options withBrokers(int n) {
            Options o = new Options(workers, extraRoots, extraConfig, readyTimeout, n, serviceConfig);
            return n > 1 ? o.withConfig("darkroom.topics.replication-factor", String.valueOf(Math.min(n, 3))) : o;
        }
    }

    private Stack(LocalStack infra, Options options) {
        this.infra = infra;
        this.options = options;
    }

    public static Stack start(Path stateDir) {
        return start(stateDir, Options.defaults());
    }

    public static Stack start(Path stateDir, int workers) {
        return start(stateDir, Options.defaults().withWorkers(workers));
    }

    /** Starts everything, or stops what it started and rethrows. */
    public static Stack start(Path stateDir, Options options) {
        long t0 = System.nanoTime();
        LocalStack infra = LocalStack.start(stateDir, 0, options.brokers(), 0, options.extraRoots(), true);
        Stack stack = new Stack(infra, options);
        try {
            stack.startServices();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        LOG.infof(
                "stack up in %d ms: ingest %s, process %s, %d worker(s)",
                (System.nanoTime() - t0) / 1_000_000, stack.ingestUrl(), stack.processUrl(), stack.workers.size());
        return stack;
    }

    private void startServices() {
        process = ServiceProcess.start(PROCESS, PROCESS, config(PROCESS, Map.of()), stateDir(), options.readyTimeout());
        ingest = ServiceProcess.launch(
                INGEST, INGEST, config(INGEST, Map.of("darkroom.process-url", process.url())), stateDir());
        List<ServiceProcess> launched = new ArrayList<>();
        for (int i = 0; i < options.workers(); i++) {
            launched.add(launchWorker());
        }
        ingest.awaitReady(options.readyTimeout());
        for (ServiceProcess w : launched) {
            w.awaitReady(options.readyTimeout());
        }
    }

    /**
     * Starts process-service again with the same configuration on the same port (ingest's status URLs stay valid)
     * and waits until it is ready; the log file is appended to. The previous process must be gone: fault tests
     * {@link ServiceProcess#kill()} it first.
     */
    public synchronized ServiceProcess restartProcess() {
        if (process.alive()) {
            throw new IllegalStateException(process + " is still running; kill() or stop() it first");
        }
        int port = process.port();
        process = ServiceProcess.launch(
                        PROCESS, ServiceProcess.fastJar(PROCESS), config(PROCESS, Map.of()), stateDir(), port)
                .awaitReady(options.readyTimeout());
        return process;
    }

    /** Starts one more render-worker (named worker-&lt;n&gt;) and waits until it is ready (and supervised if the stack is). */
    public ServiceProcess startWorker() {
        ServiceProcess w = launchWorker().awaitReady(options.readyTimeout());
        Supervisor s = supervisor;
        if (s != null) {
            watchWorker(s, w);
        }
        return w;
    }

    /**
     * From now on a service that exits unexpectedly is restarted on its port with backoff (see {@link Supervisor});
     * {@code listener} hears of every restart and give-up. Call once, after {@link #start}.
     */
    public synchronized Supervisor supervise(
            Supervisor.Policy policy, java.util.function.Consumer<Supervisor.Status> listener) {
        if (supervisor != null) {
            throw new IllegalStateException("the stack is already supervised");
        }
        Supervisor s = new Supervisor(policy, listener);
        s.watch(
                process,
                port -> ServiceProcess.launch(
                        PROCESS, ServiceProcess.fastJar(PROCESS), config(PROCESS, Map.of()), stateDir(), port),
                p -> {
                    synchronized (this) {
                        process = p;
                    }
                });
        String processUrl = process.url();
        s.watch(
                ingest,
                port -> ServiceProcess.launch(
                        INGEST,
                        ServiceProcess.fastJar(INGEST),
                        config(INGEST, Map.of("darkroom.process-url", processUrl)),
                        stateDir(),
                        port),
                p -> ingest = p);
        workers.forEach(w -> watchWorker(s, w));
        supervisor = s;
        return s;
    }

    private void watchWorker(Supervisor s, ServiceProcess w) {
        String id = w.name();
        s.watch(
                w,
                port -> ServiceProcess.launch(
                        id,
                        ServiceProcess.fastJar(WORKER),
                        config(WORKER, Map.of("darkroom.worker.id", id)),
                        stateDir(),
                        port),
                p -> {
                    synchronized (this) {
                        workers.replaceAll(old -> old.name().equals(id) ? p : old);
                    }
                });
    }

    /** The supervisor, if {@link #supervise} was called. */
    public java.util.Optional<Supervisor> supervisor() {
        return java.util.Optional.ofNullable(supervisor);
    }

    private synchronized ServiceProcess launchWorker() {
        String id = "worker-" + (++workerSeq);
        ServiceProcess w =
                ServiceProcess.launch(id, WORKER, config(WORKER, Map.of("darkroom.worker.id", id)), stateDir());
        workers.add(w);
        return w;
    }

    private Map<String, String> config(String service, Map<String, String> perService) {
        Map<String, String> cfg = withoutCatalog(service, infra.serviceConfig(kafkaPrincipal(service)));
        if (service.equals(PROCESS)) {
            cfg.putAll(LocalAuth.demoUsersConfig());
            cfg.put("darkroom.provenance.key-dir", provenanceKeyDir().toString());
        }
        cfg.putAll(options.extraConfig());
        cfg.putAll(options.serviceConfig().getOrDefault(service, Map.of()));
        cfg.putAll(perService);
        return cfg;
    }

    /**
     * The stack's settings for a kind of service, the catalog's ({@code quarkus.datasource.*}: its address, user and
     * password) for process-service alone: ingest and the workers never open it (they have no datasource), so they
     * are not handed its password (and Quarkus no longer warns about keys it does not know).
     */
    static Map<String, String> withoutCatalog(String service, Map<String, String> stackConfig) {
        Map<String, String> cfg = new LinkedHashMap<>(stackConfig);
        if (!service.equals(PROCESS)) {
            cfg.keySet().removeIf(key -> key.startsWith("quarkus.datasource."));
        }
        return cfg;
    }

    /** The Kafka principal a kind of service signs in as ({@link KafkaAcls}). */
    static String kafkaPrincipal(String service) {
        return switch (service) {
            case PROCESS -> KafkaAcls.PROCESS;
            case INGEST -> KafkaAcls.INGEST;
            case WORKER -> KafkaAcls.WORKER;
            default -> throw new IllegalArgumentException("no service " + service);
        };
    }

    /** A client of this stack signed in (POST /auth/token) as one of its demo users. */
    public DarkroomClient client(LocalAuth.DemoUser user) {
        return new DarkroomClient(ingestUrl(), processUrl()).as(user.username(), user.password());
    }

    public LocalStack infra() {
        return infra;
    }

    public Path stateDir() {
        return infra.stateDir();
    }

    /**
     * The site key folder (process-service's {@code darkroom.provenance.key-dir}): in the state folder beside the
     * storage roots, not in one, so no root a worker or a job reaches holds the private key.
     */
    public Path provenanceKeyDir() {
        return infra.stateDir().resolve("keys").resolve("provenance");
    }

    public String ingestUrl() {
        return ingest.url();
    }

    public String processUrl() {
        return process.url();
    }

    public ServiceProcess ingest() {
        return ingest;
    }

    public synchronized ServiceProcess process() {
        return process;
    }

    /** The render-worker started with {@code darkroom.worker.id} = {@code workerId} (its process name). */
    public java.util.Optional<ServiceProcess> worker(String workerId) {
        return workers.stream().filter(w -> w.name().equals(workerId)).findFirst();
    }

    public Options options() {
        return options;
    }

    /** The render-workers started so far (killed ones included, see {@link ServiceProcess#alive()}). */
    public List<ServiceProcess> workers() {
        return List.copyOf(workers);
    }

    /** Stops workers (together), then ingest, then process, then broker and database. Runs once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Supervisor sup = supervisor;
            if (sup != null) {
                sup.close();
            }
            workers.forEach(ServiceProcess::terminate);
            workers.forEach(ServiceProcess::awaitExit);
            for (ServiceProcess s : new ServiceProcess[] {ingest, process}) {
                if (s != null) {
                    s.stop();
                }
            }
        } finally {
            infra.close();
            LOG.infof("stack in %s stopped", stateDir());
        }
    }
}
