package io.darkroom.ingest.domain;

import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import java.time.Duration;

/**
 * One watch folder's settings (from {@code darkroom.watch.<name>.*}).
 *
 * @param name         the watch folder's name (also in the idempotency key and the ledger's file name)
 * @param folder       the folder, as root + path
 * @param recipe       default recipe, or null: then every clip needs a sidecar
 * @param stableFor    how long size and mtime must stay unchanged before a file is taken
 * @param pollInterval pause between two scans
 * @param pattern      glob on file names, case-insensitive
 * @param recursive    whether sub-folders are scanned
 * @param priority     job priority
 * @param pool         worker pool
 * @param destination  where outputs go; null or a null path means POST /jobs' default ({@code out:<jobId>})
 */
public record WatchFolder(
        String name,
        SourceRef folder,
        Recipe recipe,
        Duration stableFor,
        Duration pollInterval,
        String pattern,
        boolean recursive,
        int priority,
        String pool,
        SourceRef destination) {

    /** Deepest folder level scanned below the watch folder when recursive. */
    public static final int MAX_DEPTH = 16;

    /** {@code root} or {@code root:path} to a reference with a null path for the first. */
    public static SourceRef parseDestination(String value) {
        int colon = value.indexOf(':');
        return colon < 0
                ? new SourceRef(value.trim(), null)
                : new SourceRef(
                        value.substring(0, colon).trim(),
                        value.substring(colon + 1).trim());
    }
}
