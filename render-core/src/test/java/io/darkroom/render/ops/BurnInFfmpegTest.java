package io.darkroom.render.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.ops.Op;
import io.darkroom.recipe.ops.BurnInContext;
import io.darkroom.recipe.ops.OpsException;
import io.darkroom.recipe.ops.TextTemplate;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Burn-ins through real FFmpeg: hostile texts never change the graph (same filters, text absent from the
 * description, libavfilter parses exactly the filters we list) and render literally (pixel-identical to drawtext
 * showing the expected string with expansion off); timecode and frame fields match Java's arithmetic per frame.
 */
class BurnInFfmpegTest {
    static final List<String> HOSTILE = List.of(
            "it's a \"quoted\" text",
            "a:b\\c;d,e[f]g=h",
            "%{pts}",
            "%{eif:1+1:d}",
            "line one\nline two",
            "'; drawtext=text=pwned [x], scale=2:2 ;[out]",
            "\\%{pts\\} \\\\ %% %",
            "'\\''\\:\\,",
            "{unknown} {{tc}} }{");
    private static final int W = 320;
    private static final int H = 96;

    @TempDir
    Path tmp;

    private final BurnInContext ctx =
            new BurnInContext("A001_C002", "SHOW", LocalDate.of(2025, 11, 25), "15:44:35:10", 30000, 1001, 7);

    @Test
    void hostileTextNeverAltersTheGraph() throws Exception {
        FilterGraphBuilder builder = new FilterGraphBuilder(OpsTestSupport.env(tmp, 33));
        SourceTraits src = new SourceTraits(W, H, 1, 1, 0, "rgb24", false, null, SourceTraits.FieldOrder.PROGRESSIVE);
        for (String text : HOSTILE) {
            for (String template : List.of(text, text + " {frame} {tc}")) {
                FilterGraph g = builder.build(
                        List.of(new Op.BurnIn(template, Op.Position.TOP_LEFT, 20.0, true, 1.0)),
                        src,
                        new Target(W, H, "yuv420p"),
                        ctx);
                assertThat(g.filters()).containsExactly("scale", "format", "drawtext", "setsar");
                assertThat(OpsTestSupport.filterCount(g.graph())).as(template).isEqualTo(4);
                assertThat(g.graph()).doesNotContain("pts", "pwned", "eif:1", "quoted", "line one", "line two");
                assertFramesComeOut(g.graph());
            }
        }
    }

    @Test
    void hostileTextRendersAsTyped() {
        FilterGraphBuilder builder = new FilterGraphBuilder(OpsTestSupport.env(tmp, 33));
        for (String text : HOSTILE) {
            // with {frame}: drawtext expansion is on, so every literal \ and % must be escaped for it
            byte[] dynamic = render(builder, text + " #{frame}", 1);
            byte[] literal =
                    render(builder, literalTemplate(TextTemplate.parse(text).literalAt(ctx, 0) + " #7"), 1);
            assertThat(Arrays.equals(dynamic, literal))
                    .as("rendering of %s", text)
                    .isTrue();
            assertThat(Arrays.equals(dynamic, render(builder, literalTemplate("something else #7"), 1)))
                    .isFalse();
        }
    }

    @Test
    void dropFrameTimecodeAcrossAMinuteMatchesJava() {
        FilterGraphBuilder builder = new FilterGraphBuilder(OpsTestSupport.env(tmp, 33));
        BurnInContext df = new BurnInContext("c", null, null, "00:00:59;28", 30000, 1001, 0);
        TextTemplate t = TextTemplate.parse("TC {tc} F{frame}");
        List<String> expected =
                List.of("TC 00:00:59;28 F0", "TC 00:00:59;29 F1", "TC 00:01:00;02 F2", "TC 00:01:00;03 F3");
        byte[] all = render(builder, "TC {tc} F{frame}", df, 4);
        int frame = W * H * 3 / 2;
        for (int n = 0; n < 4; n++) {
            assertThat(t.literalAt(df, n)).isEqualTo(expected.get(n));
            byte[] one = render(builder, literalTemplate(expected.get(n)), df, 1);
            assertThat(Arrays.equals(Arrays.copyOfRange(all, n * frame, (n + 1) * frame), one))
                    .as("frame %d shows %s", n, expected.get(n))
                    .isTrue();
        }
    }

    @Test
    void segmentOffsetCountsFromTheClipStart() {
        // GoPro clip: tmcd 15:44:35:10 at 29.97 NDF; a segment starting at clip frame 80
        BurnInContext seg = new BurnInContext("gopro", null, null, "15:44:35:10", 30000, 1001, 80);
        assertThat(TextTemplate.parse("{tc}").literalAt(seg, 0)).isEqualTo("15:44:38:00");
        FilterGraphBuilder builder = new FilterGraphBuilder(OpsTestSupport.env(tmp, 33));
        assertThat(Arrays.equals(render(builder, "{tc}", seg, 1), render(builder, "15:44:38:00", seg, 1)))
                .isTrue();
    }

    private byte[] render(FilterGraphBuilder builder, String template, int frames) {
        return render(builder, template, ctx, frames);
    }

    private byte[] render(FilterGraphBuilder builder, String template, BurnInContext c, int frames) {
        try {
            SourceTraits src =
                    new SourceTraits(W, H, 1, 1, 0, "yuv420p", false, null, SourceTraits.FieldOrder.PROGRESSIVE);
            FilterGraph g = builder.build(
                    List.of(new Op.BurnIn(template, Op.Position.CENTRE, 20.0, true, 1.0)),
                    src,
                    new Target(W, H, "yuv420p"),
                    c);
            byte[] in = new byte[W * H * 3 / 2 * frames];
            Arrays.fill(in, (byte) 128);
            return OpsTestSupport.run(tmp, in, "yuv420p", W, H, g.graph(), "yuv420p");
        } catch (OpsException e) {
            throw new AssertionError(e);
        }
    }

    private static String literalTemplate(String s) {
        return s.replace("{", "{{").replace("}", "}}");
    }

    private static void assertFramesComeOut(String graph) throws Exception {
        try (FFmpegFrameFilter f = new FFmpegFrameFilter(graph, W, H)) {
            f.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            f.setFrameRate(25);
            f.start();
            try (Frame in = new Frame(W, H, Frame.DEPTH_UBYTE, 3)) {
                for (int i = 0; i < 2; i++) {
                    f.push(in, avutil.AV_PIX_FMT_RGB24);
                    Frame out = f.pull();
                    assertThat(out).isNotNull();
                    assertThat(out.imageWidth).isEqualTo(W);
                    assertThat(out.imageHeight).isEqualTo(H);
                }
            }
        }
    }
}
