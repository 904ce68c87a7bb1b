package io.darkroom.process.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.QualityReference;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceLookupTest {

    @Test
    void theReferenceOfANamedOutputIsFoundAndOthersHaveNone() {
        QualityReference ref = new QualityReference(new SourceRef("media", "refs/a001_review.mp4"), 38.0, 0.97);
        Recipe recipe = Recipe.of(List.of(
                OutputSpec.of("review", "h264-review", 1280, 720).withReference(ref),
                OutputSpec.of("editorial", "prores-proxy", 0, 0).withOps(List.of())));
        assertThat(AssemblyService.referenceOf(recipe, "review")).isEqualTo(ref);
        assertThat(AssemblyService.referenceOf(recipe, "editorial")).isNull();
        assertThat(AssemblyService.referenceOf(recipe, "unknown")).isNull();
        assertThat(AssemblyService.referenceOf(null, "review")).isNull();
    }

    @Test
    void thresholdsOutOfRangeAreNamed() {
        QualityReference bad = new QualityReference(new SourceRef("media", "x.mp4"), 0.0, 1.5);
        assertThat(bad.thresholdProblems())
                .containsExactly("minPsnr must be in (0, 100] dB, was 0.0", "minSsim must be in (0, 1], was 1.5");
        assertThat(new QualityReference(new SourceRef("media", "x.mp4"), 35.0, null).thresholdProblems())
                .isEmpty();
    }
}
