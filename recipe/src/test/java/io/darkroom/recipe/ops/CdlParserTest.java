package io.darkroom.recipe.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdlParserTest {
    static final String CCC = TestGrades.CCC;

    @TempDir
    Path tmp;

    @Test
    void cdlMathByHand() {
        CdlValues v = new CdlValues(new double[] {2, 1, 0.5}, new double[] {0, 0.1, 0}, new double[] {1, 1, 2}, 1);
        double[] rgb = {0.25, 0.5, 0.8};
        v.apply(rgb);
        assertThat(rgb[0]).isCloseTo(0.5, offset(1e-12)); // 0.25 * 2
        assertThat(rgb[1]).isCloseTo(0.6, offset(1e-12)); // 0.5 + 0.1
        assertThat(rgb[2]).isCloseTo(0.16, offset(1e-12)); // (0.8 * 0.5)^2
        CdlValues sat0 = new CdlValues(new double[] {1, 1, 1}, new double[] {0, 0, 0}, new double[] {1, 1, 1}, 0);
        double[] red = {1, 0, 0};
        sat0.apply(red);
        assertThat(red).containsExactly(new double[] {0.2126, 0.2126, 0.2126}, offset(1e-12)); // Rec.709 luma
        double[] clipped = {0.9, -0.2, 0.5};
        new CdlValues(new double[] {2, 1, 1}, new double[] {0, 0, 0}, new double[] {0.5, 0.5, 1}, 1).apply(clipped);
        assertThat(clipped).containsExactly(new double[] {1, 0, 0.5}, offset(1e-12)); // clamped before the power
    }

    @Test
    void cccPicksById() throws Exception {
        Path f = tmp.resolve("grade.ccc");
        Files.writeString(f, CCC);
        CdlValues first = CdlParser.parse(f, null);
        assertThat(first.slope()).containsExactly(1.1, 1.0, 0.9);
        CdlValues b = CdlParser.parse(f, "sh020");
        assertThat(b.power()).containsExactly(0.9, 1.1, 1.0);
        assertThat(b.offset()).containsExactly(0.02, 0.0, -0.03);
        assertThat(b.saturation()).isEqualTo(0.8);
        assertThatThrownBy(() -> CdlParser.parse(f, "sh999"))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining("no ColorCorrection with id 'sh999' (ids: sh010, sh020)");
    }

    @Test
    void ccAndCdlFiles() throws Exception {
        Path cc = tmp.resolve("one.cc");
        Files.writeString(cc, "<ColorCorrection id=\"a\"><SOPNode><Slope>2 2 2</Slope></SOPNode></ColorCorrection>");
        assertThat(CdlParser.parse(cc, null).slope()).containsExactly(2.0, 2.0, 2.0);
        assertThat(CdlParser.parse(cc, null).power()).containsExactly(1.0, 1.0, 1.0);
        Path cdl = tmp.resolve("list.cdl");
        Files.writeString(
                cdl,
                "<ColorDecisionList xmlns=\"urn:ASC:CDL:v1.01\"><ColorDecision><ColorCorrection id=\"x\">"
                        + "<SatNode><Saturation>1.5</Saturation></SatNode></ColorCorrection></ColorDecision></ColorDecisionList>");
        assertThat(CdlParser.parse(cdl, "x").saturation()).isEqualTo(1.5);
    }

    @Test
    void badFilesAreNamed() throws Exception {
        Path bad = tmp.resolve("bad.cc");
        Files.writeString(bad, "<ColorCorrection><SOPNode><Slope>1 x 1</Slope></SOPNode></ColorCorrection>");
        assertThatThrownBy(() -> CdlParser.parse(bad, null))
                .hasMessageContaining("bad.cc ColorCorrection Slope")
                .hasMessageContaining("'x'");
        Path two = tmp.resolve("two.cc");
        Files.writeString(two, "<ColorCorrection><SOPNode><Power>1 1</Power></SOPNode></ColorCorrection>");
        assertThatThrownBy(() -> CdlParser.parse(two, null)).hasMessageContaining("expected 3 number(s)");
        Path neg = tmp.resolve("neg.cc");
        Files.writeString(neg, "<ColorCorrection><SOPNode><Power>1 0 1</Power></SOPNode></ColorCorrection>");
        assertThatThrownBy(() -> CdlParser.parse(neg, null)).hasMessageContaining("Power must be above 0");
        Path xxe = tmp.resolve("xxe.cc");
        Files.writeString(
                xxe,
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<ColorCorrection><SOPNode><Slope>&e;</Slope></SOPNode></ColorCorrection>");
        assertThatThrownBy(() -> CdlParser.parse(xxe, null))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining("not valid XML");
        Path none = tmp.resolve("none.ccc");
        Files.writeString(none, "<ColorCorrectionCollection/>");
        assertThatThrownBy(() -> CdlParser.parse(none, null)).hasMessageContaining("no ColorCorrection element");
    }
}
