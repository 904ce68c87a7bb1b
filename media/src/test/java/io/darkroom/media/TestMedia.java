package io.darkroom.media;

import io.darkroom.contracts.MediaInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test media: the shared real clips, and clips generated with the bundled ffmpeg. */
public final class TestMedia {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private TestMedia() {
    }

    /** A file under /work/shared/media, found as {@code ../shared/media} beside the repository root. */
    public static Path shared(String relative) {
        Path p = repoRoot().resolve("../shared/media").resolve(relative).normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("shared test media missing: " + p);
        }
        return p;
    }

    static Path repoRoot() {
        String prop = System.getProperty("darkroom.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>darkroom-parent</artifactId>")
                        && !Files.readString(pom).contains("<relativePath>")) {
                    return d;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no darkroom-parent pom.xml above " + dir);
    }

    /** Runs ffmpeg and fails the test with its stderr when it fails. */
    public static void ffmpeg(String... args) {
        List<String> a = new ArrayList<>(List.of("-v", "error", "-y"));
        a.addAll(List.of(args));
        Ffmpeg.Result r = Ffmpeg.ffmpeg(a, TIMEOUT);
        if (!r.ok()) {
            throw new IllegalStateException("ffmpeg " + String.join(" ", args) + " failed: " + r.stderr());
        }
    }

    /** A MediaInfo with just what planning and fitting read. */
    public static MediaInfo info(int fpsNum, int fpsDen, boolean vfr, long frames, long startUs, int displayW,
            int displayH, int rotation) {
        boolean swap = rotation == 90 || rotation == 270;
        return new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", swap ? displayH : displayW, swap ? displayW : displayH,
                rotation, displayW, displayH, "yuv420p", fpsNum, fpsDen, vfr, frames, startUs,
                fpsNum == 0 ? 0 : Math.round(frames * 1e6 * fpsDen / fpsNum), 0, 0, null, null, 0);
    }

    public static MediaInfo cfr(int fpsNum, int fpsDen, long frames) {
        return info(fpsNum, fpsDen, false, frames, 0, 1920, 1080, 0);
    }
}
