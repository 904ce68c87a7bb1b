package io.darkroom.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.QualityReference;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RootRulesTest {
    private final StorageRoots roots =
            new StorageRoots(Map.of("media", Path.of("/m"), "work", Path.of("/w"), "out", Path.of("/o")));
    private final SourceRef clip = new SourceRef("media", "A001.mov");

    private static Recipe recipe(List<Op> ops, QualityReference ref) {
        return Recipe.of(List.of(OutputSpec.of("review", "h264-review", 0, 0)
                        .withOps(List.of(new Op.Lut3d(new SourceRef("media", "show.cube"))))
                        .withReference(ref)))
                .withOps(ops);
    }

    @Test
    void everyFileARecipeNamesIsFoundWithItsField() {
        Recipe r = recipe(
                List.of(
                        new Op.BurnIn("{clip}", null, null, null, null),
                        Op.Cdl.fromFile(new SourceRef("media", "g.cdl"), null),
                        new Op.WatermarkImage(new SourceRef("media", "logo.png"), 0.5, null, 10.0)),
                new QualityReference(new SourceRef("media", "ref.mov"), 30.0, null));
        assertThat(RootRules.files(r))
                .containsOnlyKeys(
                        "recipe.ops[1].file",
                        "recipe.ops[2].file",
                        "recipe.outputs[0].ops[0].file",
                        "recipe.outputs[0].reference.file");
    }

    @Test
    void aJobReadingMediaAndWritingOutIsAllowed() {
        assertThat(RootRules.problem(roots, List.of(clip), recipe(null, null), new SourceRef("out", "day01")))
                .isEmpty();
    }

    @Test
    void eachBrokenRuleIsNamedByItsField() {
        assertThat(RootRules.problem(roots, List.of(clip), recipe(null, null), new SourceRef("media", "x")))
                .contains("destination: root 'media' is read-only; outputs go to a writable root (out)");
        assertThat(RootRules.problem(
                        roots,
                        List.of(clip, new SourceRef("work", "jobs/x.mov")),
                        recipe(null, null),
                        new SourceRef("out", "x")))
                .contains("sources[1]: root 'work' is internal; jobs read from media, out");
        assertThat(RootRules.problem(
                        roots,
                        List.of(clip),
                        recipe(
                                null,
                                new QualityReference(new SourceRef("work", "provenance-key/private.pem"), null, null)),
                        new SourceRef("out", "x")))
                .hasValueSatisfying(p -> assertThat(p).startsWith("recipe.outputs[0].reference.file: root 'work'"));
        assertThat(RootRules.problem(roots, List.of(new SourceRef("nas", "a.mov")), null, null))
                .contains("sources[0]: unknown storage root 'nas'");
        assertThat(RootRules.problem(roots, List.of(clip), null, new SourceRef("work", "provenance-key")))
                .contains("destination: root 'work' is internal; outputs go to a writable root (out)");
    }
}
