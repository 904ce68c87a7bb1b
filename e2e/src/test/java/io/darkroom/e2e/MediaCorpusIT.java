package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.local.JobStatus;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import io.darkroom.media.CaptionedSources;
import io.darkroom.media.DamagedSources;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.Probe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12 item 8: a corpus of camera and broadcast source classes, generated here with the bundled ffmpeg (one or
 * two seconds each), through the whole stack (ingest's probe, planning, two workers, assembly, QC) in one dailies job,
 * plus a job of lens-anamorphic clips with a recipe desqueeze. Each clip must end DONE with every source picture in
 * its output and the output square-pixel at the source's display aspect. Writes the result table (clip, class, state,
 * reason, frames in / out, display aspect in / out, audio in / out) to {@code e2e/target/media-corpus.md}. Damaged
 * sources (salvaged, and refused under {@code damagedSource: fail}), closed captions (kept in MOV, noted elsewhere) and
 * an OP-Atom picture without its sound files end with the warnings a person needs.
 */
@ExtendWith(StackExtension.class)
class MediaCorpusIT {
    private static final Duration FFMPEG_TIMEOUT = Duration.ofMinutes(2);
    private static final String LAVFI_2S = "testsrc2=size=%dx%d:rate=%s:duration=2";
    static Jobs jobs;
    static Path out;

    /**
     * One generated clip: its class, its file under {@code out:corpus/}, the display aspect it must keep, and words
     * its clip's status must carry (a warning), or null.
     */
    record Clip(String file, String kind, double displayAspect, String note) {
        Clip(String file, String kind, double displayAspect) {
            this(file, kind, displayAspect, null);
        }

        /** The clip's name in the job: the file name without folder or extension. */
        String clipName() {
            return Path.of(file).getFileName().toString().replaceFirst("\\.[^.]+$", "");
        }
    }

    @BeforeAll
    static void setUp(Stack stack) throws IOException {
        jobs = new Jobs(stack);
        out = Files.createDirectories(stack.infra().storageRoot("out").resolve("corpus"));
    }

