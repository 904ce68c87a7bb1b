package io.darkroom.recipe.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.recipe.FileBudgets;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.RecipeFiles;
import io.darkroom.recipe.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe's files are weighed before they are read: LUT, CDL and image sizes, and the 3D LUT's edge. */
class FileBudgetsTest {
    @TempDir
    Path tmp;

    private RecipeFiles files(FileBudgets budgets) {
        return new RecipeFiles(ref -> TestFiles.resolve(tmp, ref), f -> null, budgets);
    }

    /** A valid identity 3D LUT of the given edge. */
    private Path cube(String name, int edge) throws IOException {
        StringBuilder b = new StringBuilder("LUT_3D_SIZE " + edge + "\n");
        for (int bl = 0; bl < edge; bl++) {
            for (int g = 0; g < edge; g++) {
                for (int r = 0; r < edge; r++) {
                    b.append(r / (edge - 1.0))
                            .append(' ')
                            .append(g / (edge - 1.0))
                            .append(' ')
                            .append(bl / (edge - 1.0))
                            .append('\n');
                }
            }
        }
        return Files.writeString(tmp.resolve(name), b);
    }

    @Test
    void aFileOverItsBudgetIsRefusedBeforeItIsParsedNamingTheSetting() throws IOException {
        cube("big.cube", 17);
        Files.writeString(tmp.resolve("grade.cdl"), "x".repeat(2000));
        Files.write(tmp.resolve("logo.png"), new byte[5000]);
        List<Op> ops = List.of(
                new Op.Lut3d(new SourceRef("tmp", "big.cube")),
                Op.Cdl.fromFile(new SourceRef("tmp", "grade.cdl"), null),
                new Op.WatermarkImage(new SourceRef("tmp", "logo.png"), null, null, null));

        List<Violation> v = OpsRules.validateFiles("ops", ops, files(new FileBudgets(1000, 1000, 1000, 129)));

        assertThat(v)
                .extracting(Violation::field, Violation::problem)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ops[0].file", Problem.OVER_BUDGET),
                        org.assertj.core.groups.Tuple.tuple("ops[1].file", Problem.OVER_BUDGET),
                        org.assertj.core.groups.Tuple.tuple("ops[2].file", Problem.OVER_BUDGET));
        assertThat(v.get(0).message())
                .contains("big.cube: the file is ")
                .contains("this site takes LUT files up to 1000 bytes (darkroom.budgets.lut-bytes)");
        assertThat(v.get(1).message()).contains("(darkroom.budgets.cdl-bytes)");
        assertThat(v.get(2).message())
                .contains("watermark image files up to 1000 bytes (darkroom.budgets.image-bytes)");
    }

    @Test
    void aLutLargerThanTheSiteTakesIsRefusedAndOneWithinPasses() throws IOException {
        cube("33.cube", 33);
        List<Op> ops = List.of(new Op.Lut3d(new SourceRef("tmp", "33.cube")));

        List<Violation> small =
                OpsRules.validateFiles("ops", ops, files(new FileBudgets(64L << 20, 1 << 20, 1 << 20, 17)));
        assertThat(small).singleElement().satisfies(x -> {
            assertThat(x.problem()).isEqualTo(Problem.OVER_BUDGET);
            assertThat(x.message())
                    .contains("a 33x33x33 LUT; this site takes 3D LUTs up to 17 per side (darkroom.budgets.lut-size)");
        });
        assertThat(OpsRules.validateFiles("ops", ops, files(FileBudgets.DEFAULTS)))
                .isEmpty();
    }

    @Test
    void budgetsMustBePositive() {
        assertThatThrownBy(() -> new FileBudgets(0, 1, 1, 17)).hasMessageContaining("lut-bytes 0");
        assertThat(new RecipeFiles(r -> null, null, null).budgets()).isEqualTo(FileBudgets.DEFAULTS);
    }
}
