package io.darkroom.local.cli;

import io.darkroom.contracts.SourceRef;
import io.darkroom.local.RepoPaths;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.SampleMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The clips the demo submits: by default real camera, phone and browser files that the repository carries in
 * {@code samples/media} (a GoPro file with a timecode track, a rotated VFR phone clip, a 10-bit VP9 WebM); with
 * {@code --generated-media}, three clips made here with the bundled ffmpeg (testsrc2 picture, sine audio, one with a
 * timecode).
 *
 * @param mediaRoot the folder to serve as storage root {@code media}
 * @param sources   the clips, inside root {@code media}
 * @param generated whether the clips were made here
 */
record DemoMedia(Path mediaRoot, List<SourceRef> sources, boolean generated) {
    static final List<String> SAMPLE_CLIPS = List.of(SampleMedia.GOPRO, SampleMedia.ANDROID_VFR, SampleMedia.VP9_10BIT);

    /** The repository's sample clips. */
    static DemoMedia samples() {
        return new DemoMedia(
                RepoPaths.sampleMedia(),
                SAMPLE_CLIPS.stream().map(c -> new SourceRef("media", c)).toList(),
                false);
    }

    static DemoMedia generate(Path dir) {
        try {
            Files.createDirectories(dir.resolve("demo"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        List<SourceRef> refs = new ArrayList<>();
        refs.add(make(
                dir,
                "demo/testsrc_1080p25_timecode.mp4",
                "1920x1080",
                "25",
                4,
                true,
                List.of("-timecode", "01:00:00:00")));
        refs.add(make(dir, "demo/testsrc_portrait_30.mp4", "720x1280", "30", 3, true, List.of()));
        refs.add(make(dir, "demo/testsrc_vga_24_silent.mkv", "640x480", "24", 3, false, List.of()));
        return new DemoMedia(dir, refs, true);
    }

    private static SourceRef make(
            Path root, String path, String size, String rate, int seconds, boolean audio, List<String> extra) {
        Path file = root.resolve(path);
        if (Files.isRegularFile(file)) {
            return new SourceRef("media", path);
        }
        List<String> args = new ArrayList<>(List.of(
                "-y",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + size + ":rate=" + rate + ":duration=" + seconds));
        if (audio) {
            args.addAll(List.of(
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                    "-c:a",
                    "aac",
                    "-shortest"));
        }
        args.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"));
        args.addAll(extra);
        args.add(file.toString());
        Ffmpeg.Result r = Ffmpeg.ffmpeg(args, Duration.ofMinutes(2));
        if (!r.ok()) {
            throw CliException.failed("generating demo clip " + file + " failed: " + r.stderrTail());
        }
        return new SourceRef("media", path);
    }
}
