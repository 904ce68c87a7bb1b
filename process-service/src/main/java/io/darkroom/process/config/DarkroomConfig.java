package io.darkroom.process.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of process-service, under {@code darkroom.*}. */
@ConfigMapping(prefix = "darkroom")
public interface DarkroomConfig {

    Storage storage();

    /** The repository root; set by the build for tests (surefire's darkroom.root), unused by the service. */
    Optional<String> root();

    Planner planner();

    Dispatch dispatch();

    Assembly assembly();

    Topics topics();

    Output output();

    Provenance provenance();

    Models models();

    Approval approval();

    Users users();

    Metrics metrics();

    Bench bench();

    /** Bench and test helpers; all off by default. */
    interface Bench {
        /**
         * Whether admins may create jobs of no-op tasks ({@code POST /bench/noop-jobs}, for bench/dispatch and
         * tests). Off: the endpoint answers 404. {@code ./darkroom up --bench} turns it on.
         */
        @WithDefault("false")
        boolean noopJobs();
    }

    /** Built-in users made at startup when missing (the local stack's demo users); none by default. */
    interface Users {
        /** {@code darkroom.users.seed.<username>.password}, {@code .roles}, {@code .name}. */
        Map<String, Seed> seed();

        interface Seed {
            String password();

            List<String> roles();

            /** Display name; the user name when unset. */
            Optional<String> name();
        }
    }

    /** The approval gate of recipes with {@code approval: required} (the preview process-service renders). */
    interface Approval {
        /** Preview frames per clip when the recipe does not say (recipe previewFrames, 1..12). */
        @WithDefault("3")
        int previewFrames();

        /**
         * The largest part of each frame (centre crop, in pixels of the picture the upscale receives) the preview
         * shows and scores; bounds the model's time on large pictures.
         */
        @WithDefault("480")
        int previewMaxWidth();

        @WithDefault("270")
        int previewMaxHeight();

        /** ONNX Runtime threads for the preview; 0 = its default (every core). */
        @WithDefault("0")
        int threads();

        /** How often gated jobs whose preview is not made yet (a restart) are picked up again. */
        @WithDefault("30s")
        Duration resumeInterval();

        /**
         * Whether a person may approve the AI output of a job they submitted themselves (separation of duties:
         * false by default, the approve answers 403 saying why).
         */
        @WithDefault("false")
        boolean allowSelfApproval();
    }

    /** Signed provenance manifests beside every output. */
    interface Provenance {
        /** The site key folder ({@code darkroom.provenance.key-dir}); default: {@code provenance-key} in the work root. */
        Optional<String> keyDir();
    }

    /** The model registry (darkroom.models.dir) whose metadata names the model of an upscale op in provenance. */
    interface Models {
        Optional<String> dir();
    }

    /** Final output names and the job's artifacts (posters, contact sheet, ALE). */
    interface Output {
        /**
         * File name template of every final output (see {@code domain/NameTemplate}): fields {show} {date} {clip}
         * {output} {ext} {reel}. Checked at startup. TODO(contracts): a per-recipe {@code Recipe.nameTemplate}
         * overrides it once the contract has that field.
         */
        @WithDefault("{clip}_{output}.{ext}")
        String nameTemplate();

        /** Make a poster frame per clip, a contact sheet and an ALE when a job's clips have ended. */
        @WithDefault("true")
        boolean artifacts();

        /** Where the poster frame is taken, as a fraction of the clip's duration. */
        @WithDefault("0.1")
        double posterAt();

        /** Width of each picture on the contact sheet (pixels). */
        @WithDefault("320")
        int contactSheetThumbWidth();

        /** Pictures per row of the contact sheet. */
        @WithDefault("4")
        int contactSheetColumns();
    }

    /** Named storage roots this node can reach, e.g. {@code darkroom.storage.roots.media=/mnt/media}. */
    /** The site's limits on one job, as ingest's (the same keys); checked again at planning. */
    Budgets budgets();

    interface Budgets {
        @WithDefault("67108864")
        long outputPixels();

        @WithDefault(io.darkroom.recipe.Budgets.SOURCE_PIXELS_DEFAULT)
        long sourcePixels();

        @WithDefault("20000")
        int tasksPerJob();
    }

    interface Storage {
        Map<String, String> roots();

