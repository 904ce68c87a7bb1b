package io.darkroom.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules ingest and the planner share: the same problem, at the same field, for the same recipe. */
class RecipeRulesTest {
    private static final MediaInfo HD = new MediaInfo(
            "mov",
            "h264",
            1920,
            1080,
            0,
            1920,
            1080,
            "yuv420p",
            25,
            1,
            false,
            250,
            0,
            10_000_000,
            0,
            0,
            null,
            null,
            1,
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

    private static Recipe recipe(OutputSpec... outputs) {
        return Recipe.of(List.of(outputs));
    }

    private static JobSubmitted submission(Recipe recipe) {
        return new JobSubmitted(
                JobSubmitted.SCHEMA,
                "j",
                "n",
                0,
                "cpu",
                recipe,
                List.of(new JobSubmitted.ProbedSource("A001", new SourceRef("media", "a.mov"), HD)),
                new SourceRef("out", "x"),
                "it",
                Instant.now(),
                null,
                null);
    }

    @Test
    void presetLimitsHoldAtTheFinalSizeForIngestAndPlannerAlike() {
        Recipe tiny =
                recipe(OutputSpec.of("review", "h264-review", 200, 112), OutputSpec.of("tiny", "dnxhr-lb", 200, 112));

        List<Violation> atIngest = RecipeRules.finalSizes(tiny, List.of(HD));
        assertThat(atIngest)
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("recipe.outputs[1]", Problem.PRESET_LIMIT));
        assertThat(atIngest.get(0).message()).contains("200x112", "256x120");
        assertThat(RecipeRules.planProblem(submission(tiny))).contains(atIngest.get(0));

        Recipe upscaled = recipe(OutputSpec.of("master", "dnxhr-hq", 0, 0)
                .withOps(List.of(new Op.Reformat(Op.Reformat.Mode.FILL, 128, 64), new Op.LanczosUpscale(2))));
        assertThat(RecipeRules.finalSizes(upscaled, List.of(HD)))
                .as("256x128 after the upscale")
                .isEmpty();
        assertThat(RecipeRules.planProblem(submission(upscaled))).isEmpty();
    }

    @Test
    void plannerGuardNamesTheSameCodesAsIngest() {
        assertThat(RecipeRules.planProblem(submission(recipe(OutputSpec.of("x", "vhs", 0, 0)))))
                .get()
                .extracting(Violation::field, Violation::problem)
                .containsExactly("recipe.outputs[0].preset", Problem.UNKNOWN_PRESET);
        Recipe gated =
                Recipe.of(List.of(OutputSpec.of("x", "h264-review", 0, 0))).withApproval("maybe");
        assertThat(RecipeRules.planProblem(submission(gated)))
                .get()
                .extracting(Violation::problem)
                .isEqualTo(Problem.UNKNOWN_VALUE);
        assertThat(new RecipeRules().validate(gated))
                .extracting(Violation::problem)
                .containsExactly(Problem.UNKNOWN_VALUE);
    }
}
