package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.plan.SegmentPlan;
import io.darkroom.media.plan.SegmentPlanner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipe ops through the real renderer: LUT + CDL + burn-ins on the GoPro clip (timecode checked by pixel identity
 * against a render of the literal expected text), and HDR clips tone-mapped to an upright, BT.709-tagged review.
 */
class OpsRenderTest {
    static final String LOGC = "luts/colour-science_LogC_Video_1Dshaper+3D.cube";
    static final String IPHONE_HLG = "phone/iphone14pro_hevc_main10_dolbyvision_hlg_rot-90.mov";
    static final String AV1_PQ = "av1/av1_main10_hdr10_pq_portrait.mp4";

    @TempDir
    Path tmp;

    private List<Op> grade(String tcLine, String clipLine) {
        return List.of(
                new Op.Lut3d(new SourceRef("media", LOGC)),
                Op.Cdl.of(new double[] {1.05, 1.0, 0.95}, new double[] {0.01, 0, -0.01}, new double[] {1, 1, 1}, 0.9),
                new Op.BurnIn(tcLine, Op.Position.BOTTOM_LEFT, 8.0, true, 1.0),
                new Op.BurnIn(clipLine, Op.Position.TOP_LEFT, 8.0, true, 1.0));
    }

    private RenderTask task(
            RenderFixtures fx, MediaInfo info, SegmentPlan p, long expected, String prefix, List<Op> ops) {
        RenderTask t = RenderFixtures.video(
                RenderFixtures.GOPRO,
                info,
                p.index(),
                p.startUs(),
                p.endUs(),
                expected,
                prefix,
                List.of(RenderTask.RenderOutput.of("master", "ffv1-master", 424, 240)
                        .withOps(ops)));
        return t.withBurnInContext("gopro_max_h264_tmcd_gpmf", "Nightfall", LocalDate.of(2026, 3, 14), info.timecode());
    }

    @Test
    void goproBurnInsShowSourceTimecodeInEverySegment() throws Exception {
        RenderFixtures fx = new RenderFixtures(tmp);
        JavacvTaskRenderer renderer = new JavacvTaskRenderer(fx.roots, "0", tmp.resolve("ops-work"));
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        assertThat(info.timecode()).isEqualTo("15:44:35:10");
        List<SegmentPlan> plan = SegmentPlanner.plan(info, 160);
        assertThat(plan).hasSize(2);

        // the real recipe: fields filled by the renderer, per segment
        List<Op> templated = grade("{tc} #{frame}", "{clip}");
        List<Path> segments = new ArrayList<>();
        for (SegmentPlan p : plan) {
            List<TaskEvent.SegmentFile> files =
                    renderer.render(task(fx, info, p, p.expectedFrames(), "tpl", templated), RenderFixtures.context());
            segments.add(fx.file(files.get(0).file()));
        }
        assertThat(frameMd5s(segments.get(0))).hasSize(160);
        assertThat(frameMd5s(segments.get(1))).hasSize(155);

        // oracle: the same grade with the expected strings as literal text (no expansion at all), one frame each
        SegmentPlan first = plan.get(0);
        SegmentPlan second = plan.get(1);
        long frameUs = Math.round(1e6 * info.fpsDen() / info.fpsNum());
        String f0 = literal(
                fx,
                renderer,
                info,
                new SegmentPlan(0, first.startUs(), first.startUs() + frameUs, 1),
                "15:44:35:10 #0",
                "lit0");
        String f160 = literal(
                fx,
                renderer,
                info,
                new SegmentPlan(1, second.startUs(), second.startUs() + frameUs, 1),
                "15:44:40:20 #160",
                "lit160");
        String wrong = literal(
                fx,
                renderer,
                info,
                new SegmentPlan(1, second.startUs(), second.startUs() + frameUs, 1),
                "15:44:40:21 #160",
                "wrong");

        assertThat(frameMd5s(segments.get(0)).get(0))
                .as("segment 0 frame 0 burns in 15:44:35:10")
                .isEqualTo(f0);
        assertThat(frameMd5s(segments.get(1)).get(0))
                .as("segment 1 frame 0 (clip frame 160) burns in 15:44:40:20")
                .isEqualTo(f160);
        assertThat(wrong)
                .as("the comparison sees a one-frame timecode difference")
                .isNotEqualTo(f160);
    }

