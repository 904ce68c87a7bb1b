package io.darkroom.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.ingest.rest.CatalogResource;
import io.darkroom.ingest.testing.TestMedia;
import io.darkroom.media.StorageRoots;
import io.darkroom.models.convert.TfjsImporter;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.tfjs.NpmPack;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /models and the upscale op's model / device checks, with esrgan-slim x2 imported from its npm package. */
class ModelValidationTest {
    private static final String SLIM = "@upscalerjs/esrgan-slim@1.0.0";
    private static final String JOB = "11111111-2222-3333-4444-555555555555";
    private static final MediaInfo FAKE_INFO = new MediaInfo(
            "mov,mp4", "h264", 1920, 1080, 0, 1920, 1080, "yuv420p", 30000, 1001, false, 100, 0, 3_336_666, 1, 2, "aac",
            null, 1000, null, null, null, null, null, null, false, null, null, false);
    static Path registryDir;
    static ModelMetadata imported;

    @BeforeAll
    static void importModel() throws IOException {
        assumeTrue(
                NpmPack.npmAvailable(),
                "npm is not on the PATH: the pretrained esrgan weights are fetched with `npm pack " + SLIM + "`");
        Path pkg = NpmPack.fetch(SLIM, Path.of(System.getProperty("user.dir"), "target", "npm"));
        registryDir = Files.createTempDirectory("ingest-models");
        imported = TfjsImporter.importInto(new ModelRegistry(registryDir), NpmPack.modelDir(pkg, 2), null);
    }

    private static JobRequestValidator validator(ModelCatalog models) throws IOException {
        StorageRoots roots = new StorageRoots(
                Map.of("media", TestMedia.mediaRoot(), "out", Files.createTempDirectory("ingest-out")));
        return new JobRequestValidator(roots, List.of("cpu", "gpu"), f -> FAKE_INFO, models);
    }

    private static JobRequest request(String pool, List<Op> recipeOps, List<Op> outputOps) {
        OutputSpec out = OutputSpec.of("master", "ffv1-master", 1920, 1080).withOps(outputOps);
        return new JobRequest(
                        "upscale",
                        50,
                        pool,
                        "vfx@set",
                        List.of(new SourceRef("media", TestMedia.GOPRO)),
                        Recipe.of(List.of(out)).withSegmentFrames(300).withOps(recipeOps),
                        new SourceRef("out", "up"))
                .withDefaults(JOB);
    }

    @Test
    void modelsListsTheImportedModel() {
        List<ModelCatalog.ModelView> models = new CatalogResource(null, new ModelCatalog(registryDir)).models();
        assertThat(models)
                .extracting(
                        ModelCatalog.ModelView::name,
                        ModelCatalog.ModelView::version,
                        ModelCatalog.ModelView::scale,
                        ModelCatalog.ModelView::sha256,
                        ModelCatalog.ModelView::licence)
                .containsExactly(tuple("esrgan-slim-x2", "1.0.0", 2, imported.sha256(), "MIT"));
        assertThat(models.get(0).source()).startsWith("npm:@upscalerjs/esrgan-slim@1.0.0");
        assertThat(new CatalogResource(null, ModelCatalog.none()).models()).isEmpty();
    }

    @Test
    void aKnownModelPassesAnUnknownOneIs422UnknownModel() throws IOException {
        JobRequestValidator v = validator(new ModelCatalog(registryDir));
        assertThat(v.validate(request("cpu", List.of(Op.Upscale.of("esrgan-slim-x2", 2)), null))
                        .violations())
                .isEmpty();

        Validation bad = v.validate(request(
                "cpu",
                List.of(new Op.Reformat(Op.Reformat.Mode.CROP, 96, 64), Op.Upscale.of("esrgan-huge-x2", 2)),
                null));
        assertThat(bad.violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("recipe.ops[1].model", Problem.UNKNOWN_MODEL));
        assertThat(bad.violations().get(0).message()).contains("esrgan-huge-x2");

        // no registry configured: every registry name is unknown
        assertThat(validator(ModelCatalog.none())
                        .validate(request("cpu", null, List.of(Op.Upscale.of("esrgan-slim-x2", 2))))
                        .violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("recipe.outputs[0].ops[0].model", Problem.UNKNOWN_MODEL));
    }

    /**
     * An upscale op may pin the model's SHA-256 (the planner holds it to the trusted catalog's); a pin that is not
     * 64 lower-case hex digits is refused here, naming the field. A model file in place of a name is refused too.
     */
    @Test
    void aHashPinMustBe64LowerCaseHexAndAModelFileIsRefused() throws IOException {
        JobRequestValidator v = validator(new ModelCatalog(registryDir));
        Op.Upscale slim = Op.Upscale.of("esrgan-slim-x2", 2);
        assertThat(v.validate(request("cpu", List.of(slim.withSha256(imported.sha256())), null))
                        .violations())
                .isEmpty();
        for (String bad : List.of(
                "abc",
                imported.sha256().toUpperCase(java.util.Locale.ROOT),
                imported.sha256() + "0",
                "sha256:" + imported.sha256().substring(7),
                "")) {
            Validation refused = v.validate(request("cpu", null, List.of(slim.withSha256(bad))));
            assertThat(refused.violations())
                    .as(bad)
                    .extracting(Violation::field, Violation::problem)
                    .containsExactly(tuple("recipe.outputs[0].ops[0].sha256", Problem.INVALID_VALUE));
            assertThat(refused.violations().get(0).message()).contains("64 lower-case hex");
        }

        Validation file = v.validate(request("cpu", List.of(Op.Upscale.of("media:models/team.onnx", 2)), null));
        assertThat(file.violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("recipe.ops[0].model", Problem.INVALID_OP));
        assertThat(file.violations().get(0).message()).contains("registry models only", "POST /models");
    }

    @Test
    void rangesAndDeviceGpuNeedsTheGpuPool() throws IOException {
        JobRequestValidator v = validator(new ModelCatalog(registryDir));
        Op gpu = new Op.Upscale("esrgan-slim-x2", 2, 256, 64, Op.Upscale.Precision.FP16, Op.Upscale.Device.GPU);
        assertThat(v.validate(request("gpu", List.of(gpu), null)).violations()).isEmpty();
        assertThat(v.validate(request("cpu", List.of(gpu), null)).violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("pool", Problem.CONFLICT));

        // fp16 runs a registry model's float16 variant on any device
        Op half = new Op.Upscale("esrgan-slim-x2", 2, null, null, Op.Upscale.Precision.FP16, Op.Upscale.Device.AUTO);
        assertThat(v.validate(request("cpu", List.of(half), null)).violations()).isEmpty();

        Op bad = new Op.Upscale("media:models/team.onnx", 5, 16, 9, Op.Upscale.Precision.FP16, Op.Upscale.Device.AUTO);
        assertThat(v.validate(request("cpu", List.of(bad, new Op.LanczosUpscale(1)), null))
                        .violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactlyInAnyOrder(
                        tuple("recipe.ops[0].scale", Problem.OUT_OF_RANGE),
                        tuple("recipe.ops[0].tile", Problem.OUT_OF_RANGE),
                        tuple("recipe.ops[0].overlap", Problem.OUT_OF_RANGE),
                        tuple("recipe.ops[0].model", Problem.INVALID_OP),
                        tuple("recipe.ops[1]", Problem.INVALID_OP),
                        tuple("recipe.ops[1].scale", Problem.OUT_OF_RANGE));
    }
}
