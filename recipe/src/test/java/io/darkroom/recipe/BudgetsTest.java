package io.darkroom.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.ops.Op;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetsTest {
    private static MediaInfo media(int w, int h, long frames, int audio) {
        return new MediaInfo(
                "mov,mp4",
                "h264",
                w,
                h,
                0,
                w,
                h,
                "yuv420p",
                25,
                1,
                false,
                frames,
                0,
                frames * 40_000,
                audio,
                audio > 0 ? 2 : 0,
                audio > 0 ? "aac" : null,
                null,
                1000,
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
    }

    private static Recipe recipe(Integer segmentFrames, List<Op> ops) {
        return Recipe.of(List.of(OutputSpec.of("master", "prores-proxy", 0, 0)))
                .withSegmentFrames(segmentFrames)
                .withOps(ops);
    }

    @Test
    void aReformatTo8kThenAFourTimesUpscaleIsOverTheOutputBudgetAtSubmit() {
        Recipe huge =
                recipe(null, List.of(new Op.Reformat(Op.Reformat.Mode.FILL, 8192, 8192), new Op.LanczosUpscale(4)));
        assertThat(Budgets.DEFAULTS.check(huge, List.of(media(1920, 1080, 100, 0))))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("recipe.outputs[0]");
                    assertThat(v.problem()).isEqualTo(Problem.OVER_BUDGET);
                    assertThat(v.message())
                            .contains("32768x32768", "1073.7 Mpx", "67.1 Mpx", "darkroom.budgets.output-pixels");
                });
        Recipe fits =
                recipe(null, List.of(new Op.Reformat(Op.Reformat.Mode.FILL, 4096, 2160), new Op.LanczosUpscale(2)));
        assertThat(Budgets.DEFAULTS.check(fits, List.of(media(1920, 1080, 100, 0))))
                .isEmpty();
    }

    @Test
    void aSourceLargerThanTheBudgetIsNamed() {
        Budgets small = new Budgets(Budgets.DEFAULT_OUTPUT_PIXELS, 3840L * 2160, 100, 300);
        assertThat(small.check(recipe(null, null), List.of(media(1920, 1080, 10, 0), media(8192, 4320, 10, 0))))
                .extracting(Violation::field, Violation::problem)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sources[1]", Problem.OVER_BUDGET));
    }

    @Test
    void tasksAreCountedAsThePlannerPlansThem() {
        Budgets b = new Budgets(Budgets.DEFAULT_OUTPUT_PIXELS, Budgets.DEFAULT_SOURCE_PIXELS, 20_000, 300);
        // 601 frames in 300-frame segments: 3 segments, plus the audio task
        assertThat(b.tasks(recipe(null, null), List.of(media(64, 64, 601, 1)))).isEqualTo(4);
        assertThat(b.tasks(recipe(100, null), List.of(media(64, 64, 601, 0)))).isEqualTo(7);
        // 1000 sources x 300 frames in 1-frame segments: far over
        List<MediaInfo> day = Collections.nCopies(1000, media(64, 64, 300, 0));
        assertThat(b.check(recipe(1, null), day)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("recipe.segmentFrames");
            assertThat(v.message()).contains("300000 tasks", "at most 20000");
        });
        assertThat(b.check(recipe(null, null), day))
                .as("the same day in 300-frame segments")
                .isEmpty();
    }

    @Test
    void budgetsMustBePositive() {
        assertThatThrownBy(() -> new Budgets(0, 1, 1, 1)).hasMessageContaining("output-pixels 0");
    }
}
