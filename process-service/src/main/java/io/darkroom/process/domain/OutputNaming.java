package io.darkroom.process.domain;

import io.darkroom.recipe.NameTemplate;
import java.util.function.Predicate;

/** Names of final outputs: {@code <clip>_<output>.<ext>}, with {@code -1}, {@code -2}, ... added when taken. */
public final class OutputNaming {

    private OutputNaming() {}

    public static String fileName(String clipName, String outputName, String extension, int suffix) {
        String base = safe(clipName) + "_" + safe(outputName);
        return (suffix == 0 ? base : base + "-" + suffix) + "." + extension;
    }

    /** A name part that stays one file name: path separators and NULs become '_', leading dots are dropped. */
    static String safe(String part) {
        String s = part.replace('/', '_').replace('\\', '_').replace('\0', '_').replaceFirst("^\\.+", "");
        return s.isEmpty() ? "_" : s;
    }

    /** The first free name, trying the plain name, then -1, -2, ...; {@code taken} says whether a name exists. */
    public static String firstFree(String clipName, String outputName, String extension, Predicate<String> taken) {
        for (int i = 0; i < 10_000; i++) {
            String name = fileName(clipName, outputName, extension, i);
            if (!taken.test(name)) {
                return name;
            }
        }
        throw new IllegalStateException("no free output name for " + fileName(clipName, outputName, extension, 0));
    }

    /**
     * The first free name for a job artifact: {@code <base>.<ext>}, then {@code <base>-1.<ext>}, ...; base is made one
     * safe file name (path separators, control characters, spaces and {@code : * ? " < > |} become '_').
     */
    public static String firstFreeArtifact(String base, String extension, Predicate<String> taken) {
        String b = NameTemplate.safe(safe(base)).replace(' ', '_');
        for (int i = 0; i < 10_000; i++) {
            String name = (i == 0 ? b : b + "-" + i) + "." + extension;
            if (!taken.test(name)) {
                return name;
            }
        }
        throw new IllegalStateException("no free name for " + b + "." + extension);
    }
}
