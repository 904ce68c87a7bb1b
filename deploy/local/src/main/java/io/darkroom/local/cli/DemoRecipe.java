package io.darkroom.local.cli;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The dailies recipe of {@code ./darkroom demo}, the same as {@code deploy/local/examples/dailies-job.json} (a test
 * keeps the two equal): a look (the sample LogC-to-Rec.709 LUT, or a CDL when the demo runs on generated clips,
 * which have no LUT beside them), timecode bottom-left, clip name top-left, frame counter bottom-right and a
 * "FOR REVIEW" watermark on an {@code h264-review} output fitted into 1280x720, and a clean ProRes Proxy beside it
 * ({@code ops: []}: editorial media carries no burn-ins and no look) at 960x540, which keeps the source timecode in
 * its tmcd track.
 *
 * <p>Why the LUT on Rec.709 footage: it is ARRI's LogC-to-Video transform, meant for LogC camera originals. On the
 * demo's display-referred clips it acts as a strong S-curve (more contrast and saturation, bright skies clip), a
 * plausible "show look" rather than a broken picture, so the demo uses it as is to exercise the 1D-shaper + 3D
 * {@code .cube} path end to end.
 */
final class DemoRecipe {
    static final String SHOW = "Darkroom Demo";
    static final int SEGMENT_FRAMES = 150;
    static final SourceRef LUT = new SourceRef("media", "luts/colour-science_LogC_Video_1Dshaper+3D.cube");

    private DemoRecipe() {}

    /** @param withLut the sample LUT (real media) or an inline CDL (generated media, no LUT file there) */
    static Recipe recipe(boolean withLut) {
        List<Op> ops = new ArrayList<>();
        ops.add(
                withLut
                        ? new Op.Lut3d(LUT)
                        : Op.Cdl.of(
                                new double[] {1.05, 1.0, 0.95},
                                new double[] {0.01, 0.0, -0.01},
                                new double[] {1.0, 1.0, 1.0},
                                0.9));
        ops.add(new Op.BurnIn("{tc}", Op.Position.BOTTOM_LEFT, 4.0, true, 1.0));
        ops.add(new Op.BurnIn("{clip}", Op.Position.TOP_LEFT, 4.0, true, 1.0));
        ops.add(new Op.BurnIn("{frame}", Op.Position.BOTTOM_RIGHT, 4.0, true, 1.0));
        ops.add(new Op.Watermark("FOR REVIEW – {show}", 0.3, Op.Position.CENTRE, 8.0));
        return Recipe.of(outputs())
                .withSegmentFrames(SEGMENT_FRAMES)
                .withOps(ops)
                .withShow(SHOW);
    }

    static List<OutputSpec> outputs() {
        return List.of(
                OutputSpec.of("review", "h264-review", 1280, 720),
                OutputSpec.of("editorial", "prores-proxy", 960, 540).withOps(List.of()));
    }
}