        /** Root name to mode (read-only, writable, internal); defaults: work internal, out writable, others read-only. */
        Map<String, String> modes();
    }

    interface Planner {
        /** Frames per video segment when the recipe does not say. */
        @WithDefault("300")
        int segmentFrames();

        /**
         * Snap segment cuts to the source's keyframes (within half a segment of the nominal cut), so a worker
         * starts decoding at its first frame instead of decoding and discarding part of a GOP.
         */
        @WithDefault("true")
        boolean snapToKeyframes();
    }

    interface Dispatch {
        /** How often the dispatcher runs (also read by its @Scheduled expression). */
        @WithDefault("0.25s")
        Duration interval();

        /** Pools whose task topics and share groups are set up at startup (jobs may name others: created lazily). */
        @WithDefault("cpu,gpu")
        List<String> pools();

        /** Attempts per task before it fails for good. */
        @WithDefault("4")
        int maxAttempts();

        /** First retry back-off; doubled for every further attempt. */
        @WithDefault("1s")
        Duration backoff();

        /** Upper bound of the retry back-off. */
        @WithDefault("1m")
        Duration maxBackoff();

        /** A worker without a heartbeat for this long counts as lost (no free slots, shown as LOST). */
        @WithDefault("10s")
        Duration heartbeatTimeout();

        /** A RUNNING task without any event for this long (or PUBLISHED and never started) is dispatched again. */
        @WithDefault("5m")
        Duration stallTimeout();

        /** How often stalled tasks are looked for (also read by the check's @Scheduled expression). */
        @WithDefault("10s")
        Duration stallCheckInterval();

        /** How long to wait for the broker to acknowledge a published task. */
        @WithDefault("10s")
        Duration sendTimeout();

        /** At most this many tasks are published per pool per dispatcher pass. */
        @WithDefault("256")
        int maxPerPass();

        /**
         * Tasks kept published beyond a pool's free slots, per live worker of the pool (and this many when only
         * lending workers serve it, none when nobody does; {@code PoolCapacity#lookahead}), so each worker that
         * finishes a task finds its next one waiting in the topic instead of idling for a dispatch round trip.
         * Small on purpose: priorities and cancels still act within about one segment per worker.
         */
        @WithDefault("1")
        int lookahead();

        /**
         * After a cancel, the job's work folder ({@code work:jobs/<jobId>}, promoted segments) is deleted this much
         * later, once the workers have stopped (they stop within 5 s and remove their own partial files).
         */
        @WithDefault("15s")
        Duration cancelCleanupDelay();
    }

    interface Metrics {
        /** How often the Kafka figures (dead-letter depths, share-group lag) are read from the broker. */
        @WithDefault("15s")
        Duration kafkaInterval();
    }

    interface Assembly {
        /** How often clips left in ASSEMBLING (a failed or interrupted run) are picked up again. */
        @WithDefault("30s")
        Duration resumeInterval();

        /** Threads that assemble and verify outputs (never the Kafka threads). */
        @WithDefault("2")
        int threads();
    }

    interface Topics {
        @WithDefault("darkroom.jobs.submitted")
        String jobsSubmitted();

        @WithDefault("darkroom.jobs.events")
        String jobsEvents();

        @WithDefault("darkroom.tasks.events")
        String tasksEvents();

        @WithDefault("darkroom.workers.heartbeat")
        String workersHeartbeat();

        /** Commands to workers (io.darkroom.contracts.WorkerControl): cancel tasks, drain, undrain. */
        @WithDefault("darkroom.workers.control")
        String workersControl();

        /** Task topic of pool p is this prefix + p. */
        @WithDefault("darkroom.tasks.")
        String tasksPrefix();

        /** Share group of pool p is this prefix + p. */
        @WithDefault("darkroom-workers-")
        String workerGroupPrefix();

        /** Tasks that failed for good, with the reason in headers. */
        @WithDefault("darkroom.tasks.dlq")
        String tasksDlq();

        /** Messages the submission consumer could not handle. */
        @WithDefault("darkroom.jobs.submitted.dlq")
        String jobsSubmittedDlq();

        /** Task events the events consumer could not handle. */
        @WithDefault("darkroom.tasks.events.dlq")
        String tasksEventsDlq();

        /** How often job events left unpublished (outbox rows) are sent again. */
        @WithDefault("5s")
        Duration relayInterval();

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
