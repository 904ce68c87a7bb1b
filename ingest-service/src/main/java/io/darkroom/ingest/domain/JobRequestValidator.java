package io.darkroom.ingest.domain;

import io.darkroom.contracts.JobSubmitted.ProbedSource;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.ImageProbe;
import io.darkroom.media.ProbeException;
import io.darkroom.media.RootMode;
import io.darkroom.media.RootRules;
import io.darkroom.media.StorageException;
import io.darkroom.media.StorageRoots;
import io.darkroom.recipe.Budgets;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.RecipeFiles;
import io.darkroom.recipe.RecipeRules;
import io.darkroom.recipe.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks a job request (with defaults applied) against every rule of the write API, and probes its sources.
 * <p>
 * Order: field rules and file lookups first (cheap), collecting every violation; the sources are probed only when
 * nothing else is wrong, so a request with a typo in its preset does not first cost a probe of every file. Once
 * probed, each output's final size is checked against its preset ({@link RecipeRules#finalSizes}), as the planner
 * does.
 */
public final class JobRequestValidator {
    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 100;
    public static final int MAX_TEXT = 200;

    private final StorageRoots roots;
    private final List<String> pools;
    private final MediaProber prober;
    private final RecipeRules recipes;
    private final Budgets budgets;
    private final SubmitLimits limits;
    private final ExecutorService probes;

    /** The pool a job must name when one of its upscale ops asks for device gpu. */
    public static final String GPU_POOL = "gpu";

    public JobRequestValidator(StorageRoots roots, List<String> pools, MediaProber prober) {
        this(roots, pools, prober, null);
    }

    /** @param models the model registry upscale ops may name; null = model names are not checked */
    public JobRequestValidator(StorageRoots roots, List<String> pools, MediaProber prober, ModelCatalog models) {
        this(roots, pools, prober, models, Budgets.DEFAULTS, SubmitLimits.DEFAULTS);
    }

    /**
     * @param budgets the site's limits on output and source pixels and tasks per job
     * @param limits  sources per job and the probing of a request (threads, deadline)
     */
    public JobRequestValidator(
            StorageRoots roots,
            List<String> pools,
            MediaProber prober,
            ModelCatalog models,
            Budgets budgets,
            SubmitLimits limits) {
        this.budgets = budgets;
        this.limits = limits;
        AtomicInteger n = new AtomicInteger();
        // probeThreads at most; idle ones end after a minute (a validator between requests holds no threads)
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                limits.probeThreads(), limits.probeThreads(), 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "source-probe-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.probes = pool;
        this.roots = roots;
        this.pools = List.copyOf(pools);
        this.prober = prober;
        this.recipes = new RecipeRules(
                new RecipeFiles(roots::resolveReadable, ImageProbe::problem, limits.files()),
                models == null ? null : models::known);
    }

    /** Validates a request whose defaults are already applied ({@link JobRequest#withDefaults(String)}). */
    public Validation validate(JobRequest r) {
        List<Violation> out = new ArrayList<>();
        checkText("name", r.name(), out);
        checkText("submittedBy", r.submittedBy(), out);
        if (r.priority() == null || r.priority() < MIN_PRIORITY || r.priority() > MAX_PRIORITY) {
            out.add(Violation.of(
                    "priority",
                    Problem.OUT_OF_RANGE,
                    "priority must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY + ", got " + r.priority()
                            + "."));
        }
        if (!pools.contains(r.pool())) {
            out.add(new Violation(
                    "pool",
                    Problem.UNKNOWN_POOL,
                    "Unknown pool '" + r.pool() + "'; pools: " + String.join(", ", pools) + ".",
                    pools));
        }
        if (RecipeRules.wantsGpu(r.recipe()) && !GPU_POOL.equals(r.pool())) {
            // not rerouted silently: the submitter chose (or defaulted to) a pool without GPUs
            out.add(new Violation(
                    "pool",
                    Problem.CONFLICT,
                    "An upscale op asks for device gpu, which only the '"
                            + GPU_POOL + "' pool has; set \"pool\": \"" + GPU_POOL
                            + "\" or use device auto (a GPU when "
                            + "the worker has one, else the CPU).",
                    List.of(GPU_POOL)));
        }
        out.addAll(recipes.validate(r.recipe()));
        internalFiles(r.recipe(), out);
        checkDestination(r.destination(), out);
        List<Path> files = checkSources(r.sources(), out);
        if (!out.isEmpty()) {
            return Validation.rejected(out);
        }
        return probeAll(r.sources(), files, r.recipe());
    }

