package io.darkroom.process.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.ops.Op;
import io.darkroom.recipe.ApprovalRules;
import io.darkroom.recipe.geometry.OutputGeometry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalPlanTest {
    static final Op.Upscale SLIM = Op.Upscale.of("esrgan-slim-x2", 2);

    static Recipe recipe(String approval, Integer previewFrames, List<Op> ops, OutputSpec... outputs) {
        return Recipe.of(List.of(outputs)).withOps(ops).withApproval(approval).withPreviewFrames(previewFrames);
    }

    static OutputSpec master() {
        return OutputSpec.of("master", "prores-hq", 1920, 1080);
    }

    @Test
    void anUngatedRecipeHasNoGateAndAnUnknownApprovalValueIsNamed() {
        assertThat(ApprovalRules.gate(recipe(null, null, List.of(SLIM), master())))
                .isEmpty();
        assertThat(ApprovalRules.gate(recipe("none", null, List.of(), master())))
                .isEmpty();
        assertThatThrownBy(() -> ApprovalRules.gate(recipe("maybe", null, List.of(SLIM), master())))
                .hasMessage("approval must be \"required\" or \"none\", was \"maybe\"");
    }

    @Test
    void aGateNeedsOneRegistryModelAcrossOutputsAndSanePreviewFrames() {
        assertThat(ApprovalRules.gate(recipe("required", 3, List.of(SLIM), master())))
                .contains(new ApprovalRules.Gate("esrgan-slim-x2", 2));
        // an output with its own ops (no upscale) beside one with the recipe's is fine
        assertThat(ApprovalRules.gate(recipe(
                        "required",
                        null,
                        List.of(SLIM),
                        master(),
                        OutputSpec.of("clean", "h264-review", 1280, 720).withOps(List.of()))))
                .contains(new ApprovalRules.Gate("esrgan-slim-x2", 2));
        assertThatThrownBy(() -> ApprovalRules.gate(recipe("required", null, List.of(), master())))
                .hasMessageContaining("needs an upscale op");
        assertThatThrownBy(() -> ApprovalRules.gate(recipe(
                        "required",
                        null,
                        List.of(SLIM),
                        master(),
                        OutputSpec.of("other", "h264-review", 0, 0)
                                .withOps(List.of(Op.Upscale.of("esrgan-medium-x2", 2))))))
                .hasMessageContaining("one model and factor");
        assertThatThrownBy(() -> ApprovalRules.gate(
                        recipe("required", null, List.of(Op.Upscale.of("media:models/team.onnx", 2)), master())))
                .hasMessageContaining("registry model");
        assertThatThrownBy(() -> ApprovalRules.gate(recipe("required", 13, List.of(SLIM), master())))
                .hasMessage("previewFrames must be 1..12, was 13");
        assertThatThrownBy(() -> ApprovalRules.gate(recipe("required", 0, List.of(SLIM), master())))
                .hasMessage("previewFrames must be 1..12, was 0");
    }

    @Test
    void approvingLanczosSwapsEveryUpscaleOpAndKeepsTheRest() {
        Op.Reformat fit = new Op.Reformat(Op.Reformat.Mode.FIT, 640, 360);
        Recipe r = recipe(
                "required",
                2,
                List.of(fit, SLIM),
                master(),
                OutputSpec.of("own", "h264-review", 0, 0).withOps(List.of(SLIM)));
        Recipe swapped = ApprovalPlan.withLanczos(r);
        assertThat(swapped.ops()).containsExactly(fit, new Op.LanczosUpscale(2));
        assertThat(swapped.outputs().get(0).ops()).isNull();
        assertThat(swapped.outputs().get(1).ops()).containsExactly(new Op.LanczosUpscale(2));
        assertThat(swapped.approval()).isEqualTo("required");
        assertThat(swapped.previewFrames()).isEqualTo(2);

        List<RenderOutput> outs = ApprovalPlan.withLanczos(List.of(
                RenderOutput.of("master", "prores-hq", 1280, 720).withOps(List.of(fit, SLIM)),
                RenderOutput.of("plain", "h264-review", 640, 360)));
        assertThat(outs.get(0).ops()).containsExactly(fit, new Op.LanczosUpscale(2));
        assertThat(outs.get(0).width()).isEqualTo(1280);
        assertThat(outs.get(1).ops()).isNull();
    }

    @Test
    void anUpscaledOutputIsScaleTimesThePictureTheUpscaleReceives() {
        MediaInfo vp9 = new MediaInfo(
                "matroska,webm",
                "vp9",
                426,
                240,
                0,
                426,
                240,
                "yuv420p10le",
                24000,
                1001,
                false,
                80,
                0,
                3_337_000L,
                0,
                0,
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                null,
                false);
        // no reformat: 2 x the display size, fitted into the output's box
        assertThat(OutputGeometry.of(vp9, 1920, 1080, List.of(SLIM))).isEqualTo(new OutputGeometry.Size(852, 480));
        assertThat(OutputGeometry.of(vp9, 640, 360, List.of(SLIM))).isEqualTo(new OutputGeometry.Size(640, 360));
        assertThat(OutputGeometry.of(vp9, 0, 0, List.of(new Op.LanczosUpscale(3))))
                .isEqualTo(new OutputGeometry.Size(1278, 720));
        // with a reformat: exactly 2 x its result, the box not used
        Op.Reformat crop = new Op.Reformat(Op.Reformat.Mode.CROP, 96, 64);
        assertThat(OutputGeometry.of(vp9, 1920, 1080, List.of(crop, SLIM)))
                .isEqualTo(new OutputGeometry.Size(192, 128));
        assertThat(OutputGeometry.upscaleInput(vp9, List.of(crop, SLIM))).isEqualTo(new OutputGeometry.Size(96, 64));
        // without an upscale nothing changes
        assertThat(OutputGeometry.of(vp9, 1920, 1080, List.of())).isEqualTo(new OutputGeometry.Size(426, 240));
    }
}
