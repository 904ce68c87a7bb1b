package io.darkroom.render.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.recipe.ops.CdlParser;
import io.darkroom.recipe.ops.CdlValues;
import io.darkroom.recipe.ops.CubeLut;
import io.darkroom.recipe.ops.CubeParser;
import io.darkroom.recipe.ops.TestGrades;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated colour chart (512 RGB patches, one pixel each, 16-bit) through the real filter graph built for
 * LUT and CDL ops, with rgb48le in and out so nothing but the colour ops touches the values.
 *
 * <p>Tolerances, in 16-bit code values (65535 = 1.0):
 * <ul>
 * <li>FFmpeg vs our Java model of the same baked table (tetrahedral): 2 codes (measured max 1: FFmpeg's float
 *     math and final rounding).</li>
 * <li>Functions that tetrahedral interpolation reproduces exactly (identity, channel swap): 2 codes.</li>
 * <li>Non-linear functions vs the exact math (interpolation error of the 33 or 65 grid): gamma 1/2.2 at 33:
 *     0.045 (measured 0.041, in the darkest cell where x^(1/2.2) is steepest); CDL at 33: 0.002 (measured 0.00064); CDL at 65: 0.0005 (measured
 *     0.00008); the LogC shaper+3D file baked at 33 vs its own shaper+3D evaluated in Java: 0.01 over the chart
 *     (measured 0.0043), 0.005 at mid grey (measured 0.00001).</li>
 * </ul>
 */
class ColourOpsFfmpegTest {
    private static final Logger LOG = Logger.getLogger(ColourOpsFfmpegTest.class);
    private static final int[] LEVELS = {0, 1200, 4096, 13107, 26214, 32768, 45000, 52428, 60000, 65535};
    private static final int N = LEVELS.length * LEVELS.length * LEVELS.length;

    @TempDir
    Path tmp;

    @Test
    void identityCubeKeepsEveryPatch() throws Exception {
        writeCube("identity.cube", 17, rgb -> rgb);
        Result r = chart(List.of(new Op.Lut3d(new SourceRef("tmp", "identity.cube"))), 33);
        assertThat(r.maxErrorVs(rgb -> rgb)).isLessThanOrEqualTo(2);
    }

    @Test
    void channelSwapCubeSwapsChannels() throws Exception {
        writeCube("swap.cube", 9, rgb -> new double[] {rgb[1], rgb[2], rgb[0]});
        Result r = chart(List.of(new Op.Lut3d(new SourceRef("tmp", "swap.cube"))), 33);
        assertThat(r.maxErrorVs(rgb -> new double[] {rgb[1], rgb[2], rgb[0]})).isLessThanOrEqualTo(2);
        // a red patch becomes blue
        int red = index(LEVELS.length - 1, 0, 0);
        assertThat(r.out[3 * red]).isLessThanOrEqualTo(2);
        assertThat(r.out[3 * red + 2]).isGreaterThanOrEqualTo(65533);
    }

