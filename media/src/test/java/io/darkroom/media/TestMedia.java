package io.darkroom.media;

import io.darkroom.contracts.MediaInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test media: the repository's sample clips, and clips generated with the bundled ffmpeg. */
public final class TestMedia {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private TestMedia() {}

    /** A file of the repository's sample media ({@link SampleMedia}), by its path under {@code samples/media}. */
    public static Path sample(String relative) {
        return SampleMedia.file(relative);
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
    public static MediaInfo info(
            int fpsNum, int fpsDen, boolean vfr, long frames, long startUs, int displayW, int displayH, int rotation) {
        boolean swap = rotation == 90 || rotation == 270;
        return new MediaInfo(
                "mov,mp4,m4a,3gp,3g2,mj2",
                "h264",
                swap ? displayH : displayW,
                swap ? displayW : displayH,
                rotation,
                displayW,
                displayH,
                "yuv420p",
                fpsNum,
                fpsDen,
                vfr,
                frames,
                startUs,
                fpsNum == 0 ? 0 : Math.round(frames * 1e6 * fpsDen / fpsNum),
                0,
                0,
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                null,
                false);
    }

    public static MediaInfo cfr(int fpsNum, int fpsDen, long frames) {
        return info(fpsNum, fpsDen, false, frames, 0, 1920, 1080, 0);
    }
}
