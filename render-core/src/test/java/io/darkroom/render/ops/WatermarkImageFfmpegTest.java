package io.darkroom.render.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.ImageProbe;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.RecipeFiles;
import io.darkroom.recipe.Violation;
import io.darkroom.recipe.ops.OpsRules;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image watermark through real FFmpeg: a white 32x32 PNG at opacity 0.5 over black raises the covered region's luma
 * by opacity x (235 - 16) and leaves every other pixel identical to the render without the op; a file name full of
 * graph syntax (quotes, colon, brackets, comma, semicolon) works; the validator refuses what FFmpeg cannot read.
 */
class WatermarkImageFfmpegTest {
    private static final int W = 320;
    private static final int H = 180;
    private static final int FRAMES = 3;
    private static final String HOSTILE_NAME = "it's \"wm\" [x]:a,b;c.png";

    @TempDir
    Path tmp;

    private final SourceTraits src =
            new SourceTraits(W, H, 1, 1, 0, "yuv420p", false, null, SourceTraits.FieldOrder.PROGRESSIVE);
    private final Target target = new Target(W, H, "yuv420p");

    private Path whitePng(String name) throws Exception {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 32, 32);
        g.dispose();
        Path p = tmp.resolve(name);
        assertThat(ImageIO.write(img, "png", p.toFile())).isTrue();
        return p;
    }

    /** FRAMES black yuv420p frames (Y 16, U/V 128) through the graph; raw yuv420p out. */
    private byte[] render(String graph) {
        int frame = W * H * 3 / 2;
        byte[] in = new byte[frame * FRAMES];
        for (int n = 0; n < FRAMES; n++) {
            Arrays.fill(in, n * frame, n * frame + W * H, (byte) 16);
            Arrays.fill(in, n * frame + W * H, (n + 1) * frame, (byte) 128);
        }
        return OpsTestSupport.run(tmp, in, "yuv420p", W, H, graph, "yuv420p");
    }

    @Test
    void overlaidRegionRisesByOpacityAndTheRestIsUnchanged() throws Exception {
        whitePng(HOSTILE_NAME);
        FilterGraphBuilder builder = new FilterGraphBuilder(OpsTestSupport.env(tmp, 33));
        double opacity = 0.5;
        Op op = new Op.WatermarkImage(new SourceRef("tmp", HOSTILE_NAME), opacity, Op.Position.BOTTOM_RIGHT, 20.0);
        assertThat(OpsRules.validateFiles("recipe.ops", List.of(op), files())).isEmpty();
        FilterGraph with = builder.build(List.of(op), src, target, null);
        FilterGraph without = builder.build(List.of(), src, target, null);
        assertThat(with.graph()).doesNotContain("wm\"", "it's", "[x]");
        assertThat(with.filters()).contains("movie", "colorchannelmixer", "overlay");

        byte[] a = render(with.graph());
        byte[] b = render(without.graph());
        int frame = W * H * 3 / 2;
        assertThat(a).hasSize(frame * FRAMES);
        assertThat(b).hasSize(frame * FRAMES);
        // 20 % of 180 = 36 px square; margin 2 % of 180 = 4 px from the bottom-right corner
        int side = 36;
        int x0 = W - side - 4;
        int y0 = H - side - 4;
        double expected = 16 + opacity * (235 - 16);
        for (int n = 0; n < FRAMES; n++) {
            int base = n * frame;
            double sum = 0;
            int count = 0;
            for (int y = y0 + 2; y < y0 + side - 2; y++) {
                for (int x = x0 + 2; x < x0 + side - 2; x++) {
                    sum += a[base + y * W + x] & 0xFF;
                    count++;
                }
            }
            assertThat(sum / count)
                    .as("frame %d mean luma in the watermark", n)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(3.0));
            int changed = 0;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    boolean near = x >= x0 - 2 && x < x0 + side + 2 && y >= y0 - 2 && y < y0 + side + 2;
                    if (!near && a[base + y * W + x] != b[base + y * W + x]) {
                        changed++;
                    }
                }
            }
            assertThat(changed)
                    .as("frame %d luma pixels changed outside the watermark", n)
                    .isZero();
            // chroma outside the (subsampled) region unchanged too: white over black stays neutral
            int cw = W / 2;
            int chromaChanged = 0;
            for (int i = 0; i < frame - W * H; i++) {
                int cx = (i % (cw * H / 2)) % cw;
                int cy = (i % (cw * H / 2)) / cw;
                boolean near =
                        cx >= x0 / 2 - 2 && cx < (x0 + side) / 2 + 2 && cy >= y0 / 2 - 2 && cy < (y0 + side) / 2 + 2;
                if (!near && a[base + W * H + i] != b[base + W * H + i]) {
                    chromaChanged++;
                }
            }
            assertThat(chromaChanged)
                    .as("frame %d chroma changed outside the watermark", n)
                    .isZero();
        }
        assertThat(Files.list(tmp.resolve("work/images")).toList())
                .hasSize(1)
                .allMatch(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.png"));
    }

    @Test
    void framesComeOutOfFfmpegFrameFilter() throws Exception {
        whitePng("wm.png");
        FilterGraph g = new FilterGraphBuilder(OpsTestSupport.env(tmp, 33))
                .build(
                        List.of(new Op.WatermarkImage(new SourceRef("tmp", "wm.png"), 1.0, Op.Position.TOP_LEFT, 50.0)),
                        src,
                        target,
                        null);
        try (FFmpegFrameFilter f = new FFmpegFrameFilter(g.graph(), W, H)) {
            f.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            f.setFrameRate(25);
            f.start();
            try (Frame in = new Frame(W, H, Frame.DEPTH_UBYTE, 3)) {
                int out = 0;
                for (int i = 0; i < 4; i++) {
                    f.push(in, avutil.AV_PIX_FMT_RGB24);
                    Frame o;
                    while ((o = f.pull()) != null) {
                        assertThat(o.imageWidth).isEqualTo(W);
                        assertThat(o.imageHeight).isEqualTo(H);
                        out++;
                    }
                }
                f.push(null);
                while (f.pull() != null) {
                    out++;
                }
                assertThat(out).isEqualTo(4);
            }
        }
    }

    @Test
    void validatorChecksRangesAndTheFile() throws Exception {
        whitePng("ok.png");
        Files.writeString(tmp.resolve("fake.png"), "not a png at all");
        List<Op> ops = List.of(
                new Op.WatermarkImage(new SourceRef("tmp", "ok.png"), 1.5, null, 0.5),
                new Op.WatermarkImage(new SourceRef("tmp", "ok.gif"), null, null, null),
                new Op.WatermarkImage(null, null, null, null));
        assertThat(OpsRules.validate("ops", ops))
                .extracting(Violation::field, Violation::problem)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ops[0].size", Problem.OUT_OF_RANGE),
                        org.assertj.core.groups.Tuple.tuple("ops[0].opacity", Problem.OUT_OF_RANGE),
                        org.assertj.core.groups.Tuple.tuple("ops[1].file", Problem.INVALID_OP),
                        org.assertj.core.groups.Tuple.tuple("ops[2].file", Problem.MISSING));
        List<Op> files = List.of(
                new Op.WatermarkImage(new SourceRef("tmp", "ok.png"), 0.3, null, 10.0),
                new Op.WatermarkImage(new SourceRef("tmp", "fake.png"), 0.3, null, 10.0),
                new Op.WatermarkImage(new SourceRef("tmp", "missing.png"), 0.3, null, 10.0));
        assertThat(OpsRules.validateFiles("ops", files, files()))
                .extracting(Violation::field, Violation::problem)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ops[1].file", Problem.BAD_IMAGE),
                        org.assertj.core.groups.Tuple.tuple("ops[2].file", Problem.NOT_FOUND));
    }

    /** The recipe's file rules with the image check ingest runs (media's {@link ImageProbe}). */
    private RecipeFiles files() {
        return new RecipeFiles(ref -> OpsTestSupport.resolve(tmp, ref), ImageProbe::problem, null);
    }

    @Test
    void jsonNameIsWatermarkImage() {
        Op op = new Op.WatermarkImage(new SourceRef("media", "logos/a.png"), 0.4, Op.Position.TOP_RIGHT, 8.0);
        String json = Json.write(op);
        assertThat(json).contains("\"op\":\"watermarkImage\"", "\"position\":\"top-right\"");
        assertThat(Json.read(json, Op.class)).isEqualTo(op);
    }
}
