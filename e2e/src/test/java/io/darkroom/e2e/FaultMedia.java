package io.darkroom.e2e;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.SourceRef;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import io.darkroom.media.Ffmpeg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The clip of the fault tests: 30 s of 1280x720 25 fps testsrc2 with a sine tone (750 frames), made once per build
 * with the bundled ffmpeg into {@code e2e/target/fault-media} and copied into each stack's {@code work} root. Rendered
 * to a lossless {@code ffv1-master} in 250-frame segments: three video segments of a few seconds each plus one audio
 * task, long enough to act in the middle of a segment.
 */
final class FaultMedia {
    static final String FILE = "testsrc2_720p25_30s.mp4";
    static final String WORK_PATH = "fault-media/" + FILE;
    static final int FRAMES = 750;
    static final int SEGMENT_FRAMES = 250;
    static final int VIDEO_SEGMENTS = 3;
    static final OutputSpec MASTER = OutputSpec.of("master", "ffv1-master", 0, 0);

    private FaultMedia() {}

    /** The generated clip, made on first use. */
    static synchronized Path generated() {
        Path dir = RepoPaths.repoRoot().resolve("e2e/target/fault-media");
        Path file = dir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("tmp-" + FILE);
            Ffmpeg.Result r = Ffmpeg.ffmpeg(
                    List.of(
                            "-v",
                            "error",
                            "-y",
                            "-f",
                            "lavfi",
                            "-i",
                            "testsrc2=size=1280x720:rate=25:duration=30",
                            "-f",
                            "lavfi",
                            "-i",
                            "sine=frequency=440:sample_rate=48000:duration=30",
                            "-c:v",
                            "libx264",
                            "-preset",
                            "ultrafast",
                            "-g",
                            "25",
                            "-pix_fmt",
                            "yuv420p",
                            "-c:a",
                            "aac",
                            "-shortest",
                            tmp.toString()),
                    Duration.ofMinutes(3));
            if (!r.ok()) {
                throw new IllegalStateException(
                        "generating " + file + " failed (exit " + r.exitCode() + "): " + r.stderrTail());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate " + file, e);
        }
    }

    /**
     * Copies the clip into the stack's out root (once; the work root is internal, no job reads from it) and returns
     * its reference there.
     */
    static SourceRef install(Stack stack) {
        Path target = stack.infra().storageRoot("out").resolve(WORK_PATH);
        try {
            if (!Files.isRegularFile(target)) {
                Files.createDirectories(target.getParent());
                Files.copy(generated(), target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the fault clip into " + target, e);
        }
        return new SourceRef("out", WORK_PATH);
    }
}