    private String literal(
            RenderFixtures fx, JavacvTaskRenderer renderer, MediaInfo info, SegmentPlan p, String tc, String prefix)
            throws Exception {
        List<TaskEvent.SegmentFile> files = renderer.render(
                task(fx, info, p, 1, prefix, grade(tc, "gopro_max_h264_tmcd_gpmf")), RenderFixtures.context());
        List<String> md5 = frameMd5s(fx.file(files.get(0).file()));
        assertThat(md5).hasSize(1);
        return md5.get(0);
    }

    @Test
    void hlgPhoneClipIsToneMappedUprightAndTaggedBt709() throws Exception {
        hdrReview(IPHONE_HLG, "arib-std-b67", 5);
    }

    @Test
    void pqAv1ClipIsToneMappedAndTaggedBt709() throws Exception {
        hdrReview(AV1_PQ, "smpte2084", 30);
    }

    /**
     * The review of an HDR clip: tagged BT.709 (matrix, primaries, transfer, limited range), portrait (the phone
     * clip is coded landscape with a -90 display matrix), and matching a CLI reference made with FFmpeg's own
     * autorotation and the documented zscale/tonemap chain (PSNR > 35 dB: same orientation, same tone curve).
     * Luma: mean Y of the tone-mapped review between 40 and 200 (a picture, not black or blown out) and the
     * render with {@code toneMap none} (the raw HDR signal, what a player ignoring the tags shows) differs from it,
     * so the tone map really ran.
     */
    private void hdrReview(String clip, String transfer, int frames) throws Exception {
        RenderFixtures fx = new RenderFixtures(tmp);
        JavacvTaskRenderer renderer = new JavacvTaskRenderer(fx.roots, "0", tmp.resolve("ops-work"));
        MediaInfo info = RenderFixtures.probe(clip);
        assertThat(info.colorTransfer()).isEqualTo(transfer);
        assertThat(info.displayHeight()).isGreaterThan(info.displayWidth());
        int w = 360;
        int h = 640;
        long frameUs = 1_000_000L * info.fpsDen() / info.fpsNum();
        long end = frames >= info.frameCount() ? Long.MAX_VALUE : info.startUs() + frames * frameUs - frameUs / 2;
        long expected = Math.min(frames, info.frameCount());
        Path review = render(fx, renderer, clip, info, end, expected, w, h, null, "tm");
        Path raw = render(
                fx, renderer, clip, info, end, expected, w, h, List.of(new Op.ToneMap(Op.ToneMap.Mode.NONE)), "none");

        Map<String, String> s = stream(review);
        assertThat(s)
                .containsEntry("width", "360")
                .containsEntry("height", "640")
                .containsEntry("color_space", "bt709")
                .containsEntry("color_primaries", "bt709")
                .containsEntry("color_transfer", "bt709")
                .containsEntry("color_range", "tv");
        assertThat(stream(raw)).containsEntry("color_transfer", transfer).containsEntry("color_primaries", "bt2020");

        double y = meanLuma(review);
        double yRaw = meanLuma(raw);
        assertThat(y).as("mean Y of the tone-mapped review").isBetween(40.0, 200.0);
        if (transfer.equals("smpte2084")) {
            // a PQ signal shown as is is flat and grey (mid-tones sit low on the PQ curve, nothing reaches white):
            // the tone-mapped picture must differ clearly in mean or in 10..90 % spread. HLG is SDR-compatible by
            // design (its signal looks about right on an SDR display), so only the reference comparison applies.
            assertThat(Math.abs(y - yRaw) + spreadDiff(review, raw))
                    .as("tone map changed the picture")
                    .isGreaterThan(5);
        }

        String chain = "zscale=transferin=" + transfer + ":primariesin=2020:matrixin=2020_ncl:rangein=limited"
                + ":transfer=linear:primaries=2020:npl=100,format=gbrpf32le,zscale=primaries=709,tonemap=tonemap=hable:desat=0"
                + ":peak=10,zscale=transfer=709:range=full,format=gbrp16le,scale=w=" + w + ":h=" + h
                + ":flags=bicubic+accurate_rnd+full_chroma_int:out_range=tv:out_color_matrix=bt709,format=yuv420p";
        Path ref = tmp.resolve("ref-" + transfer + ".mkv");
        ffmpeg(List.of(
                "-i",
                RenderFixtures.media(clip).toString(),
                "-vf",
                chain,
                "-fps_mode",
                "passthrough",
                "-frames:v",
                Long.toString(frameCount(review)),
                "-c:v",
                "ffv1",
                ref.toString()));
        double db = lumaPsnr(review, ref, w, h);
        assertThat(db).as("PSNR against the upright CLI reference").isGreaterThan(35);
    }

