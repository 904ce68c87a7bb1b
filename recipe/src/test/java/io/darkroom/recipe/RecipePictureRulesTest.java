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

/**
 * The recipe's picture settings (desqueeze, vbiCrop, keepAnamorphic) and its damagedSource policy: refused by name at
 * ingest and in the planner.
 */
class RecipePictureRulesTest {
    private static final OutputSpec REVIEW = OutputSpec.of("review", "h264-review", 1280, 720);
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

    private static Recipe picture(Double desqueeze, String vbiCrop, OutputSpec... outputs) {
        return Recipe.of(List.of(outputs.length == 0 ? new OutputSpec[] {REVIEW} : outputs))
                .withDesqueeze(desqueeze)
                .withVbiCrop(vbiCrop);
    }

    @Test
    void aDesqueezeIsALensFactorBetweenOneAndFour() {
        for (double bad : new double[] {0, -2, 0.5, 4.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            List<Violation> v = new RecipeRules().validate(picture(bad, null));
            assertThat(v)
                    .as("desqueeze %s", bad)
                    .extracting(Violation::field, Violation::problem)
                    .containsExactly(tuple("recipe.desqueeze", Problem.OUT_OF_RANGE));
            assertThat(v.get(0).message()).contains("between 1.0 and 4.0", "got " + bad);
            assertThat(Problem.OUT_OF_RANGE.status()).isEqualTo(422);
        }
        assertThat(new RecipeRules().validate(picture(1.3333, null)))
                .extracting(Violation::problem)
                .containsExactly(Problem.INVALID_VALUE);
        for (double good : new double[] {2.0, 1.8, 1.5, 1.33, 1.333, 1.0, 4.0}) {
            assertThat(new RecipeRules().validate(picture(good, null)))
                    .as("desqueeze %s", good)
                    .isEmpty();
        }
    }

    @Test
    void vbiCropIsAutoOrNone() {
        assertThat(new RecipeRules().validate(picture(null, "auto"))).isEmpty();
        assertThat(new RecipeRules().validate(picture(null, "none"))).isEmpty();
        List<Violation> v = new RecipeRules().validate(picture(null, "yes"));
        assertThat(v)
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("recipe.vbiCrop", Problem.UNKNOWN_VALUE));
        assertThat(v.get(0).allowed()).containsExactly("auto", "none");
    }

    @Test
    void damagedSourceIsSalvageOrFailAndAnythingElseIs422() {
        for (String ok : new String[] {null, "salvage", "fail"}) {
            Recipe r = new Recipe(List.of(REVIEW), null, null, null, null, null, null, null, null, ok);
            assertThat(new RecipeRules().validate(r)).as("damagedSource %s", ok).isEmpty();
            assertThat(r.failsDamagedSources()).isEqualTo("fail".equals(ok));
        }
        List<Violation> v = new RecipeRules()
                .validate(new Recipe(List.of(REVIEW), null, null, null, null, null, null, null, null, "repair"));
        assertThat(v)
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("recipe.damagedSource", Problem.UNKNOWN_VALUE));
        assertThat(v.get(0).message()).contains("'repair'");
        assertThat(v.get(0).allowed()).containsExactly("salvage", "fail");
        assertThat(Problem.UNKNOWN_VALUE.status()).isEqualTo(422);
    }

    @Test
    void keepAnamorphicCannotMeetAReformatOrUpscale() {
        OutputSpec kept = new OutputSpec(
                "sd",
                "prores-proxy",
                0,
                0,
                null,
                List.of(new Op.Reformat(Op.Reformat.Mode.FIT, 1280, 720)),
                null,
                true);
        assertThat(new RecipeRules().validate(picture(null, null, kept)))
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("recipe.outputs[0].keepAnamorphic", Problem.NOT_APPLICABLE));
        OutputSpec plain = new OutputSpec("sd", "prores-proxy", 0, 0, null, null, null, true);
        assertThat(new RecipeRules().validate(picture(null, null, plain))).isEmpty();
    }

    @Test
    void thePlannerGuardRefusesTheSameSettings() {
        JobSubmitted s = new JobSubmitted(
                JobSubmitted.SCHEMA,
                "j",
                "n",
                0,
                "cpu",
                picture(0.0, null),
                List.of(new JobSubmitted.ProbedSource("A001", new SourceRef("media", "a.mov"), HD)),
                new SourceRef("out", "x"),
                "it",
                Instant.now(),
                null,
                null);
        assertThat(RecipeRules.planProblem(s))
                .get()
                .extracting(Violation::field, Violation::problem)
                .containsExactly("recipe.desqueeze", Problem.OUT_OF_RANGE);
    }
}
