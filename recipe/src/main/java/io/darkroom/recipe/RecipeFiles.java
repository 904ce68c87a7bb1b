package io.darkroom.recipe;

import io.darkroom.contracts.SourceRef;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * How the file rules reach files: a storage resolver and an image check, both given by the caller (this module
 * opens LUT and CDL files itself but runs no FFmpeg).
 *
 * @param resolver a file reference to a readable path (e.g. {@code StorageRoots::resolveExisting}); throws a
 *                 RuntimeException with a message for the user, ideally one that is {@link Problem.Named}
 * @param images   why a file is not a usable PNG / JPEG picture, or null when it is (e.g. media's
 *                 {@code ImageProbe::problem})
 */
public record RecipeFiles(Function<SourceRef, Path> resolver, Function<Path, String> images) {

    public Path resolve(SourceRef ref) {
        return resolver.apply(ref);
    }

    public String imageProblem(Path file) {
        return images == null ? null : images.apply(file);
    }
}