    /** Luma PSNR over all frames, frame i against frame i (no timestamp matching: the containers' time bases differ). */
    private double lumaPsnr(Path a, Path b, int w, int h) throws Exception {
        byte[] ya = gray(a);
        byte[] yb = gray(b);
        assertThat(ya.length).isEqualTo(yb.length).isPositive();
        double se = 0;
        for (int i = 0; i < ya.length; i++) {
            double d = (ya[i] & 0xff) - (yb[i] & 0xff);
            se += d * d;
        }
        double mse = se / ya.length;
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    private byte[] gray(Path file) throws Exception {
        Path raw = tmp.resolve(file.getFileName() + ".gray");
        ffmpeg(List.of("-i", file.toString(), "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "gray", raw.toString()));
        return java.nio.file.Files.readAllBytes(raw);
    }

    private Path render(
            RenderFixtures fx,
            JavacvTaskRenderer renderer,
            String clip,
            MediaInfo info,
            long end,
            long expected,
            int w,
            int h,
            List<Op> ops,
            String prefix)
            throws Exception {
        RenderTask t = RenderFixtures.video(
                clip,
                info,
                0,
                info.startUs() - 1000,
                end,
                expected,
                prefix,
                List.of(RenderTask.RenderOutput.of("review", "h264-review", w, h)
                        .withCrf(18)
                        .withOps(ops)));
        List<TaskEvent.SegmentFile> files = renderer.render(t, RenderFixtures.context());
        assertThat(files.get(0).frames()).isPositive();
        return fx.file(files.get(0).file());
    }

    private static long frameCount(Path file) {
        return frameMd5s(file).size();
    }

    static List<String> frameMd5s(Path file) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of("-i", file.toString(), "-map", "0:v:0", "-f", "framemd5", "-"), Duration.ofMinutes(2));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return r.stdout()
                .lines()
                .filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(l.lastIndexOf(',') + 1).strip())
                .toList();
    }

    private static Map<String, String> stream(Path file) {
        Ffmpeg.Result r = Ffmpeg.ffprobe(
                List.of(
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=width,height,color_space,color_primaries,color_transfer,color_range",
                        "-of",
                        "default=nw=1",
                        file.toString()),
                Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        Map<String, String> m = new java.util.HashMap<>();
        r.stdout()
                .lines()
                .filter(l -> l.contains("="))
                .forEach(l -> m.put(
                        l.substring(0, l.indexOf('=')),
                        l.substring(l.indexOf('=') + 1).strip()));
        return m;
    }

    private static List<double[]> stats(Path file) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of("-i", file.toString(), "-vf", "signalstats,metadata=print:file=-", "-f", "null", "-"),
                Duration.ofMinutes(2));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        List<double[]> out = new ArrayList<>();
        double avg = 0;
        double low = 0;
        for (String l : r.stdout().lines().toList()) {
            if (l.startsWith("lavfi.signalstats.YAVG=")) {
                avg = Double.parseDouble(l.substring(l.indexOf('=') + 1));
            } else if (l.startsWith("lavfi.signalstats.YLOW=")) {
                low = Double.parseDouble(l.substring(l.indexOf('=') + 1));
            } else if (l.startsWith("lavfi.signalstats.YHIGH=")) {
                out.add(new double[] {avg, Double.parseDouble(l.substring(l.indexOf('=') + 1)) - low});
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    static double meanLuma(Path file) {
        return stats(file).stream().mapToDouble(a -> a[0]).average().orElseThrow();
    }

    private static double spreadDiff(Path a, Path b) {
        return Math.abs(stats(a).stream().mapToDouble(x -> x[1]).average().orElseThrow()
                - stats(b).stream().mapToDouble(x -> x[1]).average().orElseThrow());
    }

    private static void ffmpeg(List<String> args) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(args, Duration.ofMinutes(2));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
    }
}