    /** A recipe file (a model path included) in an internal root, unless another rule already named that field. */
    private void internalFiles(Recipe recipe, List<Violation> out) {
        RootRules.files(recipe).forEach((field, ref) -> {
            if (roots.mode(ref.root()) == RootMode.INTERNAL && out.stream().noneMatch(v -> field.equals(v.field()))) {
                out.add(new Violation(
                        field,
                        Problem.ROOT_NOT_ALLOWED,
                        field + ": root '" + ref.root()
                                + "' is internal (the services' own folders); jobs read from "
                                + String.join(", ", roots.readable()) + ".",
                        roots.readable()));
            }
        });
    }

    private void checkText(String field, String value, List<Violation> out) {
        if (value.length() > MAX_TEXT) {
            out.add(Violation.of(
                    field,
                    Problem.TOO_LONG,
                    field + " may be at most " + MAX_TEXT + " characters, got " + value.length() + "."));
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            out.add(Violation.of(field, Problem.INVALID_NAME, field + " must not contain control characters."));
        }
    }

    /** Resolves every source to an existing regular file inside its root; the list matches the sources' order. */
    private List<Path> checkSources(List<SourceRef> sources, List<Violation> out) {
        List<Path> files = new ArrayList<>();
        if (sources == null || sources.isEmpty()) {
            out.add(Violation.of("sources", Problem.MISSING, "At least one source is required."));
            return files;
        }
        if (sources.size() > limits.sourcesPerJob()) {
            out.add(Violation.of(
                    "sources",
                    Problem.TOO_MANY,
                    "A job may have at most " + limits.sourcesPerJob() + " sources (darkroom.budgets.sources-per-job),"
                            + " got " + sources.size() + "; split it."));
            return files;
        }
        Map<Path, SourceRef> seen = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            String at = "sources[" + i + "]";
            SourceRef ref = sources.get(i);
            if (ref == null) {
                out.add(Violation.of(at, Problem.MISSING, "Source " + at + " is null."));
            } else if (JobRequest.isBlank(ref.root())) {
                out.add(new Violation(
                        at + ".root", Problem.MISSING, "Every source needs a storage root.", rootNames()));
            } else if (JobRequest.isBlank(ref.path())) {
                out.add(Violation.of(at + ".path", Problem.MISSING, "Every source needs a path inside its root."));
            } else {
                resolveSource(at, ref, out).ifPresent(file -> {
                    SourceRef first = seen.putIfAbsent(realPath(file), ref);
                    if (first != null) {
                        out.add(Violation.of(
                                at,
                                Problem.DUPLICATE,
                                "Source " + ref + " is the same file as " + first + " (listed twice)."));
                    } else {
                        files.add(file);
                    }
                });
            }
        }
        return files;
    }

    /** The file's real path (links and {@code ./}, {@code //} resolved), the identity duplicates are judged by. */
    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private Optional<Path> resolveSource(String at, SourceRef ref, List<Violation> out) {
        try {
            return Optional.of(roots.resolveReadable(ref));
        } catch (StorageException e) {
            out.add(storageViolation(at, ref, e));
            return Optional.empty();
        }
    }

    private Violation storageViolation(String at, SourceRef ref, StorageException e) {
        return switch (e.problem()) {
            case UNKNOWN_ROOT ->
                new Violation(
                        at + ".root",
                        Problem.UNKNOWN_ROOT,
                        "Unknown storage root '" + ref.root() + "'; roots: " + String.join(", ", rootNames()) + ".",
                        rootNames());
            case ESCAPES_ROOT ->
                Violation.of(
                        at + ".path",
                        Problem.ESCAPES_ROOT,
                        "Path '" + ref.path() + "' leads out of root '" + ref.root()
                                + "'; paths stay inside their root.");
            case NOT_FOUND -> Violation.of(at + ".path", Problem.NOT_FOUND, "No file at " + ref + ".");
            case NOT_A_FILE -> Violation.of(at + ".path", Problem.NOT_A_FILE, ref + " is not a regular file.");
            case ROOT_NOT_ALLOWED ->
                new Violation(
                        at + ".root",
                        Problem.ROOT_NOT_ALLOWED,
                        "Root '" + ref.root()
                                + "' is internal (the services' own folders); sources come from "
                                + String.join(", ", roots.readable()) + ".",
                        roots.readable());
            default -> Violation.of(at, e.problem(), e.getMessage());
        };
    }

    /** The destination folder may not exist yet; it must name a known root and stay inside it. */
    private void checkDestination(SourceRef dest, List<Violation> out) {
        if (dest != null && roots.mode(dest.root()) != null && roots.mode(dest.root()) != RootMode.WRITABLE) {
            List<String> writable = roots.names(RootMode.WRITABLE);
            out.add(new Violation(
                    "destination.root",
                    Problem.ROOT_NOT_ALLOWED,
                    "Root '" + dest.root() + "' is "
                            + roots.mode(dest.root()).label() + "; outputs go to a writable root: "
                            + String.join(", ", writable) + ".",
                    writable));
            return;
        }
        Path path;
        try {
            path = roots.resolve(dest);
        } catch (StorageException e) {
            out.add(storageViolation("destination", dest, e));
            return;
        }
        Path root = roots.root(dest.root()).orElseThrow();
        if (!existingAncestorInside(root, path)) {
            out.add(Violation.of(
                    "destination.path",
                    Problem.ESCAPES_ROOT,
                    "Destination '" + dest.path() + "' leads out of root '" + dest.root()
                            + "' through a symbolic link."));
        }
    }

    /** Follows the deepest part of {@code path} that exists and checks that it really lies inside {@code root}. */
    private static boolean existingAncestorInside(Path root, Path path) {
        if (!Files.isDirectory(root)) {
            return true; // nothing on disk yet, so nothing can lead out
        }
        Path p = path;
        while (p != null && p.startsWith(root) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            p = p.getParent();
        }
        if (p == null || !p.startsWith(root)) {
            return true;
        }
        try {
            return p.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false; // a dangling link: refuse rather than guess where it would point
        }
    }

    /**
     * Probes the sources {@link SubmitLimits#probeThreads()} at a time; what has not finished by the deadline is
     * stopped (its ffprobe killed) and the request refused as over budget.
     */
    private Validation probeAll(List<SourceRef> sources, List<Path> files, Recipe recipe) {
        List<Callable<MediaInfo>> calls = new ArrayList<>();
        files.forEach(f -> calls.add(() -> prober.probe(f)));
        List<Future<MediaInfo>> results;
        try {
            results = probes.invokeAll(calls, limits.probeDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the sources", e);
        }
        List<Violation> out = new ArrayList<>();
        List<ProbedSource> probed = new ArrayList<>();
        int late = 0;
        for (int i = 0; i < sources.size(); i++) {
            SourceRef ref = sources.get(i);
            Future<MediaInfo> f = results.get(i);
            try {
                probed.add(new ProbedSource(clipName(files.get(i)), ref, f.get()));
            } catch (CancellationException e) {
                late++;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ProbeException p) {
                    out.add(Violation.of("sources[" + i + "].path", p.problem(), ref + ": " + p.getMessage()));
                } else if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                } else {
                    throw new IllegalStateException("probing " + ref + " failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while probing the sources", e);
            }
        }
        if (late > 0) {
            out.add(
                    0,
                    Violation.of(
                            "sources",
                            Problem.OVER_BUDGET,
                            late + " of " + sources.size() + " sources were not probed within "
                                    + (limits.probeDeadline().toMillis() < 1000
                                            ? limits.probeDeadline().toMillis() + " ms"
                                            : limits.probeDeadline().toSeconds() + " s")
                                    + " (darkroom.budgets.probe-deadline); split the"
                                    + " job or retry when the media storage answers faster."));
        }
        if (out.isEmpty()) {
            // the presets' limits at each output's final size, as the planner and the worker will see it
            List<MediaInfo> media = probed.stream().map(ProbedSource::media).toList();
            out.addAll(RecipeRules.finalSizes(recipe, media));
            out.addAll(budgets.check(recipe, media));
        }
        return out.isEmpty() ? new Validation(List.of(), probed) : Validation.rejected(out);
    }

    /** The file name without its extension: {@code A001C003.mov -> A001C003}. */
    public static String clipName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private List<String> rootNames() {
        return List.copyOf(roots.names());
    }
}
