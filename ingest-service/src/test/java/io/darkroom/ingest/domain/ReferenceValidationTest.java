package io.darkroom.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.QualityReference;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.ingest.testing.TestMedia;
import io.darkroom.media.StorageRoots;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.RecipeFiles;
import io.darkroom.recipe.RecipeRules;
import io.darkroom.recipe.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An output's optional reference render (PSNR/SSIM after QC): thresholds and file checked at submit. */
class ReferenceValidationTest {
    private final StorageRoots roots = new StorageRoots(Map.of("media", TestMedia.mediaRoot()));
    private final RecipeRules validator = new RecipeRules(new RecipeFiles(roots::resolveExisting, null, null), null);

    private List<Violation> validate(QualityReference ref) {
        return validator.validate(Recipe.of(
                List.of(OutputSpec.of("review", "h264-review", 1280, 720).withReference(ref))));
    }

    @Test
    void aReferenceInsideARootWithSaneThresholdsIsAccepted() {
        assertThat(validate(new QualityReference(new SourceRef("media", TestMedia.GOPRO), 35.0, 0.95)))
                .isEmpty();
    }

    @Test
    void thresholdsOutOfRangeAreRefused() {
        assertThat(validate(new QualityReference(new SourceRef("media", TestMedia.GOPRO), 150.0, 0.0)))
                .extracting(Violation::field, Violation::problem)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("recipe.outputs[0].reference", Problem.OUT_OF_RANGE),
                        org.assertj.core.groups.Tuple.tuple("recipe.outputs[0].reference", Problem.OUT_OF_RANGE));
    }

    @Test
    void aReferenceEscapingItsRootOrMissingIsRefusedNamingTheField() {
        assertThat(validate(new QualityReference(new SourceRef("media", "../../etc/passwd"), null, null)))
                .extracting(Violation::field, Violation::problem)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("recipe.outputs[0].reference.file", Problem.ESCAPES_ROOT));
        assertThat(validate(new QualityReference(new SourceRef("media", "nope/missing.mp4"), null, null)))
                .extracting(Violation::problem)
                .containsExactly(Problem.NOT_FOUND);
        assertThat(validate(new QualityReference(null, 30.0, null)))
                .extracting(Violation::field, Violation::problem)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("recipe.outputs[0].reference.file", Problem.MISSING));
    }
}
