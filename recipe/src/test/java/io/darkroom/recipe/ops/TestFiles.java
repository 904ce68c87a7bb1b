package io.darkroom.recipe.ops;

import io.darkroom.contracts.SourceRef;
import io.darkroom.recipe.RecipeFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample media (the LogC LUT) and a resolver for roots "media" and "tmp", for the file rules' tests and
 * render-core's ops tests (through the test-jar).
 */
public final class TestFiles {
    public static final String LOGC = "luts/colour-science_LogC_Video_1Dshaper+3D.cube";

    private TestFiles() {}

    /** The repository's {@code samples/media} (the build passes the repository root as {@code darkroom.root}). */
    public static Path mediaRoot() {
        return Path.of(System.getProperty("darkroom.root", ".."))
                .toAbsolutePath()
                .resolve("samples/media")
                .normalize();
    }

    /** Roots "media" and "tmp"; no image check. */
    public static RecipeFiles files(Path tmp) {
        return new RecipeFiles(ref -> resolve(tmp, ref), null, null);
    }

    public static Path resolve(Path tmp, SourceRef ref) {
        return resolve(mediaRoot(), tmp, ref);
    }

    /** Root "media" is {@code media}, root "tmp" is {@code tmp}; anything else, or no regular file, is refused. */
    public static Path resolve(Path media, Path tmp, SourceRef ref) {
        Path base =
                switch (ref.root()) {
                    case "media" -> media;
                    case "tmp" -> tmp;
                    default -> throw new IllegalArgumentException("unknown storage root " + ref.root());
                };
        Path p = base.resolve(ref.path()).normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such file");
        }
        return p;
    }
}
