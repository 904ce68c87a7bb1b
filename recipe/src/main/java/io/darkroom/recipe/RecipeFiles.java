package io.darkroom.recipe;

import io.darkroom.contracts.SourceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * How the file rules reach files: a storage resolver and an image check, both given by the caller (this module
 * opens LUT and CDL files itself but runs no FFmpeg).
 *
 * @param resolver a file reference to a readable path (e.g. {@code StorageRoots::resolveExisting}); throws a
 *                 RuntimeException with a message for the user, ideally one that is {@link Problem.Named}
 * @param images   why a file is not a usable PNG / JPEG picture, or null when it is (e.g. media's
 *                 {@code ImageProbe::problem})
 * @param budgets  how large those files may be ({@link FileBudgets#DEFAULTS} when null)
 */
public record RecipeFiles(Function<SourceRef, Path> resolver, Function<Path, String> images, FileBudgets budgets) {
    public RecipeFiles {
        budgets = budgets == null ? FileBudgets.DEFAULTS : budgets;
    }

    /** Why a file of an op is over the site's budget for its kind, or null when it is not. */
    public String overBudget(Path file, FileBudgets.Kind kind) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return null; // the parser or the image check names an unreadable file
        }
        long limit = budgets.bytes(kind);
        if (size <= limit) {
            return null;
        }
        return "the file is " + mib(size) + "; this site takes " + kind.label + " files up to " + mib(limit) + " ("
                + kind.setting + ")";
    }

    private static String mib(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0) : bytes + " bytes";
    }

    public Path resolve(SourceRef ref) {
        return resolver.apply(ref);
    }

    public String imageProblem(Path file) {
        return images == null ? null : images.apply(file);
    }
}