    @Test
    void everySourceClassComesOutWholeAndSquarePixelAtItsDisplayAspect() throws IOException {
        List<Clip> clips = new ArrayList<>();
        clips.add(anamorphic("pal_16x9.mp4", "PAL 720x576 16:9 (SAR 64:45)", 720, 576, "setsar=64/45", 16.0 / 9));
        clips.add(anamorphic("pal_4x3.mp4", "PAL 720x576 4:3 (SAR 16:15)", 720, 576, "setsar=16/15", 4.0 / 3));
        clips.add(anamorphic("ntsc_4x3.mp4", "NTSC 720x480 4:3 (SAR 8:9)", 720, 480, "setsar=8/9", 4.0 / 3));
        clips.add(anamorphic("ntsc_16x9.mp4", "NTSC 720x480 16:9 (SAR 32:27)", 720, 480, "setsar=32/27", 16.0 / 9));
        clips.add(anamorphic("hdv.mp4", "HDV 1440x1080 (SAR 4:3)", 1440, 1080, "setsar=4/3", 16.0 / 9));
        clips.add(anamorphic("dvcpro_hd.mp4", "DVCPRO HD 1280x1080 (SAR 3:2)", 1280, 1080, "setsar=3/2", 16.0 / 9));
        clips.add(anamorphic("d10_608.mp4", "D10 720x608 4:3 with 32 VBI lines", 720, 608, "setdar=4/3", 4.0 / 3));
        for (int rotation : new int[] {0, 90, 180, 270}) {
            for (boolean flip : new boolean[] {false, true}) {
                clips.add(displayMatrix(rotation, flip));
            }
        }
        clips.add(interlaced("tff"));
        clips.add(interlaced("bff"));
        clips.add(transportStream());
        clips.add(fourMonoPcm());
        clips.add(dropFrameTimecode());
        clips.add(mxfWithFourPcmTracks());
        clips.add(opAtomVideo());
        clips.add(transportStreamWithDiscontinuity());
        clips.add(new Clip(
                CaptionedSources.movWithCaptionTrack(out, "captions_c608.mov", 50, 25)
                        .getFileName()
                        .toString(),
                "MOV with a CEA-608 caption track (c608)",
                16.0 / 9,
                "closed captions (the source's CEA-608 track) not carried by output review: a .mp4 file holds no"
                        + " CEA-608 track"));
        clips.add(new Clip(
                CaptionedSources.transportStreamWithEmbeddedCaptions(out, "captions_a53.ts", 60)
                        .getFileName()
                        .toString(),
                "MPEG-TS, H.264 29.97 with CEA-608 captions in its pictures (A/53)",
                16.0 / 9,
                "closed captions in the source's video stream (CEA-608/708) not carried by output review"));
        // damaged sources end DONE (damagedSource: salvage, the default) with every decodable picture and a warning
        Path damaged = Files.createDirectories(out.resolve("damaged"));
        clips.add(new Clip(
                "damaged/"
                        + DamagedSources.startingMidGop(damaged, "mpegts", true).getFileName(),
                "MPEG-TS starting mid-GOP, H.264 + AAC",
                16.0 / 9,
                "leading packets undecodable (starts mid-GOP)"));
        clips.add(new Clip(
                "damaged/" + DamagedSources.truncatedMp4(damaged, true, 60).getFileName(),
                "MP4 with its mdat cut off, H.264 + AAC",
                16.0 / 9,
                "source truncated after frame"));
        List<Clip> lens = List.of(anamorphic(
                "lens_2x.mp4", "2x anamorphic lens, recipe desqueeze 2.0", 480, 400, "setsar=1", 960.0 / 400));

        OutputSpec review = OutputSpec.of("review", "h264-review", 1280, 720);
        String dailies = jobs.submit(
                "e2e media corpus",
                clips.stream()
                        .map(c -> new SourceRef("out", "corpus/" + c.file()))
                        .toList(),
                List.of(review),
                null);
        String lensJob = jobs.submit(
                "e2e media corpus, lens",
                lens.stream()
                        .map(c -> new SourceRef("out", "corpus/" + c.file()))
                        .toList(),
                Recipe.of(List.of(review)).withDesqueeze(2.0));

        // the caption track goes into a MOV output; damagedSource: fail refuses the truncated source, naming it
        String captionsJob = jobs.submit(
                "e2e media corpus, captions into ProRes",
                List.of(
                        new SourceRef("out", "corpus/captions_c608.mov"),
                        new SourceRef("out", "corpus/captions_a53.ts")),
                List.of(OutputSpec.of("master", "prores-proxy", 320, 180)),
                null);
        String strictJob = jobs.submit(
                "e2e media corpus, damagedSource fail",
                List.of(new SourceRef("out", "corpus/damaged/truncated-audio.mp4")),
                Recipe.of(List.of(review)).withDamagedSource("fail"));

        List<String> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        check(jobs.awaitTerminal(dailies, Duration.ofMinutes(5)), clips, rows, problems);
        check(jobs.awaitTerminal(lensJob, Duration.ofMinutes(2)), lens, rows, problems);
        Path table = writeTable(rows);

        JobStatus captions = jobs.awaitTerminal(captionsJob, Duration.ofMinutes(2));
        assertThat(captions.jobState()).as(Jobs.describe(captions)).isEqualTo(JobState.SUCCEEDED);
        assertThat(captions.clips()).hasSize(2);
        for (JobStatus.Clip captioned : captions.clips()) {
            Path master = Path.of(captioned.outputs().get(0).path());
            assertThat(Probe.probe(master).closedCaptions())
                    .as("the caption track of %s's MOV output", captioned.name())
                    .isEqualTo(MediaInfo.CAPTIONS_TRACK);
            assertThat(CaptionedSources.captionText(master)).contains(CaptionedSources.CAPTION);
            assertThat(captioned.reason())
                    .as("no warning when the captions are kept")
                    .isNull();
        }

        JobStatus strict = jobs.awaitTerminal(strictJob, Duration.ofMinutes(2));
        assertThat(strict.jobState()).as(Jobs.describe(strict)).isEqualTo(JobState.FAILED);
        assertThat(strict.clips().get(0).state()).isEqualTo("FAILED");
        assertThat(strict.clips().get(0).reason())
                .contains("source corpus/damaged/truncated-audio.mp4 is damaged (source truncated after frame")
                .endsWith("and the recipe says damagedSource: fail");
        assertThat(rows).hasSize(clips.size() + lens.size());
        assertThat(problems)
                .as("clips that did not come out whole at their display aspect (table: %s)", table)
                .isEmpty();
    }

