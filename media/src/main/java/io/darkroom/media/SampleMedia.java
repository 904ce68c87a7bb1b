package io.darkroom.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sample media the project carries and makes: the demo's clips and every test's. Real files that only a device
 * or a tool produces (camera timecode and telemetry tracks, a rotated VFR phone clip, 10-bit VP9, HDR, a Resolve
 * {@code .cube}, a corrupt bitstream) are committed under {@code samples/media} with {@code samples/NOTICE.md}; the
 * ones a generator reproduces exactly (a long black clip, a tiny ProRes) are made with the bundled ffmpeg into
 * {@code samples/media/generated} (git-ignored) the first time they are asked for. One folder, one storage root.
 */
public final class SampleMedia {
    public static final String GOPRO = "timecode/gopro_max_h264_tmcd_gpmf.mp4";
    public static final String ANDROID_VFR = "phone/android12_h264_4k60_rot-90_vfr.mp4";
    public static final String IPHONE_HLG = "phone/iphone14pro_hevc_main10_dolbyvision_hlg_rot-90.mov";
    public static final String VP9_10BIT = "webm/vp9_profile2_10bit_roadtrip.webm";
    public static final String VP9_ALPHA_NO_DURATION = "webm/chrome_mediarecorder_vp9_alpha_opus_noduration_vfr.webm";
    public static final String AV1_HDR10 = "av1/av1_main10_hdr10_pq_portrait.mp4";
    public static final String CORRUPT_VP9 = "corrupt/vp9_profile2_invalid_bitstream.webm";
    public static final String LOGC_LUT = "luts/colour-science_LogC_Video_1Dshaper+3D.cube";
    /** ProRes 422 Proxy, 64x64, 24 fps, 100 frames, 10-bit 4:2:2, no audio (generated). */
    public static final String PRORES_TINY = "generated/prores_proxy_64x64_24fps_100f.mov";
    /** H.264 1920x1080 30 fps, 10,883 black frames (6 min 2.8 s), stereo AAC (generated). */
    public static final String LONG = "generated/h264_1080p30_6min_black_aac.mp4";

    public static final long LONG_FRAMES = 10_883;

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern PARENT_POM = Pattern.compile("<artifactId>darkroom-parent</artifactId>");

    private SampleMedia() {}

    /** {@code <repo>/samples/media}, with the generated clips made when missing. */
    public static Path root() {
        Path root = repoRoot().resolve("samples/media");
        if (!Files.isRegularFile(root.resolve(GOPRO))) {
            throw new IllegalStateException("the sample media folder " + root + " is incomplete (" + GOPRO
                    + " missing): it is part of the repository; restore it with git checkout -- samples");
        }
        ensureGenerated(root);
        return root;
    }

    /** One sample file by its path under {@link #root()}. */
    public static Path file(String relative) {
        Path p = root().resolve(relative).normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no sample media file " + relative + " under " + root());
        }
        return p;
    }

    /**
     * The repository root: the {@code darkroom.root} system property (set by the build and the CLI), else the
     * nearest folder above the working directory whose pom.xml is darkroom-parent itself.
     */
    public static Path repoRoot() {
        String prop = System.getProperty("darkroom.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom)
                        && Files.isDirectory(d.resolve("samples"))
                        && PARENT_POM.matcher(Files.readString(pom)).find()) {
                    return d;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no Darkroom repository (darkroom-parent pom.xml beside samples/) above " + dir
                + "; set -Ddarkroom.root");
    }

    private static synchronized void ensureGenerated(Path root) {
        Path dir = root.resolve("generated");
        make(
                dir,
                root.resolve(PRORES_TINY),
                out -> run(List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=64x64:rate=24",
                        "-frames:v",
                        "100",
                        "-c:v",
                        "prores_ks",
                        "-profile:v",
                        "0",
                        "-pix_fmt",
                        "yuv422p10le",
                        "-vendor",
                        "apl0",
                        "-f",
                        "mov",
                        out)));
        make(dir, root.resolve(LONG), out -> {
            // ten seconds of picture encoded once, then looped by stream copy to 10,883 frames (seconds, not a minute);
            // a keyframe every 50 frames, so keyframe-aligned segments of 100, 300 or 1000 frames land on one
            Path tenSeconds = Path.of(out + ".10s.mp4");
            run(List.of(
                    "-f",
                    "lavfi",
                    "-i",
                    "color=black:size=1920x1080:rate=30",
                    "-frames:v",
                    "300",
                    "-c:v",
                    "libx264",
                    "-preset",
                    "ultrafast",
                    "-profile:v",
                    "baseline",
                    "-g",
                    "50",
                    "-pix_fmt",
                    "yuv420p",
                    tenSeconds.toString()));
            try {
                run(List.of(
                        "-stream_loop",
                        "-1",
                        "-i",
                        tenSeconds.toString(),
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=48000:duration=362.7667",
                        "-map",
                        "0:v",
                        "-map",
                        "1:a",
                        "-frames:v",
                        String.valueOf(LONG_FRAMES),
                        "-c:v",
                        "copy",
                        "-c:a",
                        "aac",
                        "-b:a",
                        "32k",
                        "-ac",
                        "2",
                        "-f",
                        "mp4",
                        out));
            } finally {
                Files.deleteIfExists(tenSeconds);
            }
        });
    }

    private interface Maker {
        void make(String out) throws IOException;
    }

    /** Makes {@code target} once: written to a temporary name in the same folder, then moved into place. */
    private static void make(Path dir, Path target, Maker maker) {
        if (Files.isRegularFile(target)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            String name = target.getFileName().toString();
            Path tmp = dir.resolve(".tmp-" + ProcessHandle.current().pid() + "-" + name);
            Files.deleteIfExists(tmp);
            maker.make(tmp.toString());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make sample media " + target, e);
        }
    }

    private static void run(List<String> args) {
        List<String> a = new ArrayList<>(List.of("-v", "error", "-y"));
        a.addAll(args);
        Ffmpeg.Result r = Ffmpeg.ffmpeg(a, TIMEOUT);
        if (!r.ok()) {
            throw new IllegalStateException(
                    "ffmpeg could not make sample media (" + String.join(" ", args) + "): " + r.stderrTail());
        }
    }
}
