package io.darkroom.local;

import io.darkroom.media.SampleMedia;
import java.nio.file.Path;

/** The repository root and the sample media inside it (see {@link SampleMedia}). */
public final class RepoPaths {
    private RepoPaths() {}

    public static Path repoRoot() {
        return SampleMedia.repoRoot();
    }

    /** {@code samples/media} in the repository, with its generated clips made when missing. */
    public static Path sampleMedia() {
        return SampleMedia.root();
    }
}
