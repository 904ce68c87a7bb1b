package io.darkroom.process.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.process.domain.ProvenanceFacts;
import io.darkroom.process.domain.ProvenanceFacts.AttemptFile;
import io.darkroom.recipe.NameTemplate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure rules of provenance (model of an output, AI tag, task file names) and of the recipe's name template. */
class ProvenanceRulesTest {
    private static final MediaInfo CLIP = new MediaInfo(
            "mov",
            "h264",
            848,
            480,
            0,
            848,
            480,
            "yuvj420p",
            30000,
            1001,
            false,
            315,
            0,
            10_510_500,
            1,
            6,
            "aac",
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

    @Test
    void onlyAnUpscaleOpNamesAModel() {
        assertThat(ProvenanceFacts.upscaleModel(List.of(new Op.LanczosUpscale(2))))
                .isEmpty();
        assertThat(ProvenanceFacts.upscaleModel(null)).isEmpty();
        assertThat(ProvenanceFacts.upscaleModel(
                        List.of(new Op.Reformat(Op.Reformat.Mode.FIT, 1920, 1080), Op.Upscale.of("esrgan-slim-x2", 2))))
                .contains("esrgan-slim-x2");
    }

    @Test
    void theModelHashIsThatOfTheFileThatRan() {
        String full = "a".repeat(64);
        String half = "b".repeat(64);
        ModelMetadata m = new ModelMetadata(
                        "esrgan-slim-x2",
                        "1.0.0",
                        2,
                        full,
                        "MIT",
                        "npm",
                        ModelMetadata.TensorSpec.nhwc255("input"),
                        ModelMetadata.TensorSpec.nhwc255("output"),
                        null)
                .withFp16(new ModelMetadata.Variant("esrgan-slim-x2.fp16.onnx", half));
        Op.Upscale fp32 = Op.Upscale.of("esrgan-slim-x2", 2);
        Op.Upscale fp16 = new Op.Upscale("esrgan-slim-x2", 2, null, null, Op.Upscale.Precision.FP16, null);
        assertThat(ProvenanceFacts.modelSha256(fp32, m)).isEqualTo(full);
        assertThat(ProvenanceFacts.modelSha256(fp16, m)).isEqualTo(half);
        assertThat(ProvenanceFacts.upscaleOp(List.of(new Op.LanczosUpscale(2), fp16)))
                .contains(fp16);
    }

    @Test
    void aiTagMatchesWhatRenderCoreWritesIntoSegments() {
        String sha = "0123456789abcdef".repeat(4);
        assertThat(ProvenanceFacts.aiTag("esrgan-slim-x2", sha)).isEqualTo("darkroom-ai:esrgan-slim-x2@0123456789ab");
        assertThat(ProvenanceFacts.aiTag("esrgan-slim-x2", null)).isEqualTo("darkroom-ai:esrgan-slim-x2");
    }

    @Test
    void taskFileNamesGiveAttemptDeliveryAndWorker() {
        assertThat(ProvenanceFacts.attemptFile("seg-00003.review.a2-d3-worker-7.host.mp4"))
                .contains(new AttemptFile(2, 3, "worker-7.host"));
        assertThat(ProvenanceFacts.attemptFile("jobs/x/y/audio.proxy.a1-d1-w1.mov"))
                .contains(new AttemptFile(1, 1, "w1"));
        assertThat(ProvenanceFacts.attemptFile("seg-00003.review.mp4")).isEmpty();
        assertThat(ProvenanceFacts.attemptFile(null)).isEmpty();
    }

    @Test
    void ffmpegVersionIsTheTokenOfTheFirstLine() {
        assertThat(ProvenanceFacts.ffmpegVersion("ffmpeg version 8.1.2 Copyright (c) 2000-2025\nbuilt with gcc"))
                .isEqualTo("8.1.2");
        assertThat(ProvenanceFacts.ffmpegVersion("something else\n")).isEqualTo("something else");
        assertThat(ProvenanceFacts.ffmpegVersion("")).isNull();
    }

    @Test
    void recipeTemplateWinsOverTheDefaultAndABadOneIsRefusedAtPlanning() {
        NameTemplate fallback = NameTemplate.parse(NameTemplate.DEFAULT);
        Recipe own = Recipe.of(List.of(OutputSpec.of("review", "h264-review", 0, 0)))
                .withShow("Show")
                .withNameTemplate("{show}-{clip}.{ext}");
        Recipe none = Recipe.of(List.of(OutputSpec.of("review", "h264-review", 0, 0)));
        Map<String, String> values =
                Map.of("show", "Show", "clip", "A001", "output", "review", "ext", "mp4", "reel", "A001");
        assertThat(OutputNames.templateFor(own, fallback).render(values, 0)).isEqualTo("Show-A001.mp4");
        assertThat(OutputNames.templateFor(none, fallback).render(values, 0)).isEqualTo("A001_review.mp4");
        assertThat(none.nameTemplate()).isNull();

        assertThat(SubmissionService.problemOf(submission(own))).isNull();
        assertThat(SubmissionService.problemOf(
                        submission(Recipe.of(own.outputs()).withNameTemplate("{output}.{ext}"))))
                .startsWith("recipe nameTemplate is invalid: ")
                .contains("{output}.{ext}");
        assertThat(SubmissionService.problemOf(
                        submission(Recipe.of(own.outputs()).withNameTemplate("{clip}_{bogus}"))))
                .contains("unknown field {bogus");
    }

    /**
     * The planner refuses what a worker would refuse: a dnxhr-lb output fitted into 200x112 (DNxHR needs 256x120)
     * used to be planned and then failed every task at the worker as UNSUPPORTED.
     */
    @Test
    void theGuardRefusesAPresetBelowItsMinimumAtTheFinalSize() {
        assertThat(SubmissionService.problemOf(
                        submission(Recipe.of(List.of(OutputSpec.of("tiny", "dnxhr-lb", 200, 112))))))
                .contains("'tiny'", "256x120");
        assertThat(SubmissionService.problemOf(submission(Recipe.of(List.of(OutputSpec.of("edit", "dnxhr-lb", 0, 0))))))
                .isNull();
    }

    private static JobSubmitted submission(Recipe recipe) {
        return new JobSubmitted(
                JobSubmitted.SCHEMA,
                "j",
                "n",
                0,
                "cpu",
                recipe,
                List.of(new JobSubmitted.ProbedSource("A001", new SourceRef("media", "a.mov"), CLIP)),
                new SourceRef("out", "x"),
                "it",
                Instant.now(),
                null,
                null);
    }
}
