package io.darkroom.local.cli;

import io.darkroom.contracts.SourceRef;
import io.darkroom.media.Ffmpeg;
import io.darkroom.local.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The clips the demo submits: real camera, phone and browser files from {@code ../shared/media} when that folder is
 * there; otherwise three clips made here with the bundled ffmpeg (testsrc2 picture, sine audio, one with a
 * timecode).
 *
 * @param mediaRoot the folder to serve as storage root {@code media}
 * @param sources   the clips, inside root {@code media}
 * @param generated whether the clips were made here
 */
record DemoMedia(Path mediaRoot, List<SourceRef> sources, boolean generated) {
    private static final Logger LOG = Logger.getLogger(DemoMedia.class);

    static final List<String> SHARED_CLIPS = List.of(
            "timecode/gopro_max_h264_tmcd_gpmf.mp4",
            "phone/android12_h264_4k60_rot-90_vfr.mp4",
            "webm/vp9_profile2_10bit_roadtrip.webm");

    /** The shared media when every demo clip is there, else clips generated into {@code fallbackDir}. */
    static DemoMedia find(Path fallbackDir) {
        Path shared = RepoPaths.sharedMedia();
        if (SHARED_CLIPS.stream().allMatch(c -> Files.isRegularFile(shared.resolve(c)))) {
            return new DemoMedia(shared, SHARED_CLIPS.stream().map(c -> new SourceRef("media", c)).toList(), false);
        }
        LOG.infof("%s does not hold the demo clips; generating three with the bundled ffmpeg in %s", shared,
                fallbackDir);
        return generate(fallbackDir);
    }

    static DemoMedia generate(Path dir) {
        try {
            Files.createDirectories(dir.resolve("demo"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        List<SourceRef> refs = new ArrayList<>();
        refs.add(make(dir, "demo/testsrc_1080p25_timecode.mp4", "1920x1080", "25", 4, true,
                List.of("-timecode", "01:00:00:00")));
        refs.add(make(dir, "demo/testsrc_portrait_30.mp4", "720x1280", "30", 3, true, List.of()));
        refs.add(make(dir, "demo/testsrc_vga_24_silent.mkv", "640x480", "24", 3, false, List.of()));
        return new DemoMedia(dir, refs, true);
    }

    private static SourceRef make(Path root, String path, String size, String rate, int seconds, boolean audio,
            List<String> extra) {
        Path file = root.resolve(path);
        if (Files.isRegularFile(file)) {
            return new SourceRef("media", path);
        }
        List<String> args = new ArrayList<>(List.of("-y", "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=" + size + ":rate=" + rate + ":duration=" + seconds));
        if (audio) {
            args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                    "-c:a", "aac", "-shortest"));
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