    private static void check(JobStatus job, List<Clip> clips, List<String> rows, List<String> problems) {
        assertThat(job.jobState()).as(Jobs.describe(job)).isEqualTo(JobState.SUCCEEDED);
        Map<String, Clip> byName = new TreeMap<>();
        clips.forEach(c -> byName.put(c.clipName(), c));
        for (JobStatus.Clip c : job.clips()) {
            Clip want = byName.get(c.name());
            MediaInfo in = Probe.probe(out.resolve(want.file()));
            MediaInfo made = Probe.probe(Path.of(c.outputs().get(0).path()));
            double aspect = displayAspect(made);
            rows.add(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %d / %d | %.4f / %.4f | %s / %s | %dx%d %s |",
                    want.file(),
                    want.kind(),
                    c.state(),
                    c.reason() == null ? "" : c.reason(),
                    in.frameCount(),
                    made.frameCount(),
                    want.displayAspect(),
                    aspect,
                    audio(in),
                    audio(made),
                    made.width(),
                    made.height(),
                    made.sampleAspectRatio()));
            if (!"DONE".equals(c.state())
                    || made.frameCount() != in.frameCount()
                    || Math.abs(aspect / want.displayAspect() - 1) > 0.01
                    // sound comes out where the source has it, and only then
                    || made.hasAudio() != in.hasAudio()
                    // a stereo review: mono stays mono, mono tracks 1 and 2 become left and right
                    || made.audioChannels() != Math.min(2, in.audioChannels())
                    || (want.note() != null
                            && (c.reason() == null || !c.reason().contains(want.note())))) {
                problems.add(rows.get(rows.size() - 1));
            }
        }
    }

    /** "streams x channels of the first" of a file's sound, "none" without. */
    private static String audio(MediaInfo m) {
        return m.hasAudio() ? m.audioStreams() + "x" + m.audioChannels() + "ch " + m.audioCodec() : "none";
    }

    /** The output's display aspect: width x pixel aspect / height, turned by its display matrix. */
    private static double displayAspect(MediaInfo m) {
        double sar = 1;
        if (m.sampleAspectRatio() != null && m.sampleAspectRatio().contains(":")) {
            String[] p = m.sampleAspectRatio().split(":");
            sar = Double.parseDouble(p[0]) / Double.parseDouble(p[1]);
        }
        return m.displayWidth() * sar / m.displayHeight();
    }

    private static Path writeTable(List<String> rows) {
        Path table = RepoPaths.repoRoot().resolve("e2e/target/media-corpus.md");
        try {
            Files.writeString(
                    table,
                    "| clip | class | state | reason | frames in / out | display aspect in / out | audio in / out |"
                            + " output |\n|---|---|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    // ---------------------------------------------------------------- the corpus, made with the bundled ffmpeg

    private static Clip anamorphic(String file, String kind, int w, int h, String aspect, double displayAspect) {
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                String.format(Locale.ROOT, LAVFI_2S, w, h, "25"),
                "-vf",
                aspect,
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                out.resolve(file).toString());
        return new Clip(file, kind, displayAspect);
    }

    private static Clip displayMatrix(int rotation, boolean flip) {
        Path base = out.resolve("matrix_base.mp4");
        if (!Files.exists(base)) {
            ffmpeg(
                    "-f",
                    "lavfi",
                    "-i",
                    String.format(Locale.ROOT, LAVFI_2S, 320, 180, "25"),
                    "-c:v",
                    "libx264",
                    "-preset",
                    "ultrafast",
                    "-pix_fmt",
                    "yuv420p",
                    base.toString());
        }
        String file = "matrix_r" + rotation + (flip ? "_hflip" : "") + ".mp4";
        List<String> args = new ArrayList<>(List.of("-display_rotation", String.valueOf(rotation)));
        if (flip) {
            args.add("-display_hflip");
        }
        args.addAll(
                List.of("-i", base.toString(), "-c", "copy", out.resolve(file).toString()));
        ffmpeg(args.toArray(String[]::new));
        boolean quarter = rotation % 180 != 0;
        return new Clip(
                file,
                "display matrix: rotation " + rotation + (flip ? ", mirrored" : ""),
                quarter ? 180.0 / 320 : 320.0 / 180);
    }

    private static Clip interlaced(String order) {
        String file = "interlaced_" + order + ".mp4";
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                String.format(Locale.ROOT, LAVFI_2S, 720, 576, "50"),
                "-vf",
                "interlace=scan=" + order + ",setsar=16/15",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-flags",
                "+ildct+ilme",
                "-x264-params",
                "interlaced=1:" + order + "=1",
                "-pix_fmt",
                "yuv420p",
                out.resolve(file).toString());
        return new Clip(file, "interlaced 576i " + order.toUpperCase(Locale.ROOT), 4.0 / 3);
    }

    private static Clip transportStream() {
        String file = "broadcast_offset.ts";
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                String.format(Locale.ROOT, LAVFI_2S, 1280, 720, "25"),
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=1000:sample_rate=48000:duration=2",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-output_ts_offset",
                "3600",
                "-f",
                "mpegts",
                out.resolve(file).toString());
        return new Clip(file, "MPEG-TS, H.264 + AAC, start PTS one hour in", 16.0 / 9);
    }

    private static Clip fourMonoPcm() {
        String file = "four_mono_pcm.mov";
        List<String> args =
                new ArrayList<>(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT, LAVFI_2S, 1920, 1080, "25")));
        for (int i = 0; i < 4; i++) {
            args.addAll(List.of(
                    "-f", "lavfi", "-i", "sine=frequency=" + (440 * (i + 1)) + ":sample_rate=48000:duration=2"));
        }
        args.addAll(List.of(
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-map",
                "2:a",
                "-map",
                "3:a",
                "-map",
                "4:a",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "pcm_s24le",
                out.resolve(file).toString()));
        ffmpeg(args.toArray(String[]::new));
        return new Clip(file, "MOV, 4 mono 24-bit PCM tracks", 16.0 / 9);
    }

    private static Clip dropFrameTimecode() {
        String file = "ntsc_df_timecode.mov";
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                String.format(Locale.ROOT, LAVFI_2S, 1280, 720, "30000/1001"),
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000:duration=2",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "pcm_s16le",
                "-timecode",
                "01:00:00;00",
                out.resolve(file).toString());
        return new Clip(file, "29.97 with drop-frame timecode, little-endian PCM", 16.0 / 9);
    }

    private static Clip mxfWithFourPcmTracks() {
        String file = "mpeg2_422_4pcm.mxf";
        List<String> args =
                new ArrayList<>(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT, LAVFI_2S, 720, 576, "25")));
        for (int i = 0; i < 4; i++) {
            args.addAll(List.of(
                    "-f", "lavfi", "-i", "sine=frequency=" + (440 * (i + 1)) + ":sample_rate=48000:duration=2"));
        }
        args.addAll(List.of(
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-map",
                "2:a",
                "-map",
                "3:a",
                "-map",
                "4:a",
                "-vf",
                "setdar=16/9",
                "-c:v",
                "mpeg2video",
                "-b:v",
                "20M",
                "-pix_fmt",
                "yuv422p",
                "-c:a",
                "pcm_s24le",
                out.resolve(file).toString()));
        ffmpeg(args.toArray(String[]::new));
        return new Clip(file, "MXF OP1a, MPEG-2 4:2:2 576 16:9, 4 mono 24-bit PCM tracks", 16.0 / 9);
    }

    private static Clip opAtomVideo() {
        String file = "dnxhr_opatom_v1.mxf";
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                String.format(Locale.ROOT, LAVFI_2S, 1920, 1080, "25"),
                "-c:v",
                "dnxhd",
                "-profile:v",
                "dnxhr_lb",
                "-pix_fmt",
                "yuv422p",
                "-f",
                "mxf_opatom",
                out.resolve(file).toString());
        return new Clip(
                file,
                "Avid OP-Atom video file (DNxHR LB; its audio lives in other files)",
                16.0 / 9,
                "source is an Avid OP-Atom file, which holds one track: its sound is in separate files");
    }

    /** Two one-second TS files joined byte for byte, the second's timestamps 500 s later: a PTS discontinuity. */
    private static Clip transportStreamWithDiscontinuity() {
        String file = "broadcast_discontinuity.ts";
        Path a = out.resolve("disc_a.ts");
        Path b = out.resolve("disc_b.ts");
        String src = String.format(Locale.ROOT, "testsrc2=size=640x360:rate=25:duration=1");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                src,
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "25",
                "-pix_fmt",
                "yuv420p",
                "-f",
                "mpegts",
                a.toString());
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                src,
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "25",
                "-pix_fmt",
                "yuv420p",
                "-output_ts_offset",
                "500",
                "-f",
                "mpegts",
                b.toString());
        try {
            Files.write(out.resolve(file), concat(Files.readAllBytes(a), Files.readAllBytes(b)));
            Files.delete(a);
            Files.delete(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Clip(file, "MPEG-TS with a PTS discontinuity (+500 s after 1 s)", 16.0 / 9);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void ffmpeg(String... args) {
        List<String> a = new ArrayList<>(List.of("-v", "error", "-y"));
        a.addAll(List.of(args));
        Ffmpeg.Result r = Ffmpeg.ffmpeg(a, FFMPEG_TIMEOUT);
        assertThat(r.ok()).as("ffmpeg %s: %s", a, r.stderrTail()).isTrue();
    }
}
