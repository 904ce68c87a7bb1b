package io.darkroom.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.ingest.domain.JobRequest;
import io.darkroom.ingest.domain.JobRequestValidator;
import io.darkroom.ingest.domain.WatchFiles;
import io.darkroom.ingest.domain.WatchFolder;
import io.darkroom.ingest.domain.WatchKeys;
import io.darkroom.ingest.domain.WatchLedger;
import io.darkroom.ingest.domain.WatchLedger.Entry;
import io.darkroom.ingest.domain.WatchLedger.Status;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.Violation;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Scans one watch folder and submits each stable clip once. Plain Java (no Quarkus): {@link WatchService} runs
 * {@link #scan()} on its own thread every poll interval; tests call it directly with a fake clock.
 *
 * <p>A clip is taken when, as seen by this process, its size and mtime have not changed for {@code stableFor}, it
 * is not empty, its sidecar (if any) is equally settled, and there is a recipe (the folder's or the sidecar's). It is
 * submitted through {@link Submitter} (the same code as POST /jobs) with an idempotency key of (watch, path, size,
 * mtime); the outcome goes into the {@link WatchLedger} after the broker's acknowledgement, so that the file version
 * is skipped from then on, also after a restart. A version refused by validation is recorded as rejected and tried
 * again only when the clip or its sidecar changes. When the broker does not acknowledge, nothing is recorded and the
 * pass stops; the next poll tries again.
 */
public final class WatchScanner {
    private static final Logger LOG = Logger.getLogger(WatchScanner.class);
    static final int MAX_PENDING_LISTED = 50;
    static final int MAX_RECENT = 20;

    /** Submits one job as POST /jobs would; returns its jobId. */
    @FunctionalInterface
    public interface Submitter {
        /**
         * @throws JobRejectedException when the request breaks a rule (not media, no video, bad recipe, ...)
         * @throws JobPublishException  when the broker did not acknowledge it
         */
        String submit(JobRequest request, String idempotencyKey);
    }

    private record Observed(long size, long mtimeMillis) {}

    /** A file as first seen in its current version: size, mtime and when (monotonic) that version appeared. */
    private record Candidate(long size, long mtimeMillis, long sinceNanos) {}

    private enum Next {
        CONTINUE,
        STOP
    }

    private final WatchFolder folder;
    private final Path dir;
    private final WatchLedger ledger;
    private final Submitter submitter;
    private final WatchFiles files;
    private final LongSupplier nanos;
    private final Clock clock;
    private final String sourcePrefix;
    private final Map<String, Candidate> candidates = new HashMap<>();
    private final List<WatchStatus.PendingFile> pending = new ArrayList<>();
    private volatile WatchStatus status;
    private int pendingCount;
    private boolean missingLogged;
    private String lastError;

    /**
     * @param folder the settings
     * @param dir    the folder on disk (resolved from its root)
     * @param ledger the folder's ledger, already read
     */
    public WatchScanner(
            WatchFolder folder, Path dir, WatchLedger ledger, Submitter submitter, LongSupplier nanos, Clock clock) {
        this.folder = folder;
        this.dir = dir;
        this.ledger = ledger;
        this.submitter = submitter;
        this.files = new WatchFiles(folder.pattern());
        this.nanos = nanos;
        this.clock = clock;
        this.sourcePrefix = folder.folder().path().replaceAll("^/+|/+$", "");
        this.status = buildStatus(false, null);
    }

    public WatchFolder folder() {
        return folder;
    }

    /** The state after the last scan; safe to call from any thread. */
    public WatchStatus status() {
        return status;
    }

    /** One pass: list, track, submit what is stable. Blocks while probing and publishing. */
    public synchronized void scan() {
        long now = nanos.getAsLong();
        lastError = null;
        pending.clear();
        if (!Files.isDirectory(dir)) {
            if (!missingLogged) {
                LOG.warnf(
                        "watch %s: folder %s (%s) does not exist; polling until it does",
                        folder.name(), folder.folder(), dir);
                missingLogged = true;
            }
            candidates.clear();
            lastError = "folder " + folder.folder() + " does not exist";
            status = buildStatus(false, clock.instant());
            return;
        }
        missingLogged = false;
        Map<String, Observed> seen = list();
        candidates.keySet().retainAll(seen.keySet());
        seen.forEach((rel, o) -> {
            Candidate c = candidates.get(rel);
            if (c == null || c.size() != o.size() || c.mtimeMillis() != o.mtimeMillis()) {
                candidates.put(rel, new Candidate(o.size(), o.mtimeMillis(), now));
            }
        });
        List<String> clips = seen.keySet().stream()
                .filter(rel -> files.isClip(fileName(rel)))
                .sorted()
                .toList();
        for (String rel : clips) {
            if (consider(rel, now) == Next.STOP) {
                break;
            }
        }
        status = buildStatus(true, clock.instant());
    }

    private Next consider(String rel, long now) {
        Candidate c = candidates.get(rel);
        String sidecarRel = WatchFiles.sidecarFor(rel);
        Candidate sidecar = candidates.get(sidecarRel);
        String sidecarPrint = sidecar == null ? null : sidecar.size() + ":" + sidecar.mtimeMillis();
        Entry done = ledger.get(rel).orElse(null);
        if (done != null && done.sameVersion(c.size(), c.mtimeMillis())) {
            if (done.status() == Status.SUBMITTED || Objects.equals(done.sidecar(), sidecarPrint)) {
                return Next.CONTINUE;
            }
        }
        if (c.size() == 0) {
            return waiting(rel, c, "data (the file is empty)");
        }
        if (!settled(c, now)) {
            return waiting(rel, c, "size and mtime to stay unchanged for " + folder.stableFor());
        }
        if (sidecar != null && !settled(sidecar, now)) {
            return waiting(rel, c, "its sidecar " + sidecarRel + " to stay unchanged");
        }
        if (sidecar == null && folder.recipe() == null) {
            return waiting(rel, c, "a recipe sidecar " + sidecarRel + " (the folder has no default recipe)");
        }
        if (!unchangedOnDisk(rel, c)) {
            return waiting(rel, c, "size and mtime to stay unchanged for " + folder.stableFor());
        }
        if (done != null && done.status() == Status.SUBMITTED) {
            LOG.infof(
                    "watch %s: %s changed since it was submitted as job %s; submitting the new version",
                    folder.name(), rel, done.jobId());
        }
        JobRequest request;
        try {
            request = request(rel, sidecar == null ? null : sidecarRel);
        } catch (BadSidecar e) {
            reject(rel, c, sidecarPrint, "BAD_SIDECAR " + sidecarRel + ": " + e.getMessage());
            return Next.CONTINUE;
        }
        String key = WatchKeys.idempotencyKey(folder.name(), rel, c.size(), c.mtimeMillis());
        try {
            String jobId = submitter.submit(request, key);
            LOG.infof("watch %s: %s (%d bytes) submitted as job %s", folder.name(), rel, c.size(), jobId);
            record(
                    rel,
                    new Entry(c.size(), c.mtimeMillis(), Status.SUBMITTED, jobId, null, clock.instant(), sidecarPrint),
                    jobId);
            return Next.CONTINUE;
        } catch (JobRejectedException e) {
            if (vanished(e.violations())) {
                LOG.infof("watch %s: %s disappeared before it could be submitted", folder.name(), rel);
                candidates.remove(rel);
                return Next.CONTINUE;
            }
            reject(
                    rel,
                    c,
                    sidecarPrint,
                    e.violations().stream()
                            .map(v -> v.problem() + (v.field() == null ? "" : " " + v.field()) + ": " + v.message())
                            .collect(Collectors.joining("; ")));
            return Next.CONTINUE;
        } catch (JobPublishException e) {
            lastError = "broker did not acknowledge: " + e.getMessage();
            LOG.warnf(
                    "watch %s: %s not submitted, the broker did not acknowledge (%s); trying again at the next poll",
                    folder.name(), rel, e.getMessage());
            waiting(rel, c, "the broker (not acknowledged; retrying)");
            return Next.STOP;
        }
    }

    private boolean settled(Candidate c, long now) {
        return now - c.sinceNanos() >= folder.stableFor().toNanos();
    }

    /** Looks at the file once more right before submitting: a write since the listing restarts the wait. */
    private boolean unchangedOnDisk(String rel, Candidate c) {
        try {
            BasicFileAttributes a =
                    Files.readAttributes(dir.resolve(rel), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.size() == c.size() && a.lastModifiedTime().toMillis() == c.mtimeMillis()) {
                return true;
            }
            candidates.put(rel, new Candidate(a.size(), a.lastModifiedTime().toMillis(), nanos.getAsLong()));
        } catch (IOException e) {
            candidates.remove(rel);
        }
        return false;
    }

    private Next waiting(String rel, Candidate c, String what) {
        if (pending.size() < MAX_PENDING_LISTED) {
            pending.add(new WatchStatus.PendingFile(rel, c.size(), what));
        }
        pendingCount++;
        return Next.CONTINUE;
    }

    private static boolean vanished(List<Violation> violations) {
        return violations.stream()
                .allMatch(v -> v.field() != null
                        && v.field().startsWith("sources")
                        && (v.problem() == Problem.NOT_FOUND || v.problem() == Problem.NOT_A_FILE));
    }

    private void reject(String rel, Candidate c, String sidecarPrint, String reason) {
        LOG.warnf("watch %s: file %s rejected; not tried again until it changes: %s", folder.name(), rel, reason);
        record(
                rel,
                new Entry(c.size(), c.mtimeMillis(), Status.REJECTED, null, reason, clock.instant(), sidecarPrint),
                null);
    }

    private void record(String rel, Entry entry, String jobId) {
        try {
            ledger.record(rel, entry);
        } catch (IOException e) {
            lastError = "ledger not written: " + e.getMessage();
            LOG.errorf(
                    e,
                    "watch %s: could not write ledger %s; %s stays recorded in this process only%s",
                    folder.name(),
                    ledger.file(),
                    rel,
                    jobId == null
                            ? ""
                            : "; after a restart it is submitted again as the same job " + jobId
                                    + ", which process-service drops as a duplicate");
        }
    }

    /** The job of one clip: the folder's settings, overridden by the sidecar's fields where it has them. */
    private JobRequest request(String rel, String sidecarRel) throws BadSidecar {
        SourceRef source =
                new SourceRef(folder.folder().root(), sourcePrefix.isEmpty() ? rel : sourcePrefix + "/" + rel);
        String name = "watch " + folder.name() + ": " + rel;
        if (name.length() > JobRequestValidator.MAX_TEXT) {
            name = name.substring(0, JobRequestValidator.MAX_TEXT);
        }
        JobRequest base = new JobRequest(
                name,
                folder.priority(),
                folder.pool(),
                "watch:" + folder.name(),
                List.of(source),
                folder.recipe(),
                folder.destination());
        if (sidecarRel == null) {
            return base;
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(dir.resolve(sidecarRel).toFile());
        } catch (IOException e) {
            throw new BadSidecar("not readable as JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadSidecar("not a JSON object");
        }
        try {
            if (node.has("outputs")) {
                Recipe recipe = Json.mapper().treeToValue(node, Recipe.class);
                return new JobRequest(
                        base.name(),
                        base.priority(),
                        base.pool(),
                        base.submittedBy(),
                        base.sources(),
                        recipe,
                        base.destination());
            }
            if (node.has("sources")) {
                throw new BadSidecar("a sidecar must not list sources: the clip beside it is the source");
            }
            if (node.has("submittedBy")) {
                throw new BadSidecar("submittedBy is not accepted: the folder submits as its configured service"
                        + " identity (darkroom.watch." + folder.name() + ".identity)");
            }
            JobRequest s = Json.mapper().treeToValue(node, JobRequest.class);
            return new JobRequest(
                    s.name() == null ? base.name() : s.name(),
                    s.priority() == null ? base.priority() : s.priority(),
                    s.pool() == null ? base.pool() : s.pool(),
                    s.submittedBy() == null ? base.submittedBy() : s.submittedBy(),
                    base.sources(),
                    s.recipe() == null ? base.recipe() : s.recipe(),
                    s.destination() == null ? base.destination() : s.destination());
        } catch (JsonProcessingException e) {
            throw new BadSidecar(e.getOriginalMessage());
        }
    }

    private static final class BadSidecar extends Exception {
        BadSidecar(String message) {
            super(message);
        }
    }

    /** Clips and sidecars below the folder (relative, '/'-separated); dot-folders and symbolic links are skipped. */
    private Map<String, Observed> list() {
        Map<String, Observed> out = new TreeMap<>();
        int depth = folder.recursive() ? WatchFolder.MAX_DEPTH : 1;
        try {
            Files.walkFileTree(
                    dir, EnumSet.noneOf(java.nio.file.FileVisitOption.class), depth, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                            return !d.equals(dir)
                                            && WatchFiles.isTemporary(
                                                    d.getFileName().toString())
                                    ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                            String name = f.getFileName().toString();
                            if (attrs.isRegularFile() && (files.isClip(name) || WatchFiles.isSidecar(name))) {
                                out.put(
                                        relative(f),
                                        new Observed(
                                                attrs.size(),
                                                attrs.lastModifiedTime().toMillis()));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path f, IOException e) {
                            return FileVisitResult.CONTINUE; // deleted while listing, or unreadable: not a candidate
                        }
                    });
        } catch (IOException e) {
            lastError = "cannot list " + dir + ": " + e.getMessage();
            LOG.warnf("watch %s: cannot list %s: %s", folder.name(), dir, e.getMessage());
        }
        return out;
    }

    private String relative(Path f) {
        return dir.relativize(f).toString().replace(File.separatorChar, '/');
    }

    private static String fileName(String rel) {
        return rel.substring(rel.lastIndexOf('/') + 1);
    }

    private WatchStatus buildStatus(boolean present, Instant scannedAt) {
        int submitted = 0;
        int rejected = 0;
        List<WatchStatus.Submission> subs = new ArrayList<>();
        List<WatchStatus.Rejection> rejs = new ArrayList<>();
        for (Map.Entry<String, Entry> e : ledger.entries().entrySet()) {
            Entry v = e.getValue();
            if (v.status() == Status.SUBMITTED) {
                submitted++;
                subs.add(new WatchStatus.Submission(e.getKey(), v.jobId(), v.at()));
            } else {
                rejected++;
                rejs.add(new WatchStatus.Rejection(e.getKey(), v.reason(), v.at()));
            }
        }
        subs.sort(Comparator.comparing(WatchStatus.Submission::at).reversed());
        rejs.sort(Comparator.comparing(WatchStatus.Rejection::at).reversed());
        int pendingNow = pendingCount;
        pendingCount = 0;
        return new WatchStatus(
                folder.name(),
                folder.folder().toString(),
                folder.recursive(),
                folder.pattern(),
                folder.stableFor().toString(),
                folder.pollInterval().toString(),
                present,
                scannedAt,
                lastError,
                pendingNow,
                submitted,
                rejected,
                List.copyOf(pending),
                subs.subList(0, Math.min(MAX_RECENT, subs.size())).stream().toList(),
                rejs.subList(0, Math.min(MAX_RECENT, rejs.size())).stream().toList());
    }
}