    @Test
    void gammaCubeMatchesTheJavaModelAndTheMath() throws Exception {
        UnaryOperator<double[]> gamma =
                rgb -> new double[] {Math.pow(rgb[0], 1 / 2.2), Math.pow(rgb[1], 1 / 2.2), Math.pow(rgb[2], 1 / 2.2)};
        writeCube("gamma.cube", 33, gamma);
        Result r = chart(List.of(new Op.Lut3d(new SourceRef("tmp", "gamma.cube"))), 33);
        assertThat(r.maxErrorVsModel()).isLessThanOrEqualTo(2);
        assertThat(r.maxErrorVs(gamma) / 65535.0).isLessThan(0.045);
        int mid = index(5, 5, 5); // 32768
        assertThat(r.out[3 * mid] / 65535.0)
                .isCloseTo(Math.pow(0.5, 1 / 2.2), org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void inlineCdlMatchesTheAscMath() throws Exception {
        Op.Cdl cdl = Op.Cdl.of(
                new double[] {1.2, 1.0, 0.8}, new double[] {0.02, 0, -0.03}, new double[] {0.9, 1.1, 1.0}, 0.8);
        CdlValues v = CdlValues.of(cdl);
        UnaryOperator<double[]> math = rgb -> {
            double[] c = rgb.clone();
            v.apply(c);
            return c;
        };
        Result r33 = chart(List.of(cdl), 33);
        assertThat(r33.maxErrorVsModel()).isLessThanOrEqualTo(2);
        assertThat(r33.maxErrorVs(math) / 65535.0).isLessThan(0.002);
        Result r65 = chart(List.of(cdl), 65);
        assertThat(r65.maxErrorVs(math) / 65535.0).isLessThan(0.0005);
    }

    @Test
    void cdlFromCccThenLutAreBakedIntoOneTable() throws Exception {
        Files.writeString(tmp.resolve("grade.ccc"), TestGrades.CCC);
        writeCube("swap.cube", 9, rgb -> new double[] {rgb[1], rgb[2], rgb[0]});
        List<Op> ops = List.of(
                Op.Cdl.fromFile(new SourceRef("tmp", "grade.ccc"), "sh020"),
                new Op.Lut3d(new SourceRef("tmp", "swap.cube")));
        CdlValues sh020 = CdlParser.parse(tmp.resolve("grade.ccc"), "sh020");
        Result r = chart(ops, 65);
        assertThat(r.graph.filters().stream().filter("lut3d"::equals).count()).isEqualTo(1);
        assertThat(r.maxErrorVs(rgb -> {
                            double[] c = rgb.clone();
                            sh020.apply(c);
                            return new double[] {c[1], c[2], c[0]};
                        })
                        / 65535.0)
                .isLessThan(0.0005);
    }

    @Test
    void logCShaperLutParsesBakesAndApplies() throws Exception {
        Path file = OpsTestSupport.mediaRoot().resolve(OpsTestSupport.LOGC);
        CubeLut original = CubeParser.parse(file);
        Result r = chart(List.of(new Op.Lut3d(new SourceRef("media", OpsTestSupport.LOGC))), 33);
        // LogC3 (EI 800) code value of 18 % grey is 0.391
        int grey = (int) Math.round(0.391 * 65535);
        byte[] out = OpsTestSupport.run(
                tmp,
                OpsTestSupport.rgb48(new int[] {grey, grey, grey, grey, grey, grey}),
                "rgb48le",
                2,
                1,
                new FilterGraphBuilder(OpsTestSupport.env(tmp, 33))
                        .build(
                                List.of(new Op.Lut3d(new SourceRef("media", OpsTestSupport.LOGC))),
                                new SourceTraits(
                                        2, 1, 1, 1, 0, "rgb48le", false, null, SourceTraits.FieldOrder.PROGRESSIVE),
                                new Target(2, 1, "rgb48le"),
                                null)
                        .graph(),
                "rgb48le");
        int[] px = OpsTestSupport.rgb48(out);
        double[] expected = {grey / 65535.0, grey / 65535.0, grey / 65535.0};
        original.apply(expected);
        LOG.infof(
                "LogC mid grey 0.391 -> java %.5f %.5f %.5f, ffmpeg %.5f %.5f %.5f",
                expected[0], expected[1], expected[2], px[0] / 65535.0, px[1] / 65535.0, px[2] / 65535.0);
        for (int c = 0; c < 3; c++) {
            assertThat(px[c] / 65535.0).isCloseTo(expected[c], org.assertj.core.data.Offset.offset(0.005));
        }
        assertThat(expected[1]).as("LogC mid grey lands near video mid grey").isBetween(0.38, 0.46);
        assertThat(r.maxErrorVs(rgb -> rgb) / 65535.0)
                .as("the LUT is not an identity")
                .isGreaterThan(0.1);
        // whole chart vs the original shaper + 3D evaluated in Java
        double worst = r.maxErrorVs(rgb -> {
                    double[] c = rgb.clone();
                    original.apply(c);
                    return c;
                })
                / 65535.0;
        LOG.infof("LogC chart worst error vs original shaper+3D: %.5f", worst);
        assertThat(worst).isLessThan(0.01);
    }

    // --- chart machinery

    private record Result(int[] in, int[] out, FilterGraph graph, CubeLut baked) {
        int maxErrorVs(UnaryOperator<double[]> f) {
            int worst = worst(f);
            LOG.infof("max error %d codes (%.5f)", worst, worst / 65535.0);
            return worst;
        }

        int worst(UnaryOperator<double[]> f) {
            int worst = 0;
            for (int p = 0; p < N; p++) {
                double[] e =
                        f.apply(new double[] {in[3 * p] / 65535.0, in[3 * p + 1] / 65535.0, in[3 * p + 2] / 65535.0});
                for (int c = 0; c < 3; c++) {
                    int exp = (int) Math.round(Math.min(1, Math.max(0, e[c])) * 65535);
                    worst = Math.max(worst, Math.abs(exp - out[3 * p + c]));
                }
            }
            return worst;
        }

        int maxErrorVsModel() {
            return maxErrorVs(rgb -> {
                double[] c = rgb.clone();
                baked.apply(c);
                return c;
            });
        }
    }

    private Result chart(List<Op> ops, int bakeSize) throws Exception {
        int w = 64;
        int h = LEVELS.length * LEVELS.length; // 100 rows x 64: 1000 patches used, the rest repeat patch 0
        int[] values = new int[w * h * 3];
        for (int p = 0; p < w * h; p++) {
            int q = p < N ? p : 0;
            values[3 * p] = LEVELS[q % LEVELS.length];
            values[3 * p + 1] = LEVELS[(q / LEVELS.length) % LEVELS.length];
            values[3 * p + 2] = LEVELS[q / (LEVELS.length * LEVELS.length)];
        }
        OpsEnvironment env = OpsTestSupport.env(tmp, bakeSize);
        SourceTraits src = new SourceTraits(w, h, 1, 1, 0, "rgb48le", false, null, SourceTraits.FieldOrder.PROGRESSIVE);
        FilterGraph g = new FilterGraphBuilder(env).build(ops, src, new Target(w, h, "rgb48le"), null);
        LOG.infof("graph: %s", g.graph());
        int[] out = OpsTestSupport.rgb48(
                OpsTestSupport.run(tmp, OpsTestSupport.rgb48(values), "rgb48le", w, h, g.graph(), "rgb48le"));
        assertThat(out).hasSize(values.length);
        Path bakedFile;
        try (var files = Files.list(env.workDir().resolve("luts"))) {
            bakedFile = files.filter(f -> f.toString().endsWith(".cube"))
                    .filter(f -> g.graph().contains(f.getFileName().toString()))
                    .findFirst()
                    .orElseThrow();
        }
        return new Result(values, out, g, CubeParser.parse(bakedFile));
    }

    private static int index(int r, int g, int b) {
        return r + LEVELS.length * (g + LEVELS.length * b);
    }

    private void writeCube(String name, int size, UnaryOperator<double[]> f) throws IOException {
        StringBuilder s = new StringBuilder("TITLE \"test\"\n# generated\nLUT_3D_SIZE " + size + "\n");
        for (int b = 0; b < size; b++) {
            for (int g = 0; g < size; g++) {
                for (int r = 0; r < size; r++) {
                    double[] v = f.apply(
                            new double[] {(double) r / (size - 1), (double) g / (size - 1), (double) b / (size - 1)});
                    s.append(String.format(Locale.ROOT, "%.9f %.9f %.9f%n", v[0], v[1], v[2]));
                }
            }
        }
        Files.writeString(tmp.resolve(name), s);
    }
}
