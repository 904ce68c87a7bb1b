package io.darkroom.render.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.ops.Op;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full-range phone footage, 10-bit and SD (BT.601) sources come out as limited-range Rec.709 without a shift,
 * with and without an RGB colour op in between. Tolerance: 1 code value (8-bit) for greys, 2 for the saturated
 * red (rounding in two conversions).
 */
class RangeAndMatrixFfmpegTest {
    private static final List<Op> IDENTITY_CDL =
            List.of(Op.Cdl.of(new double[] {1, 1, 1}, new double[] {0, 0, 0}, new double[] {1, 1, 1}, 1));

    @TempDir
    Path tmp;

    @Test
    void fullRangeGreyBecomesLimitedRangeGrey() throws Exception {
        for (List<Op> ops : List.of(List.<Op>of(), IDENTITY_CDL)) {
            SourceTraits src =
                    new SourceTraits(16, 16, 1, 1, 0, "yuvj420p", true, "bt470bg", SourceTraits.FieldOrder.PROGRESSIVE);
            int[] yuv = run(src, ops, yuv8(16, 16, 128, 128, 128));
            // full 128 -> 16 + 128 * 219 / 255 = 125.9
            assertThat(yuv[0]).as("Y with ops %s", ops).isBetween(125, 127);
            assertThat(yuv[1]).isBetween(127, 129);
            assertThat(yuv[2]).isBetween(127, 129);
        }
    }

    @Test
    void tenBitLimitedGreyKeepsItsLevel() throws Exception {
        for (List<Op> ops : List.of(List.<Op>of(), IDENTITY_CDL)) {
            SourceTraits src = new SourceTraits(
                    16, 16, 1, 1, 0, "yuv420p10le", false, "bt2020nc", SourceTraits.FieldOrder.UNKNOWN);
            int[] yuv = run(src, ops, yuv10(16, 16, 504, 512, 512));
            assertThat(yuv[0]).as("Y with ops %s", ops).isBetween(125, 127); // 504 / 4 = 126
            assertThat(yuv[1]).isBetween(127, 129);
            assertThat(yuv[2]).isBetween(127, 129);
        }
    }

    @Test
    void bt601RedBecomesBt709Red() throws Exception {
        for (List<Op> ops : List.of(List.<Op>of(), IDENTITY_CDL)) {
            SourceTraits src = new SourceTraits(
                    64, 64, 1, 1, 0, "yuv420p", false, "smpte170m", SourceTraits.FieldOrder.PROGRESSIVE);
            int[] yuv = run(src, ops, yuv8(64, 64, 81, 90, 240)); // BT.601 limited red
            // BT.709 limited red: Y 63, Cb 102, Cr 240
            assertThat(yuv[0]).as("Y with ops %s", ops).isBetween(61, 65);
            assertThat(yuv[1]).as("Cb with ops %s", ops).isBetween(100, 104);
            assertThat(yuv[2]).as("Cr with ops %s", ops).isBetween(238, 242);
        }
    }

    /** Runs one frame; returns Y, Cb, Cr of the centre pixel of the yuv420p output. */
    private int[] run(SourceTraits src, List<Op> ops, byte[] frame) throws Exception {
        int w = src.width();
        int h = src.height();
        FilterGraph g =
                new FilterGraphBuilder(OpsTestSupport.env(tmp, 33)).build(ops, src, new Target(w, h, "yuv420p"), null);
        byte[] out = OpsTestSupport.run(tmp, frame, src.pixelFormat(), w, h, g.graph(), "yuv420p");
        int y = out[(h / 2) * w + w / 2] & 0xFF;
        int cb = out[w * h + (h / 4) * (w / 2) + w / 4] & 0xFF;
        int cr = out[w * h + (w / 2) * (h / 2) + (h / 4) * (w / 2) + w / 4] & 0xFF;
        return new int[] {y, cb, cr};
    }

    private static byte[] yuv8(int w, int h, int y, int u, int v) {
        byte[] b = new byte[w * h * 3 / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i < w * h ? y : i < w * h * 5 / 4 ? u : v);
        }
        return b;
    }

    private static byte[] yuv10(int w, int h, int y, int u, int v) {
        int samples = w * h * 3 / 2;
        byte[] b = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            int s = i < w * h ? y : i < w * h * 5 / 4 ? u : v;
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return b;
    }
}
