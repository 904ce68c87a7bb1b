package io.darkroom.worker.config;

import io.darkroom.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The render-worker's configuration: every key under {@code darkroom.*}. */
@ConfigMapping(prefix = "darkroom")
public interface WorkerConfig {

    /** The repository root (set by the build as system property {@code darkroom.root}); unused at run time. */
    Optional<String> root();

    Storage storage();

    Worker worker();

    TopicNames topics();

    /** The worker's model registry for upscale ops ({@code darkroom.models.dir}); none = no registry models. */
    Models models();

    /** The site's limits, as ingest's (the same keys); the worker needs only the source-pixel one. */
    Budgets budgets();

    interface Budgets {
        /**
         * Most pixels of one source picture: FFmpeg's max_pixels for the worker's decoder, which allocates no bigger
         * picture whatever the stream claims after its header.
         */
        @WithDefault(io.darkroom.recipe.Budgets.SOURCE_PIXELS_DEFAULT)
        long sourcePixels();
    }

    interface Models {
        /** Folder of {@code <name>.onnx} + {@code <name>.json}; models are hash-checked when first loaded. */
        Optional<String> dir();
    }

    /** Named storage roots of this node, e.g. {@code darkroom.storage.roots.media=/mnt/media}. */
    interface Storage {
        Map<String, String> roots();
    }

    interface Worker {
        /** Worker id, part of output file names and the heartbeat key; default hostname + "-" + pid. */
        Optional<String> id();

        /** Pool whose task topic this worker consumes ({@code darkroom.tasks.<pool>}). */
        @WithDefault(Topics.DEFAULT_POOL)
        String pool();

        /** Tasks run at once, one share consumer and one render thread per slot. */
        @WithDefault("1")
        int slots();

        /**
         * FFmpeg threads of each task's decoder and of each of its encoders; 0 = FFmpeg's own choice (about one per
         * core, each). Where several slots or workers share a machine's cores, cores / (slots on the machine) keeps
         * them from crowding each other ({@code ./darkroom up --threads K}, bench/scale-out).
         */
        @WithDefault("0")
        int renderThreads();

        /**
         * Further pools this worker takes work from when a slot is idle and its own pool has nothing for it, e.g.
         * {@code [cpu]} on a GPU worker. Each slot then also has a share consumer of each of these pools' groups and
         * polls them after its own pool's. Empty by default.
         */
        Optional<List<String>> alsoPools();

        /** At most this many slots hold work of the {@link #alsoPools()} at once (default: every slot). */
        Optional<Integer> alsoSlots();

        /** The pools this worker takes work from, its own first. */
        default List<String> servedPools() {
            List<String> pools = new ArrayList<>();
            pools.add(pool());
            for (String p : alsoPools().orElse(List.of())) {
                if (!p.isBlank() && !pools.contains(p.trim())) {
                    pools.add(p.trim());
                }
            }
            return List.copyOf(pools);
        }

        /** How many slots may hold also-pool work at once: {@link #alsoSlots()} capped at the slots, 0 without pools. */
        default int extraSlots() {
            if (servedPools().size() < 2) {
                return 0;
            }
            return Math.max(0, Math.min(slots(), alsoSlots().orElse(slots())));
        }

        /**
         * The share group's record lock duration ({@code share.record.lock.duration.ms}); the broker accepts 15 s to
         * 60 s by default. Held records are renewed every third of it.
         */
        @WithDefault("15s")
        Duration lockDuration();

        /** On shutdown, how long running renders may go on before they are cancelled and their records released. */
        @WithDefault("10s")
        Duration shutdownGrace();

        @WithDefault("2s")
        Duration heartbeatInterval();

        /** The share group's {@code share.delivery.count.limit}: deliveries before the broker archives a record. */
        @WithDefault("5")
        int deliveryCountLimit();

        /** How long a send that gates an acknowledgement (done, failed) may take before the record is released. */
        @WithDefault("30s")
        Duration sendTimeout();

        /**
         * At boot the control consumer starts this far back in {@code darkroom.workers.control}, so that a worker
         * started just after a cancellation still skips the cancelled job's records (Drain/Undrain from before boot
         * are not obeyed). 0 starts at the end.
         */
        @WithDefault("15m")
        Duration controlLookback();

        /**
         * Whether to obey control commands that carry no valid signature of the site's token key (header
         * darkroom-signature, checked with darkroom.security.public-key). Off: anyone who reaches the broker could
         * otherwise drain or cancel. On only where process-service has no private key (an OpenID provider only).
         */
        @WithDefault("false")
        boolean controlAcceptUnsigned();

        /**
         * Whether this worker completes no-op tasks ({@code NOOP}: bench/dispatch and tests only) with no files. Off:
         * such a task fails UNSUPPORTED, for good. {@code ./darkroom up --bench} turns it on.
         */
        @WithDefault("false")
        boolean noopTasks();
    }

    interface TopicNames {
        @WithDefault(Topics.TASKS_EVENTS)
        String tasksEvents();

        @WithDefault(Topics.WORKERS_HEARTBEAT)
        String workersHeartbeat();

        /** Commands to workers (io.darkroom.contracts.WorkerControl), read by every worker. */
        @WithDefault(Topics.WORKERS_CONTROL)
        String workersControl();

        /** Task topic of pool p is this prefix + p. */
        @WithDefault(Topics.TASKS_PREFIX)
        String tasksPrefix();

        /** Share group of pool p is this prefix + p. */
        @WithDefault(Topics.WORKER_GROUP_PREFIX)
        String workerGroupPrefix();

        @WithDefault("4")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        default String tasks(String pool) {
            return tasksPrefix() + pool;
        }

        default String workerGroup(String pool) {
            return workerGroupPrefix() + pool;
        }
    }
}
