package io.darkroom.ingest.config;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.ingest.domain.JobRequestValidator;
import io.darkroom.ingest.domain.WatchFiles;
import io.darkroom.ingest.domain.WatchFolder;
import io.darkroom.media.RootMode;
import io.darkroom.media.StorageException;
import io.darkroom.media.StorageRoots;
import io.darkroom.recipe.RecipeRules;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Checks the values of {@link IngestConfig}; each problem names its key. Pure: unit-tested without Quarkus. */
public final class IngestConfigValidator {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    static final Duration MAX_SEND_TIMEOUT = Duration.ofMinutes(5);

    private IngestConfigValidator() {}

    public static List<String> problems(IngestConfig c) {
        List<String> out = new ArrayList<>();
        roots(c.storage().roots(), out);
        try {
            StorageRoots.of(c.storage().roots(), c.storage().modes());
        } catch (IllegalArgumentException e) {
            out.add(e.getMessage());
        }
        try {
            c.budgets().toBudgets();
        } catch (IllegalArgumentException e) {
            out.add("darkroom.budgets: " + e.getMessage());
        }
        processUrl(c.processUrl(), out);
        pools(c.pools(), out);
        String topic = c.topics().jobsSubmitted();
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            out.add("darkroom.topics.jobs-submitted: '" + topic + "' is not a legal Kafka topic name");
        }
        if (c.topics().partitions() < 1) {
            out.add("darkroom.topics.partitions: must be at least 1, got "
                    + c.topics().partitions());
        }
        if (c.topics().replicationFactor() < 1) {
            out.add("darkroom.topics.replication-factor: must be at least 1, got "
                    + c.topics().replicationFactor());
        }
        Duration t = c.kafka().sendTimeout();
        if (t.isNegative() || t.isZero() || t.compareTo(MAX_SEND_TIMEOUT) > 0) {
            out.add("darkroom.kafka.send-timeout: must be above 0 and at most 5m, got " + t);
        }
        watch(c, out);
        return out;
    }

    static final Duration MIN_STABLE_FOR = Duration.ofMillis(100);
    static final Duration MAX_STABLE_FOR = Duration.ofDays(1);
    static final Duration MIN_POLL = Duration.ofMillis(50);
    static final Duration MAX_POLL = Duration.ofHours(1);

    private static void watch(IngestConfig c, List<String> out) {
        if (c.watch().isEmpty()) {
            return;
        }
        StorageRoots roots = rootsWithModes(c);
        ref(roots, "darkroom.watch-state", c.watchState().root(), c.watchState().path(), out);
        new TreeMap<>(c.watch()).forEach((name, w) -> {
            String k = "darkroom.watch." + name;
            if (!NAME.matcher(name).matches()) {
                out.add(k + ": watch folder names are 1 to 32 characters of a-z, 0-9, '_', '-'");
            }
            Path folder = ref(roots, k, w.root(), w.path(), out);
            if (roots.mode(w.root()) == RootMode.INTERNAL) {
                out.add(k + ".root: '" + w.root() + "' is an internal root (the services' own folders); a watch folder"
                        + " lies in one of " + roots.readable());
            }
            w.recipe().ifPresent(json -> recipe(k + ".recipe", json, out));
            range(k + ".stable-for", w.stableFor(), MIN_STABLE_FOR, MAX_STABLE_FOR, out);
            range(k + ".poll-interval", w.pollInterval(), MIN_POLL, MAX_POLL, out);
            try {
                new WatchFiles(w.pattern());
            } catch (IllegalArgumentException e) {
                out.add(k + ".pattern: '" + w.pattern() + "' is not a glob: " + e.getMessage());
            }
            if (w.priority() < JobRequestValidator.MIN_PRIORITY || w.priority() > JobRequestValidator.MAX_PRIORITY) {
                out.add(k + ".priority: must be between " + JobRequestValidator.MIN_PRIORITY + " and "
                        + JobRequestValidator.MAX_PRIORITY + ", got " + w.priority());
            }
            if (!c.pools().contains(w.pool())) {
                out.add(k + ".pool: '" + w.pool() + "' is not one of darkroom.pools " + c.pools());
            }
            w.destination()
                    .filter(d -> !d.isBlank())
                    .ifPresent(d -> destination(roots, k + ".destination", d, folder, out));
        });
    }

    /** The roots with their configured modes, or with default modes when the modes are wrong (reported apart). */
    private static StorageRoots rootsWithModes(IngestConfig c) {
        try {
            return StorageRoots.of(c.storage().roots(), c.storage().modes());
        } catch (IllegalArgumentException e) {
            return StorageRoots.of(c.storage().roots());
        }
    }

    /** Resolves {@code root:path} lexically (known root, relative, inside); null with a problem added otherwise. */
    private static Path ref(StorageRoots roots, String key, String root, String path, List<String> out) {
        try {
            return roots.resolve(new SourceRef(root, path));
        } catch (StorageException e) {
            out.add(key + ": " + e.getMessage() + " (a folder inside one of darkroom.storage.roots " + roots.names()
                    + ")");
            return null;
        }
    }

    private static void recipe(String key, String json, List<String> out) {
        Recipe recipe;
        try {
            recipe = Json.readRequest(json, Recipe.class);
        } catch (IllegalArgumentException e) {
            out.add(key + ": not inline recipe JSON ({\"outputs\": [...]}): " + e.getMessage());
            return;
        }
        new RecipeRules()
                .validate(recipe)
                .forEach(v -> out.add(key + ": " + v.field() + " " + v.problem() + ": " + v.message()));
    }

    private static void range(String key, Duration d, Duration min, Duration max, List<String> out) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            out.add(key + ": must be between " + min + " and " + max + ", got " + d);
        }
    }

    private static void destination(StorageRoots roots, String key, String value, Path folder, List<String> out) {
        SourceRef dest = WatchFolder.parseDestination(value);
        if (roots.root(dest.root()).isEmpty()) {
            out.add(key + ": unknown storage root '" + dest.root() + "' (roots: " + roots.names() + ")");
            return;
        }
        if (roots.mode(dest.root()) != RootMode.WRITABLE) {
            out.add(key + ": root '" + dest.root() + "' is "
                    + roots.mode(dest.root()).label() + "; outputs go to a writable root "
                    + roots.names(RootMode.WRITABLE));
            return;
        }
        if (dest.path() == null || dest.path().isBlank()) {
            return;
        }
        Path path = ref(roots, key, dest.root(), dest.path(), out);
        if (path != null && folder != null && path.startsWith(folder)) {
            out.add(key + ": '" + value + "' lies inside the watched folder; outputs would be picked up again");
        }
    }

    private static void roots(Map<String, String> roots, List<String> out) {
        if (roots.isEmpty()) {
            out.add(
                    "darkroom.storage.roots: no storage root configured (e.g. darkroom.storage.roots.media=/mnt/media)");
        }
        roots.forEach((name, path) -> {
            if (!NAME.matcher(name).matches()) {
                out.add("darkroom.storage.roots." + name + ": root names are 1 to 32 characters of a-z, 0-9, '_', '-'");
            }
            if (path == null || path.isBlank()) {
                out.add("darkroom.storage.roots." + name + ": no path given");
            }
        });
    }

    private static void processUrl(String url, List<String> out) {
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute()
                    || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                out.add("darkroom.process-url: '" + url + "' is not an absolute http(s) URL");
            }
        } catch (Exception e) {
            out.add("darkroom.process-url: '" + url + "' is not a URL");
        }
    }

    private static void pools(List<String> pools, List<String> out) {
        if (pools.isEmpty()) {
            out.add("darkroom.pools: at least one pool is needed");
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < pools.size(); i++) {
            String p = pools.get(i);
            if (!NAME.matcher(p).matches()) {
                out.add("darkroom.pools[" + i + "]: '" + p + "' is not a pool name (1 to 32 of a-z, 0-9, '_', '-')");
            } else if (!seen.add(p)) {
                out.add("darkroom.pools[" + i + "]: '" + p + "' is listed twice");
            }
        }
    }
}
