package io.darkroom.media;

import io.darkroom.contracts.SourceRef;
import io.darkroom.recipe.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named storage roots of a node (e.g. {@code media -> /mnt/media}, {@code work -> /mnt/work}). Every path a
 * user or a message names is resolved here, and never leaves its root: no absolute paths, no {@code ..} out, no
 * symlink pointing outside.
 */
public final class StorageRoots {
    private final Map<String, Path> roots = new TreeMap<>();
    private final Map<String, RootMode> modes = new TreeMap<>();

    /** Roots with their default modes ({@link RootMode#defaultFor}). */
    public StorageRoots(Map<String, Path> roots) {
        this(roots, Map.of());
    }

    /** Roots with modes; a root missing from {@code modes} has its default ({@link RootMode#defaultFor}). */
    public StorageRoots(Map<String, Path> roots, Map<String, RootMode> modes) {
        roots.forEach((name, path) -> {
            this.roots.put(name, path.toAbsolutePath().normalize());
            this.modes.put(name, modes.getOrDefault(name, RootMode.defaultFor(name)));
        });
    }

    /** Builds from {@code name -> path string} pairs, as read from configuration, with default modes. */
    public static StorageRoots of(Map<String, String> roots) {
        return of(roots, Map.of());
    }

    /**
     * Builds from configuration: {@code name -> path} and {@code name -> mode} ({@code read-only}, {@code writable},
     * {@code internal}); throws IllegalArgumentException naming a bad mode or a mode for an unknown root.
     */
    public static StorageRoots of(Map<String, String> roots, Map<String, String> modes) {
        Map<String, Path> paths = new TreeMap<>();
        roots.forEach((k, v) -> paths.put(k, Path.of(v)));
        Map<String, RootMode> parsed = new TreeMap<>();
        modes.forEach((k, v) -> {
            if (!roots.containsKey(k)) {
                throw new IllegalArgumentException("darkroom.storage.modes." + k + ": no storage root '" + k
                        + "' (roots: " + String.join(", ", new TreeMap<>(roots).keySet()) + ")");
            }
            try {
                parsed.put(k, RootMode.parse(v));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("darkroom.storage.modes." + k + ": " + e.getMessage(), e);
            }
        });
        return new StorageRoots(paths, parsed);
    }

    public Set<String> names() {
        return roots.keySet();
    }

    /** The root's mode; null for an unknown root. */
    public RootMode mode(String name) {
        return modes.get(name);
    }

    /** The roots of one mode, sorted. */
    public List<String> names(RootMode mode) {
        return modes.entrySet().stream()
                .filter(e -> e.getValue() == mode)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The roots a job may name as a source or a file reference (every root that is not internal), sorted. */
    public List<String> readable() {
        return modes.entrySet().stream()
                .filter(e -> e.getValue() != RootMode.INTERNAL)
                .map(Map.Entry::getKey)
                .toList();
    }

    public Optional<Path> root(String name) {
        return Optional.ofNullable(roots.get(name));
    }

    /**
     * Resolves an existing regular file a job may read: as {@link #resolveExisting}, and not in an internal root
     * ({@link Problem#ROOT_NOT_ALLOWED}, checked before the filesystem is touched: no existence oracle there).
     */
    public Path resolveReadable(SourceRef ref) {
        if (ref != null && mode(ref.root()) == RootMode.INTERNAL) {
            throw new StorageException(
                    Problem.ROOT_NOT_ALLOWED,
                    "root '" + ref.root() + "' is internal (the" + " services' own folders); jobs read from "
                            + String.join(", ", readable()));
        }
        return resolveExisting(ref);
    }

    /** Resolves an existing regular file; throws with the problem named otherwise. */
    public Path resolveExisting(SourceRef ref) {
        Path path = resolve(ref);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
            throw new StorageException(Problem.NOT_FOUND, "no file at " + ref);
        }
        checkRealPathInside(ref, path);
        if (!Files.isRegularFile(path)) {
            throw new StorageException(Problem.NOT_A_FILE, ref + " is not a regular file");
        }
        return path;
    }

    /**
     * Resolves a path for writing: the root must exist, the path must stay inside it (also through symlinked
     * parent folders); parent folders are created.
     */
    public Path resolveForWrite(SourceRef ref) {
        Path path = resolve(ref);
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new StorageException(Problem.NOT_FOUND, "cannot create folder for " + ref + ": " + e.getMessage());
        }
        checkRealPathInside(ref, path.getParent());
        return path;
    }

    /** Resolves lexically: known root, relative path, no climbing out. Does not touch the filesystem. */
    public Path resolve(SourceRef ref) {
        if (ref == null || ref.root() == null || ref.root().isBlank()) {
            throw new StorageException(Problem.UNKNOWN_ROOT, "no storage root given");
        }
        Path root = roots.get(ref.root());
        if (root == null) {
            throw new StorageException(
                    Problem.UNKNOWN_ROOT,
                    "unknown storage root '" + ref.root() + "' (known: " + String.join(", ", roots.keySet()) + ")");
        }
        String rel = ref.path();
        if (rel == null || rel.isBlank()) {
            throw new StorageException(Problem.NOT_FOUND, "no path given in root '" + ref.root() + "'");
        }
        if (rel.indexOf('\0') >= 0) {
            throw new StorageException(Problem.ESCAPES_ROOT, "path contains a NUL character");
        }
        Path relPath = Path.of(rel);
        if (relPath.isAbsolute() || rel.startsWith("/") || rel.startsWith("\\")) {
            throw new StorageException(
                    Problem.ESCAPES_ROOT, "path '" + rel + "' must be relative to root '" + ref.root() + "'");
        }
        Path resolved = root.resolve(relPath).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new StorageException(Problem.ESCAPES_ROOT, "path '" + rel + "' escapes root '" + ref.root() + "'");
        }
        return resolved;
    }

    /** The reference of an absolute path inside one of the roots, if it is inside one. */
    public Optional<SourceRef> toRef(Path absolute) {
        Path p = absolute.toAbsolutePath().normalize();
        for (Map.Entry<String, Path> e : roots.entrySet()) {
            if (p.startsWith(e.getValue()) && !p.equals(e.getValue())) {
                return Optional.of(
                        new SourceRef(e.getKey(), e.getValue().relativize(p).toString()));
            }
        }
        return Optional.empty();
    }

    private void checkRealPathInside(SourceRef ref, Path path) {
        try {
            Path realRoot = roots.get(ref.root()).toRealPath();
            Path real = path.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new StorageException(
                        Problem.ESCAPES_ROOT,
                        "path '" + ref.path() + "' leads out of root '" + ref.root() + "' through a symbolic link");
            }
        } catch (IOException e) {
            throw new StorageException(Problem.NOT_FOUND, "cannot resolve " + ref + ": " + e.getMessage());
        }
    }
}
