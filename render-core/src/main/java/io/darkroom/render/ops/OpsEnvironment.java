package io.darkroom.render.ops;

import io.darkroom.contracts.SourceRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Where a worker keeps what the ops need.
 *
 * @param workDir  folder for baked LUTs ({@code luts/}) and burn-in text files ({@code text/}); content-addressed,
 *                 safe to share between slots and to keep across restarts
 * @param fontFile TrueType font for drawtext
 * @param resolver a job's file reference to a readable path (e.g. {@code StorageRoots::resolveExisting}); may throw
 *                 a RuntimeException with a message for the user
 * @param bakeSize 3D grid size for baked LUTs: 33 (default) or 65
 */
public record OpsEnvironment(Path workDir, Path fontFile, Function<SourceRef, Path> resolver, int bakeSize) {
    /** Font files tried in order by {@link #defaultFont()}. */
    public static final List<String> FONT_CANDIDATES = List.of(
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/TTF/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf");

    public OpsEnvironment {
        if (bakeSize != 33 && bakeSize != 65) {
            throw new IllegalArgumentException("bakeSize must be 33 or 65, was " + bakeSize);
        }
    }

    public static OpsEnvironment of(Path workDir, Function<SourceRef, Path> resolver) {
        return new OpsEnvironment(workDir, defaultFont(), resolver, 33);
    }

    /** The first existing font of {@link #FONT_CANDIDATES}, or null (burn-ins then fail with a clear message). */
    public static Path defaultFont() {
        for (String c : FONT_CANDIDATES) {
            Path p = Path.of(c);
            if (Files.isReadable(p)) {
                return p;
            }
        }
        return null;
    }
}
