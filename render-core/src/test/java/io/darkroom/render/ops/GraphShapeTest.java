package io.darkroom.render.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.recipe.geometry.ReformatGeometry;
import io.darkroom.recipe.ops.BurnInContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reformat geometry, deinterlace, rotation and path escaping, checked with the real ffmpeg. */
class GraphShapeTest {
    @TempDir
    Path tmp;

    @Test
    void reformatModes() {
        ReformatGeometry.Picture anamorphic = new ReformatGeometry.Picture(1440, 1080, 4, 3); // 16:9 display
        assertThat(ReformatGeometry.apply(new Op.Reformat(Op.Reformat.Mode.FIT, 1280, 1280), anamorphic))
                .isEqualTo(new ReformatGeometry.Picture(1280, 720, 1, 1));
        ReformatGeometry.Plan lb = ReformatGeometry.plan(
                new Op.Reformat(Op.Reformat.Mode.LETTERBOX, 1920, 1080),
                new ReformatGeometry.Picture(1080, 1920, 1, 1));
        assertThat(lb.steps())
                .containsExactly(new ReformatGeometry.Scale(608, 1080), new ReformatGeometry.Pad(1920, 1080, 656, 0));
        ReformatGeometry.Plan fill = ReformatGeometry.plan(
                new Op.Reformat(Op.Reformat.Mode.FILL, 1080, 1080), new ReformatGeometry.Picture(1920, 1080, 1, 1));
        assertThat(fill.steps())
                .containsExactly(new ReformatGeometry.Scale(1920, 1080), new ReformatGeometry.Crop(1080, 1080, 420, 0));
        ReformatGeometry.Plan crop = ReformatGeometry.plan(
                new Op.Reformat(Op.Reformat.Mode.CROP, 200, 100), new ReformatGeometry.Picture(160, 160, 1, 1));
        assertThat(crop.steps())
                .containsExactly(
                        new ReformatGeometry.Scale(160, 160),
                        new ReformatGeometry.Crop(160, 100, 0, 30),
                        new ReformatGeometry.Pad(200, 100, 20, 0));
    }

    @Test
    void everyModeConfiguresAndProducesTheTargetSize() throws Exception {
        FilterGraphBuilder b = new FilterGraphBuilder(OpsTestSupport.env(tmp, 33));
        // a 90-degree phone clip, 1.5:1 pixels, interlaced bottom field first
        SourceTraits src =
                new SourceTraits(96, 64, 3, 2, 90, "yuv420p", false, null, SourceTraits.FieldOrder.BOTTOM_FIRST);
        for (Op.Reformat.Mode mode : Op.Reformat.Mode.values()) {
            Op.Reformat r = new Op.Reformat(mode, 80, 48);
            ReformatGeometry.Picture after = ReformatGeometry.apply(r, new ReformatGeometry.Picture(64, 96, 2, 3));
            Target t = new Target(after.width(), after.height(), "yuv420p");
            FilterGraph g = b.build(List.of(new Op.Deinterlace(null), r), src, t, null);
            assertThat(g.filters()).startsWith("bwdif", "transpose");
            assertThat(g.graph()).contains("parity=bff");
            byte[] out =
                    OpsTestSupport.run(tmp, new byte[96 * 64 * 3 / 2 * 3], "yuv420p", 96, 64, g.graph(), "yuv420p");
            assertThat(out).as("3 frames of %s for %s", t, mode).hasSize(t.width() * t.height() * 3 / 2 * 3);
        }
        assertThat(b.build(
                                List.of(new Op.Deinterlace(null)),
                                src.withFieldOrder(SourceTraits.FieldOrder.PROGRESSIVE),
                                new Target(64, 96, "yuv420p"),
                                null)
                        .filters())
                .doesNotContain("bwdif", "yadif");
    }

    @Test
    void workFolderWithGraphSyntaxInItsName() throws Exception {
        Path odd = tmp.resolve("we'ird, dir: [x]; y=z \\ end");
        Files.createDirectories(odd);
        Files.writeString(
                tmp.resolve("id.cube"), "LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n");
        OpsEnvironment env =
                new OpsEnvironment(odd, OpsEnvironment.defaultFont(), ref -> OpsTestSupport.resolve(tmp, ref), 33);
        FilterGraph g = new FilterGraphBuilder(env)
                .build(
                        List.of(
                                new Op.Lut3d(new SourceRef("tmp", "id.cube")),
                                new Op.BurnIn("{frame}", null, null, null, null)),
                        new SourceTraits(64, 64, 1, 1, 0, "yuv420p", false, null, SourceTraits.FieldOrder.UNKNOWN),
                        new Target(64, 64, "yuv420p"),
                        new BurnInContext(null, null, null, null, 25, 1, 0));
        assertThat(OpsTestSupport.filterCount(g.graph())).isEqualTo(g.filters().size());
        assertThat(g.filters())
                .containsExactly(
                        "scale", "format", "scale", "format", "lut3d", "scale", "format", "drawtext", "setsar");
        byte[] out = OpsTestSupport.run(tmp, new byte[64 * 64 * 3 / 2], "yuv420p", 64, 64, g.graph(), "yuv420p");
        assertThat(out).hasSize(64 * 64 * 3 / 2);
    }
}
