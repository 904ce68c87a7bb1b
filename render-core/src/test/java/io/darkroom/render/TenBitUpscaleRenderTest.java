package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.Probe;
import io.darkroom.media.StorageRoots;
import io.darkroom.media.plan.SegmentPlanner;
import io.darkroom.models.upscale.TiledUpscaler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10-bit in, 10-bit out through the upscale op inside the renderer. A synthetic FFV1 yuv422p10le source (tagged
 * BT.709 limited range) holds twelve flat horizontal bands of adjacent 10-bit grey codes (Y' 500..511, 32 px tall:
 * band interiors are beyond the model's reach), black, white and six colour patches (48 px); it is rendered through
 * {@code upscale esrgan-slim-x2} and {@code lanczosUpscale} into prores-hq (yuv422p10le) at twice the size, and the
 * output is decoded at 16 bits per sample in its own pixel format (no conversion: the raw 10-bit codes).
 *
 * <p>An 8-bit stage anywhere (decode, ops graph, upscale stage, post graph, encoder) would merge the bands four by
 * four: steps of 0 and 4 codes instead of 1.
 */
class TenBitUpscaleRenderTest {
    private static final Logger LOG = Logger.getLogger(TenBitUpscaleRenderTest.class);
    private static final int W = 192;
    private static final int BAND = 32;
    private static final int BANDS = 12;
    private static final int GREY0 = 500;
    private static final int PATCH = 48;
    private static final int H = BANDS * BAND + 2 * PATCH;
    private static final int FRAMES = 3;
    private static final int S = 2;

    /**
     * Tolerances, in 10-bit codes (1 8-bit code = 4 of them), for the model's output. The lanczos output (no model:
     * the renderer's own path) must be exact: every mean within {@link #EXACT} of the source code.
     */
    static final double BAND_ABS = 1.0; // band mean vs its source code (the model has +0.16 % green gain)

    static final double STEP_MIN = 0.5; // adjacent band means: one code apart, 0.5 .. 1.5
    static final double STEP_MAX = 1.5;
    static final double GREY_TINT = 1.0; // Cb, Cr of every grey band within 1 code of 512
    static final double BLACK_WHITE = 0.5; // black 64 / white 940 (limited range), Cb Cr 512: mean within 0.5
    static final int BLACK_WHITE_SAMPLE =
            1; // ... and every interior sample within 1 code (neither clipped nor shifted)
    static final double COLOUR = 6.0; // colour patch Y' Cb Cr vs the source (1.5 8-bit codes, models' chart)
    static final double EXACT = 0.05;

    /** The patches below the bands, two rows of four, as full-range R'G'B' (0..1); black and white first. */
    private static final double[][] PATCHES = {
        {0, 0, 0}, {1, 1, 1}, {0.75, 0, 0}, {0, 0.75, 0},
        {0, 0, 0.75}, {0.8, 0.6, 0.5}, {0, 0.6, 0.6}, {0.6, 0.2, 0.6}
    };

    private static final String[] PATCH_NAMES = {
        "black", "white", "red 75%", "green 75%", "blue 75%", "skin", "cyan 60%", "magenta 60/20"
    };

    @TempDir
    Path temp;

    @Test
    void tenBitGreyBandsBlackWhiteAndColoursSurviveTheModelAndLanczosIntoProResHq() throws Exception {
        UpscaleTestModels.Registry slim = UpscaleTestModels.esrganSlimX2(); // skipped without npm
        Path srcDir = Files.createDirectories(temp.resolve("src"));
        Path outDir = Files.createDirectories(temp.resolve("out"));
        Path source = writeSource(srcDir.resolve("bands10.mkv"));
        assertThat(probe(source, "stream=pix_fmt")).containsExactly("yuv422p10le");

        StorageRoots roots = new StorageRoots(Map.of("src", srcDir, "out", outDir));
        MediaInfo info = Probe.probe(source);
        JavacvTaskRenderer renderer =
                new JavacvTaskRenderer(roots, "0", temp.resolve("ops"), new Upscalers(slim.dir()));
        List<RenderTask.RenderOutput> outputs = List.of(
                RenderTask.RenderOutput.of("esrgan", Preset.PRORES_HQ.id(), S * W, S * H)
                        .withOps(List.of(Op.Upscale.of("esrgan-slim-x2", S))),
                RenderTask.RenderOutput.of("lanczos", Preset.PRORES_HQ.id(), S * W, S * H)
                        .withOps(List.of(new Op.LanczosUpscale(S))));
        RenderTask task = new RenderTask(
                RenderTask.SCHEMA,
                "task-0",
                "job-tenbit",
                "clip-1",
                1,
                RenderTask.TaskKind.VIDEO_SEGMENT,
                new SourceRef("src", "bands10.mkv"),
                0,
                SegmentPlanner.boundaryUs(info, 0),
                Long.MAX_VALUE,
                FRAMES,
                info.fpsNum(),
                info.fpsDen(),
                0,
                outputs,
                new SourceRef("out", "tenbit/seg0"),
                null,
                null,
                null,
                null,
                null);
        List<TaskEvent.SegmentFile> files = renderer.render(task, RenderFixtures.context());

        assertThat(files).extracting(TaskEvent.SegmentFile::output).containsExactly("esrgan", "lanczos");
        assertThat(files.get(0).upscaledBy()).isIn(TiledUpscaler.CPU_PROVIDER, TiledUpscaler.CUDA_PROVIDER);
        assertThat(files.get(1).upscaledBy()).isEqualTo("java");
        List<List<Planes>> decoded = new ArrayList<>();
        for (TaskEvent.SegmentFile f : files) {
            Path out = roots.resolveExisting(f.file());
            assertThat(f.frames()).isEqualTo(FRAMES);
            assertThat(probe(out, "stream=codec_name,width,height,pix_fmt"))
                    .as("%s: ProRes, 10-bit 4:2:2, twice the source size", f.output())
                    .containsExactly("prores", (S * W) + "", (S * H) + "", "yuv422p10le");
            decoded.add(decode(out));
        }
        List<Measured> model = measure("esrgan", decoded.get(0)); // measured and logged before any assertion
        List<Measured> lanczos = measure("lanczos", decoded.get(1));
        check("lanczos", lanczos, true);
        check("esrgan", model, false);
    }

    /** Interior means of one frame: per band and per patch, Y' Cb Cr; and Y' min/max per patch. */
    record Measured(double[][] band, double[][] patch, int[][] patchMinMax) {}

    /** Band and patch interiors of every frame, logged. */
    private static List<Measured> measure(String name, List<Planes> frames) {
        assertThat(frames).as(name).hasSize(FRAMES);
        List<Measured> all = new ArrayList<>();
        for (int fi = 0; fi < frames.size(); fi++) {
            Planes p = frames.get(fi);
            double[][] band = new double[BANDS][];
            StringBuilder log = new StringBuilder();
            for (int k = 0; k < BANDS; k++) {
                // rows 12..19 of the 32 source rows, 16 columns in from either side: beyond the model's reach
                int x0 = S * 16;
                int x1 = S * (W - 16);
                int y0 = S * (k * BAND + 12);
                int y1 = S * (k * BAND + 20);
                band[k] =
                        new double[] {p.mean(0, x0, y0, x1, y1), p.mean(1, x0, y0, x1, y1), p.mean(2, x0, y0, x1, y1)};
                log.append(String.format(
                        Locale.ROOT, " %d:%.2f(%.2f,%.2f)", GREY0 + k, band[k][0], band[k][1], band[k][2]));
            }
            LOG.infof("%s frame %d bands Y'(Cb,Cr):%s", name, fi, log);
            double[][] patch = new double[PATCHES.length][];
            int[][] minMax = new int[PATCHES.length][];
            log.setLength(0);
            for (int i = 0; i < PATCHES.length; i++) {
                // the middle 16x16 of the 48x48 patch
                int px = (i % 4) * PATCH;
                int py = BANDS * BAND + (i / 4) * PATCH;
                int x0 = S * (px + 16);
                int x1 = S * (px + 32);
                int y0 = S * (py + 16);
                int y1 = S * (py + 32);
                patch[i] =
                        new double[] {p.mean(0, x0, y0, x1, y1), p.mean(1, x0, y0, x1, y1), p.mean(2, x0, y0, x1, y1)};
                minMax[i] = p.minMax(0, x0, y0, x1, y1);
                int[] want = ycbcr(PATCHES[i]);
                log.append(String.format(
                        Locale.ROOT,
                        " %s %.2f/%.2f/%.2f (src %d/%d/%d, Y' %d..%d);",
                        PATCH_NAMES[i],
                        patch[i][0],
                        patch[i][1],
                        patch[i][2],
                        want[0],
                        want[1],
                        want[2],
                        minMax[i][0],
                        minMax[i][1]));
            }
            LOG.infof("%s frame %d patches Y'/Cb/Cr:%s", name, fi, log);
            all.add(new Measured(band, patch, minMax));
        }
        // the worst of every frame, for the README
        double bandErr = 0;
        double tint = 0;
        double bw = 0;
        double colour = 0;
        double minStep = Double.MAX_VALUE;
        double maxStep = 0;
        for (Measured m : all) {
            for (int k = 0; k < BANDS; k++) {
                bandErr = Math.max(bandErr, Math.abs(m.band()[k][0] - (GREY0 + k)));
                tint = Math.max(tint, Math.max(Math.abs(m.band()[k][1] - 512), Math.abs(m.band()[k][2] - 512)));
                if (k > 0) {
                    minStep = Math.min(minStep, m.band()[k][0] - m.band()[k - 1][0]);
                    maxStep = Math.max(maxStep, m.band()[k][0] - m.band()[k - 1][0]);
                }
            }
            for (int i = 0; i < PATCHES.length; i++) {
                int[] want = ycbcr(PATCHES[i]);
                for (int c = 0; c < 3; c++) {
                    double d = Math.abs(m.patch()[i][c] - want[c]);
                    if (i < 2) {
                        bw = Math.max(bw, d);
                    } else {
                        colour = Math.max(colour, d);
                    }
                }
            }
        }
        LOG.infof(
                "%s worst over %d frames (10-bit codes): band mean vs source %.2f, steps %.2f..%.2f, grey tint %.2f, "
                        + "black/white %.2f, colour patches %.2f",
                name, all.size(), bandErr, minStep, maxStep, tint, bw, colour);
        return all;
    }

    /** The assertions; {@code exact}: every mean within {@link #EXACT} of the source (the path without a model). */
    private static void check(String name, List<Measured> frames, boolean exact) {
        for (int fi = 0; fi < frames.size(); fi++) {
            Measured m = frames.get(fi);
            for (int k = 0; k < BANDS; k++) {
                double[] b = m.band()[k];
                assertThat(Math.abs(b[0] - (GREY0 + k)))
                        .as("%s frame %d: band %d mean Y' %.3f", name, fi, GREY0 + k, b[0])
                        .isLessThanOrEqualTo(exact ? EXACT : BAND_ABS);
                assertThat(Math.abs(b[1] - 512))
                        .as("%s frame %d band %d: Cb %.3f (tint)", name, fi, GREY0 + k, b[1])
                        .isLessThanOrEqualTo(exact ? EXACT : GREY_TINT);
                assertThat(Math.abs(b[2] - 512))
                        .as("%s frame %d band %d: Cr %.3f (tint)", name, fi, GREY0 + k, b[2])
                        .isLessThanOrEqualTo(exact ? EXACT : GREY_TINT);
                if (k > 0) {
                    assertThat(b[0] - m.band()[k - 1][0])
                            .as("%s frame %d: step %d -> %d", name, fi, GREY0 + k - 1, GREY0 + k)
                            .isBetween(STEP_MIN, STEP_MAX);
                }
            }
            for (int i = 0; i < PATCHES.length; i++) {
                int[] want = ycbcr(PATCHES[i]);
                double tol = exact ? EXACT : i < 2 ? BLACK_WHITE : COLOUR;
                for (int c = 0; c < 3; c++) {
                    assertThat(Math.abs(m.patch()[i][c] - want[c]))
                            .as(
                                    "%s frame %d %s plane %d: %.3f vs %d",
                                    name, fi, PATCH_NAMES[i], c, m.patch()[i][c], want[c])
                            .isLessThanOrEqualTo(tol);
                }
                if (i < 2) {
                    // black and white: neither clipped nor shifted, sample by sample
                    assertThat(m.patchMinMax()[i][0])
                            .as("%s frame %d %s Y' min", name, fi, PATCH_NAMES[i])
                            .isBetween(want[0] - BLACK_WHITE_SAMPLE, want[0] + BLACK_WHITE_SAMPLE);
                    assertThat(m.patchMinMax()[i][1])
                            .as("%s frame %d %s Y' max", name, fi, PATCH_NAMES[i])
                            .isBetween(want[0] - BLACK_WHITE_SAMPLE, want[0] + BLACK_WHITE_SAMPLE);
                }
            }
        }
    }

    /** Full-range R'G'B' (0..1) as BT.709 limited-range 10-bit Y'CbCr codes. */
    static int[] ycbcr(double[] rgb) {
        double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        double cb = (rgb[2] - y) / 1.8556;
        double cr = (rgb[0] - y) / 1.5748;
        return new int[] {
            (int) Math.round(64 + 876 * y), (int) Math.round(512 + 896 * cb), (int) Math.round(512 + 896 * cr)
        };
    }

    /** {@value #FRAMES} identical frames of raw yuv422p10le, encoded to FFV1 in Matroska with the bundled ffmpeg. */
    private static Path writeSource(Path mkv) throws IOException {
        int cw = W / 2;
        ByteBuffer frame = ByteBuffer.allocate((W * H + 2 * cw * H) * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int plane = 0; plane < 3; plane++) {
            int pw = plane == 0 ? W : cw;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < pw; x++) {
                    int[] v;
                    if (y < BANDS * BAND) {
                        v = new int[] {GREY0 + y / BAND, 512, 512};
                    } else {
                        int lx = plane == 0 ? x : 2 * x;
                        v = ycbcr(PATCHES[(lx / PATCH) + 4 * ((y - BANDS * BAND) / PATCH)]);
                    }
                    frame.putShort((short) v[plane]);
                }
            }
        }
        Path raw = mkv.resolveSibling("bands10.yuv");
        byte[] one = frame.array();
        byte[] all = new byte[one.length * FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        Files.write(raw, all);
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of(
                        "-v",
                        "error",
                        "-f",
                        "rawvideo",
                        "-pix_fmt",
                        "yuv422p10le",
                        "-video_size",
                        W + "x" + H,
                        "-framerate",
                        "25",
                        "-i",
                        raw.toString(),
                        // setparams: the raw frames ARE BT.709 limited range. Without it FFmpeg 8 takes them as
                        // unspecified
                        // and, asked for -colorspace bt709 on the output, converts them (as BT.601) before encoding
                        "-vf",
                        "setparams=range=tv:colorspace=bt709:color_primaries=bt709:color_trc=bt709",
                        "-c:v",
                        "ffv1",
                        "-level",
                        "3",
                        "-pix_fmt",
                        "yuv422p10le",
                        "-color_range",
                        "tv",
                        "-colorspace",
                        "bt709",
                        "-color_primaries",
                        "bt709",
                        "-color_trc",
                        "bt709",
                        "-y",
                        mkv.toString()),
                Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        // the source holds exactly the codes written (FFV1 is lossless)
        Path back = mkv.resolveSibling("bands10-back.yuv");
        r = Ffmpeg.ffmpeg(
                List.of(
                        "-v",
                        "error",
                        "-i",
                        mkv.toString(),
                        "-f",
                        "rawvideo",
                        "-pix_fmt",
                        "yuv422p10le",
                        "-y",
                        back.toString()),
                Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        assertThat(Files.readAllBytes(back))
                .as("decoded source == the codes written")
                .isEqualTo(all);
        Files.delete(raw);
        Files.delete(back);
        return mkv;
    }

    private static List<String> probe(Path file, String entries) {
        Ffmpeg.Result r = Ffmpeg.ffprobe(
                List.of(
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        entries,
                        "-of",
                        "default=nw=1:nk=1",
                        file.toString()),
                Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** One decoded yuv422p10le picture: 16-bit samples holding the 10-bit codes, as written by the encoder. */
    record Planes(int[][] planes, int width, int height) {
        double mean(int plane, int x0, int y0, int x1, int y1) {
            int div = plane == 0 ? 1 : 2;
            int pw = width / (plane == 0 ? 1 : 2);
            double sum = 0;
            long n = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0 / div; x < x1 / div; x++) {
                    sum += planes[plane][y * pw + x];
                    n++;
                }
            }
            return sum / n;
        }

        int[] minMax(int plane, int x0, int y0, int x1, int y1) {
            int div = plane == 0 ? 1 : 2;
            int pw = width / div;
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int y = y0; y < y1; y++) {
                for (int x = x0 / div; x < x1 / div; x++) {
                    min = Math.min(min, planes[plane][y * pw + x]);
                    max = Math.max(max, planes[plane][y * pw + x]);
                }
            }
            return new int[] {min, max};
        }
    }

    /** Every frame in the file's own pixel format (yuv422p10le: no conversion, the codes as encoded). */
    private static List<Planes> decode(Path file) throws IOException {
        int w = S * W;
        int h = S * H;
        Path raw = Files.createTempFile("tenbit-frames", ".yuv");
        try {
            Ffmpeg.Result r = Ffmpeg.ffmpeg(
                    List.of(
                            "-v",
                            "error",
                            "-i",
                            file.toString(),
                            "-f",
                            "rawvideo",
                            "-pix_fmt",
                            "yuv422p10le",
                            "-y",
                            raw.toString()),
                    Duration.ofMinutes(1));
            assertThat(r.ok()).as(r.stderrTail()).isTrue();
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
            int[] sizes = {w * h, w / 2 * h, w / 2 * h};
            List<Planes> out = new ArrayList<>();
            while (buf.remaining() >= (sizes[0] + sizes[1] + sizes[2]) * 2) {
                int[][] planes = new int[3][];
                for (int c = 0; c < 3; c++) {
                    planes[c] = new int[sizes[c]];
                    for (int i = 0; i < sizes[c]; i++) {
                        planes[c][i] = buf.getShort() & 0xffff;
                    }
                }
                out.add(new Planes(planes, w, h));
            }
            return out;
        } finally {
            Files.deleteIfExists(raw);
        }
    }
}
