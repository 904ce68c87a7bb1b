package io.darkroom.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.JobSpec;
import io.darkroom.local.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo's recipe is the one documented in the README and in deploy/local/examples/dailies-job.json. */
class DemoRecipeTest {
    static final Path EXAMPLE = RepoPaths.repoRoot().resolve("deploy/local/examples/dailies-job.json");

    @Test
    void theExampleJobFileCarriesTheDemoRecipe() throws Exception {
        JobSpec example = Json.read(Files.readString(EXAMPLE), JobSpec.class);
        assertThat(example.recipe()).isEqualTo(DemoRecipe.recipe(true));
        assertThat(example.sources()).extracting(s -> s.path()).containsExactlyElementsOf(DemoMedia.SAMPLE_CLIPS);
    }

    @Test
    void reviewGetsLookAndBurnInsEditorialStaysClean() {
        var recipe = DemoRecipe.recipe(true);
        assertThat(recipe.outputs()).hasSize(2);
        assertThat(Preset.byId(recipe.outputs().get(0).preset())).hasValue(Preset.H264_REVIEW);
        assertThat(Preset.byId(recipe.outputs().get(1).preset()).orElseThrow().editorial())
                .isTrue();
        assertThat(recipe.effectiveOps(recipe.outputs().get(0)))
                .hasSize(5)
                .first()
                .isInstanceOf(Op.Lut3d.class);
        assertThat(recipe.effectiveOps(recipe.outputs().get(1))).isEmpty();
        assertThat(recipe.effectiveOps(recipe.outputs().get(0)))
                .filteredOn(Op.BurnIn.class::isInstance)
                .extracting(o -> ((Op.BurnIn) o).text())
                .containsExactly("{tc}", "{clip}", "{frame}");
        // generated clips have no LUT beside them: a CDL instead
        assertThat(DemoRecipe.recipe(false).ops().get(0)).isInstanceOf(Op.Cdl.class);
    }
}
