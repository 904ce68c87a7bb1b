package io.darkroom.recipe.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CubeParserTest {
    @Test
    void readsTheResolveShaperPlus3dFileInPlace() throws Exception {
        CubeLut lut = CubeParser.parse(TestFiles.mediaRoot().resolve(TestFiles.LOGC));
        assertThat(lut.title()).isEqualTo("AlexaV3 K1S1 LogC to Video Rec709");
        assertThat(lut.shaper().size()).isEqualTo(16);
        assertThat(lut.cube().size()).isEqualTo(4);
        assertThat(lut.plain3d()).isFalse();
        // shaper grid point 1 of 15 -> 0.0270850; then the 3D table at (0.027085, ...) near black
        assertThat(lut.shaper().eval(0, 1.0 / 15)).isCloseTo(0.0270850, offset(1e-7));
        double[] white = {1, 1, 1};
        lut.apply(white);
        assertThat(white[1]).isGreaterThan(0.9);
    }

    @Test
    void keywordsCommentsRangesAndDomains() throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                "# header",
                "TITLE \"a # not a comment\"",
                "",
                "DOMAIN_MIN 0 0 0",
                "DOMAIN_MAX 2 2 2  # inline comment",
                "LUT_3D_SIZE 2"));
        for (int i = 0; i < 8; i++) {
            lines.add((i & 1) + " " + ((i >> 1) & 1) + " " + ((i >> 2) & 1) + " # row " + i);
        }
        CubeLut lut = CubeParser.parse("t.cube", lines);
        assertThat(lut.title()).isEqualTo("a # not a comment");
        double[] rgb = {1, 1, 1};
        lut.apply(rgb); // 1 is half of the 0..2 domain
        assertThat(rgb).containsExactly(new double[] {0.5, 0.5, 0.5}, offset(1e-9));
        assertThat(lut.plain3d()).isFalse();

        List<String> ranged = new ArrayList<>(List.of(
                "LUT_1D_SIZE 2",
                "LUT_3D_SIZE 2",
                "LUT_1D_INPUT_RANGE 0 4",
                "LUT_3D_INPUT_RANGE 0 1",
                "0 0 0",
                "1 1 1"));
        for (int i = 0; i < 8; i++) {
            ranged.add((i & 1) + " " + ((i >> 1) & 1) + " " + ((i >> 2) & 1));
        }
        CubeLut r = CubeParser.parse("r.cube", ranged);
        double[] x = {1, 2, 4};
        r.apply(x);
        assertThat(x).containsExactly(new double[] {0.25, 0.5, 1}, offset(1e-9));
    }

    @Test
    void errorsNameTheLine() {
        assertError(List.of("LUT_3D_SIZE 2", "0 0 0", "0 0 x"), "bad.cube line 3: not a finite number: x");
        assertError(List.of("LUT_3D_SIZE 2", "0 0 0", "0 0"), "line 3: expected 3 numbers (R G B), found 2");
        assertError(List.of("LUT_3D_SIZE 2", "0 0 0"), "line 2: end of file after 1 data lines, expected 8");
        assertError(List.of("LUT_3D_SIZE 1"), "line 1: LUT_3D_SIZE 1 is outside 2..256");
        assertError(List.of("LUT_3D_SIZE 2", "LUT_IN_VIDEO_RANGE"), "line 2: unknown keyword LUT_IN_VIDEO_RANGE");
        assertError(List.of("0 0 0"), "line 1: data before LUT_1D_SIZE or LUT_3D_SIZE");
        assertError(List.of("LUT_3D_SIZE 2", "0 0 0", "TITLE \"x\""), "line 3: keyword after the data");
        assertError(
                List.of(
                        "LUT_1D_SIZE 2",
                        "LUT_3D_SIZE 2",
                        "DOMAIN_MIN 0 0 0",
                        "0 0 0",
                        "1 1 1",
                        "0 0 0",
                        "0 0 0",
                        "0 0 0",
                        "0 0 0",
                        "0 0 0",
                        "0 0 0",
                        "0 0 0",
                        "0 0 0"),
                "is ambiguous");
        assertError(
                List.of("LUT_1D_SIZE 2", "LUT_1D_INPUT_RANGE 1 1", "0 0 0", "1 1 1"),
                "input range of channel R is empty");
        assertError(List.of("LUT_3D_SIZE 2", "LUT_3D_SIZE 3"), "line 2: LUT_3D_SIZE given twice");
        assertError(List.of("LUT_3D_SIZE 2", "0 0 nan"), "line 2: not a finite number: nan");
        List<String> tooMany = new ArrayList<>(List.of("LUT_1D_SIZE 2"));
        tooMany.addAll(List.of("0 0 0", "1 1 1", "1 1 1"));
        assertError(tooMany, "line 4: more data lines than announced (2 (LUT_1D_SIZE))");
    }

    private static void assertError(List<String> lines, String message) {
        assertThatThrownBy(() -> CubeParser.parse("bad.cube", lines))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((OpsException) e).badInput()).isTrue());
    }
}
