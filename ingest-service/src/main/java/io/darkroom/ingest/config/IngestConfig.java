package io.darkroom.ingest.config;

import io.darkroom.contracts.Topics;
import io.darkroom.ingest.domain.WatchFiles;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All of ingest-service's own settings, prefix {@code darkroom}. Checked at boot by {@link IngestConfigValidator}. */
@ConfigMapping(prefix = "darkroom")
public interface IngestConfig {

    Storage storage();

    /** Base URL of process-service; the 202 answer points at {@code <process-url>/jobs/<jobId>}. */
    @WithDefault("http://localhost:8082")
    String processUrl();

    /**
     * How long ingest waits for process-service when it checks a reused Idempotency-Key ({@code GET
     * /jobs/{id}/request}); past it the submission is accepted and process-service keeps the first request.
     */
    @WithDefault("3s")
    Duration processCheckTimeout();

    /** Worker pools a job may name. */
    @WithDefault("cpu,gpu")
    List<String> pools();

    TopicsConfig topics();

    Kafka kafka();

    /** The model registry upscale ops may name ({@code darkroom.models.dir}); unset = none. */
    Models models();

    interface Models {
        Optional<String> dir();
    }

    /**
     * The repository root, set as a system property by surefire for tests ({@code darkroom.root}). Unused here, but
     * declared so that strict mapping (which refuses unknown {@code darkroom.*} keys, catching typos) accepts it.
     */
    Optional<String> root();

    /**
     * Watch folders by name: {@code darkroom.watch.<name>.root}, {@code .path}, ... Dropping a clip into one submits
     * it once as a single-clip job. Empty (the default): no folder is watched.
     */
    Map<String, WatchFolderConfig> watch();

    /** Where the watch folders keep their ledgers of submitted and rejected files. */
    WatchState watchState();

    interface WatchFolderConfig {
        /** Storage root name the folder lives in. */
        String root();

        /** Folder inside that root. */
        String path();

        /** Default recipe of the folder, inline JSON of a recipe ({@code {"outputs": [...]}}). */
        Optional<String> recipe();

        /** A file is taken only after its size and mtime have not changed for this long. */
        @WithDefault("10s")
        Duration stableFor();

        @WithDefault("2s")
        Duration pollInterval();

        /** Glob matched against the file name (not the path), case-insensitively. */
        @WithDefault(WatchFiles.DEFAULT_PATTERN)
        String pattern();

        /** Whether sub-folders are scanned too (card structures: DCIM/100GOPRO/...). */
        @WithDefault("true")
        boolean recursive();

        @WithDefault("50")
        int priority();

        @WithDefault("cpu")
        String pool();

        /** {@code root} or {@code root:path}; default as for POST /jobs ({@code out:<jobId>}). */
        Optional<String> destination();

        /**
         * The service identity jobs from this folder are submitted as (subject {@code service:<identity>}, issuer
         * {@code darkroom}); default {@code watch-<name>}. Never taken from a sidecar.
         */
        Optional<String> identity();
    }

    interface WatchState {
        /** Storage root of the ledger folder. */
        @WithDefault("work")
        String root();

        /** Folder inside that root; one {@code <watch name>.ledger.json} per watch folder. */
        @WithDefault(".darkroom-watch")
        String path();
    }

    /** The site's limits on one job, refused at submit with 422 OVER_BUDGET (README "Security model"). */
    Budgets budgets();

    interface Budgets {
        /** Most pixels of one output frame after all its ops (8192 x 8192). */
        @WithDefault("67108864")
        long outputPixels();

        /** Most pixels of one source frame (16384 x 16384); also FFmpeg's max_pixels when probing. */
        @WithDefault(io.darkroom.recipe.Budgets.SOURCE_PIXELS_DEFAULT)
        long sourcePixels();

        /** Most tasks one job plans into (segments of each clip plus its audio task). */
        @WithDefault("20000")
        int tasksPerJob();

        /** process-service's darkroom.planner.segment-frames, to count the tasks of a recipe that names none. */
        @WithDefault("300")
        int segmentFrames();

        /** Most sources of one job. */
        @WithDefault("1000")
        int sourcesPerJob();

        /** Sources ingest probes at once (each an ffprobe process). */
        @WithDefault("4")
        int probeThreads();

        /** The longest the probing of one request may take before it is refused (422 OVER_BUDGET). */
        @WithDefault("120s")
        java.time.Duration probeDeadline();

        /** Most bytes of a LUT (.cube) file a recipe names. */
        @WithDefault("67108864")
        long lutBytes();

        /** Most bytes of a CDL file a recipe names. */
        @WithDefault("1048576")
        long cdlBytes();

        /** Most bytes of a watermark image a recipe names. */
        @WithDefault("33554432")
        long imageBytes();

        /** Largest 3D LUT a recipe may name (entries per side). */
        @WithDefault("129")
        int lutSize();

        default io.darkroom.ingest.domain.SubmitLimits toSubmitLimits() {
            return new io.darkroom.ingest.domain.SubmitLimits(
                    sourcesPerJob(),
                    probeThreads(),
                    probeDeadline(),
                    new io.darkroom.recipe.FileBudgets(lutBytes(), cdlBytes(), imageBytes(), lutSize()));
        }

        default io.darkroom.recipe.Budgets toBudgets() {
            return new io.darkroom.recipe.Budgets(outputPixels(), sourcePixels(), tasksPerJob(), segmentFrames());
        }
    }

    interface Storage {
        /** Storage root name to host path, e.g. {@code darkroom.storage.roots.media=/mnt/media}. */
        Map<String, String> roots();

        /**
         * Root name to mode ({@code read-only}, {@code writable}, {@code internal}); a root without one has its
         * default: {@code work} internal, {@code out} writable, any other read-only. See README "Security model".
         */
        Map<String, String> modes();
    }

    interface TopicsConfig {
        @WithDefault(Topics.JOBS_SUBMITTED)
        String jobsSubmitted();

        /** Partitions of the topics this service creates. */
        @WithDefault("4")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface Kafka {
        /** How long a publish may wait for the broker's acknowledgement before the request is answered 503. */
        @WithDefault("10s")
        Duration sendTimeout();
    }
}
