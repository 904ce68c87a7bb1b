package io.darkroom.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the folder whose pom.xml is darkroom-parent) and the shared media beside it. */
public final class RepoPaths {
    private RepoPaths() {
    }

    public static Path repoRoot() {
        String prop = System.getProperty("darkroom.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>darkroom-parent</artifactId>")
                        && Files.isDirectory(p.resolve("contracts"))) {
                    return p;
                }
            } catch (java.io.IOException e) {
                // keep walking up
            }
        }
        return dir;
    }

    /** {@code ../shared/media} relative to the repository root. */
    public static Path sharedMedia() {
        return repoRoot().resolve("../shared/media").normalize();
    }
}
