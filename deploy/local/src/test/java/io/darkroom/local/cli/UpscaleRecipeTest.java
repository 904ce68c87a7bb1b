package io.darkroom.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.JobSpec;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.UpscaleModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** demo-upscale's job is the one in deploy/local/examples/upscale-approval-job.json and the README. */
class UpscaleRecipeTest {
    static final Path EXAMPLE = RepoPaths.repoRoot().resolve("deploy/local/examples/upscale-approval-job.json");

    @Test
    void theExampleJobFileCarriesTheDemoRecipe() throws Exception {
        JobSpec example = Json.read(Files.readString(EXAMPLE), JobSpec.class);
        assertThat(example.recipe()).isEqualTo(UpscaleRecipe.recipe());
        assertThat(example.sources()).containsExactly(UpscaleRecipe.CLIP);
    }

    @Test
    void aTenBitMasterUpscaledByTheModelBehindAnApprovalGate() {
        var recipe = UpscaleRecipe.recipe();
        assertThat(recipe.approvalRequired()).isTrue();
        assertThat(recipe.previewFrames()).isEqualTo(3);
        Preset preset = Preset.byId(recipe.outputs().get(0).preset()).orElseThrow();
        assertThat(preset).isEqualTo(Preset.PRORES_HQ);
        assertThat(preset.pixelFormat()).contains("10");
        assertThat(recipe.effectiveOps(recipe.outputs().get(0)))
                .singleElement()
                .isInstanceOfSatisfying(Op.Upscale.class, u -> {
                    assertThat(u.model()).isEqualTo(UpscaleModels.NAME);
                    assertThat(u.scale()).isEqualTo(2);
                    assertThat(u.tileOrDefault()).isEqualTo(128);
                    assertThat(u.overlapOrDefault()).isEqualTo(16);
                    assertThat(u.deviceOrDefault()).isEqualTo(Op.Upscale.Device.AUTO);
                });
        // the box is large enough for 2 x 426x240
        assertThat(recipe.outputs().get(0).maxWidth()).isGreaterThanOrEqualTo(852);
        assertThat(recipe.outputs().get(0).maxHeight()).isGreaterThanOrEqualTo(480);
    }
}
