package io.darkroom.provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves a manifest's {@code root:path} source references inside named root folders, for verification. A manifest
 * may be forged, so a reference is resolved only when it stays inside its root: unknown roots, absolute paths,
 * {@code ..} and symlinks that lead out of the root all resolve to empty (not reachable).
 */
public final class SourceRoots implements Function<String, Optional<Path>> {
    private final Map<String, Path> roots;

    public SourceRoots(Map<String, Path> roots) {
        this.roots = Map.copyOf(roots);
    }

    /** No roots: every source is reported as not reachable. */
    public static SourceRoots none() {
        return new SourceRoots(Map.of());
    }

    @Override
    public Optional<Path> apply(String ref) {
        int colon = ref.indexOf(':');
        Path root = colon > 0 ? roots.get(ref.substring(0, colon)) : null;
        if (root == null) {
            return Optional.empty();
        }
        String relative = ref.substring(colon + 1);
        if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\") || relative.contains("\0")) {
            return Optional.empty();
        }
        try {
            Path realRoot = root.toRealPath();
            Path candidate = realRoot.resolve(relative).normalize();
            if (!candidate.startsWith(realRoot) || !Files.isRegularFile(candidate)) {
                return Optional.empty();
            }
            Path real = candidate.toRealPath();
            return real.startsWith(realRoot) ? Optional.of(real) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
