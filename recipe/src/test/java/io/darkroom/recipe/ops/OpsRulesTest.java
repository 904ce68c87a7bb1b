package io.darkroom.recipe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.recipe.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsRulesTest {
    @TempDir
    Path tmp;

    @Test
    void problemsNameTheField() {
        List<Op> ops = List.of(
                new Op.Lut3d(new SourceRef("media", "luts/x.png")),
                new Op.Cdl(List.of(1.0, -1.0, 1.0), null, List.of(1.0, 0.0), 2.0, null, "x"),
                new Op.Reformat(null, 1921, 8),
                new Op.Deinterlace(Op.Deinterlace.Mode.AUTO),
                new Op.BurnIn(" ", null, 80.0, true, 1.5),
                new Op.Watermark("ok {clip}", -0.1, null, null));
        List<Violation> p = OpsRules.validate("recipe.ops", ops);
        assertThat(p)
                .extracting(Violation::field)
                .containsExactly(
                        "recipe.ops[0].file",
                        "recipe.ops[1].id",
                        "recipe.ops[1].slope[1]",
                        "recipe.ops[1].power",
                        "recipe.ops[2].mode",
                        "recipe.ops[2].width",
                        "recipe.ops[2].height",
                        "recipe.ops[3]",
                        "recipe.ops[4].text",
                        "recipe.ops[4].size",
                        "recipe.ops[4].opacity",
                        "recipe.ops[5].opacity");
        assertThat(p.get(3).message()).contains("needs 3 numbers");
        assertThat(OpsRules.validate(
                        "ops",
                        List.of(
                                new Op.Deinterlace(null),
                                new Op.BurnIn("TC {tc} %{pts} [x]", Op.Position.BOTTOM_RIGHT, null, null, null))))
                .isEmpty();
    }

    @Test
    void filesAreParsedAtSubmitTime() throws Exception {
        Files.writeString(tmp.resolve("bad.cube"), "LUT_3D_SIZE 2\n0 0 0\n");
        Files.writeString(tmp.resolve("g.ccc"), CdlParserTest.CCC);
        List<Op> ops = List.of(
                new Op.Lut3d(new SourceRef("tmp", "bad.cube")),
                Op.Cdl.fromFile(new SourceRef("tmp", "g.ccc"), "nope"),
                new Op.Lut3d(new SourceRef("tmp", "missing.cube")),
                new Op.Lut3d(new SourceRef("media", TestFiles.LOGC)));
        List<Violation> p = OpsRules.validateFiles("ops", ops, TestFiles.files(tmp));
        assertThat(p).extracting(Violation::field).containsExactly("ops[0].file", "ops[1].id", "ops[2].file");
        assertThat(p.get(0).message()).contains("bad.cube line 2: end of file");
        assertThat(p.get(2).message()).contains("tmp:missing.cube");
    }

    @Test
    void jsonRoundTrip() throws Exception {
        String json =
                """
                [{"op":"lut3d","file":{"root":"media","path":"luts/a.cube"}},
                 {"op":"cdl","slope":[1.1,1,0.9],"offset":[0,0,0],"power":[1,1,1],"saturation":0.9},
                 {"op":"cdl","file":{"root":"media","path":"grades/day1.ccc"},"id":"sh010"},
                 {"op":"reformat","mode":"letterbox","width":1920,"height":1080},
                 {"op":"deinterlace","mode":"bwdif"},
                 {"op":"burnIn","text":"{clip} {tc}","position":"bottom-right","size":3.5,"box":true,"opacity":0.8},
                 {"op":"watermark","text":"CONFIDENTIAL","opacity":0.2}]
                """;
        Op[] ops = Json.mapper().readValue(json, Op[].class);
        assertThat(ops[3]).isEqualTo(new Op.Reformat(Op.Reformat.Mode.LETTERBOX, 1920, 1080));
        assertThat(ops[5]).isEqualTo(new Op.BurnIn("{clip} {tc}", Op.Position.BOTTOM_RIGHT, 3.5, true, 0.8));
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(ops), Op[].class))
                .containsExactly(ops);
    }
}
