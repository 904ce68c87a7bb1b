package io.darkroom.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.ops.Op;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON of the recipe ops and the fields that came with them: round trips, and old messages still read. */
class OpsJsonTest {
    private static final List<Op> OPS = List.of(
            new Op.Deinterlace(Op.Deinterlace.Mode.AUTO),
            new Op.Lut3d(new SourceRef("media", "luts/show.cube")),
            Op.Cdl.of(new double[] {1.1, 1.0, 0.9}, new double[] {0.01, 0, -0.01}, new double[] {1, 1, 1.05}, 0.9),
            Op.Cdl.fromFile(new SourceRef("media", "grades/a001.ccc"), "shot_12"),
            new Op.Reformat(Op.Reformat.Mode.LETTERBOX, 1920, 1080),
            new Op.BurnIn("{tc} / {frame}", Op.Position.BOTTOM_LEFT, 4.0, true, 1.0),
            new Op.Watermark("FOR REVIEW ONLY – {show}", 0.25, Op.Position.CENTRE, null),
            new Op.ToneMap(Op.ToneMap.Mode.NONE));

    @Test
    void recipeWithOpsRoundTrips() {
        Recipe recipe = Recipe.of(List.of(
                        OutputSpec.of("review", "h264-review", 1280, 720).withCrf(23),
                        OutputSpec.of("master", "ffv1-master", 0, 0).withOps(List.of())))
                .withSegmentFrames(120)
                .withOps(OPS)
                .withShow("Nightfall");
        String json = Json.write(recipe);
        assertThat(json)
                .contains(
                        "\"op\":\"lut3d\"",
                        "\"op\":\"burnIn\"",
                        "\"op\":\"toneMap\"",
                        "\"mode\":\"letterbox\"",
                        "\"position\":\"bottom-left\"",
                        "\"show\":\"Nightfall\"");
        Recipe back = Json.read(json, Recipe.class);
        assertThat(back).isEqualTo(recipe);
        assertThat(back.effectiveOps(back.outputs().get(0))).isEqualTo(OPS);
        assertThat(back.effectiveOps(back.outputs().get(1))).isEmpty();
    }

    @Test
    void renderTaskWithOpsRoundTrips() {
        RenderTask task = new RenderTask(
                RenderTask.SCHEMA,
                "t1",
                "j1",
                "c1",
                2,
                RenderTask.TaskKind.VIDEO_SEGMENT,
                new SourceRef("media", "a.mp4"),
                1,
                3_000_000,
                6_000_000,
                90,
                30000,
                1001,
                90,
                List.of(
                        RenderTask.RenderOutput.of("review", "h264-review", 720, 1280)
                                .withOps(OPS),
                        RenderTask.RenderOutput.of("master", "ffv1-master", 720, 1280)),
                new SourceRef("work", "jobs/j1/c1/seg-00001"),
                "A001_C003",
                "Nightfall",
                LocalDate.of(2026, 3, 14),
                "15:44:35;10",
                null);
        String json = Json.write(task);
        assertThat(json)
                .contains(
                        "\"jobDate\":\"2026-03-14\"",
                        "\"sourceTimecode\":\"15:44:35;10\"",
                        "\"clipName\":\"A001_C003\"");
        RenderTask back = Json.read(json, RenderTask.class);
        assertThat(back).isEqualTo(task);
        assertThat(back.outputs().get(0).hasOps()).isTrue();
        assertThat(back.outputs().get(1).hasOps()).isFalse();
    }

    @Test
    void oldJsonWithoutTheNewFieldsReads() {
        String oldRecipe = "{\"outputs\":[{\"name\":\"review\",\"preset\":\"h264-review\",\"maxWidth\":640,"
                + "\"maxHeight\":360}],\"segmentFrames\":300}";
        Recipe r = Json.read(oldRecipe, Recipe.class);
        assertThat(r)
                .isEqualTo(Recipe.of(List.of(OutputSpec.of("review", "h264-review", 640, 360)))
                        .withSegmentFrames(300));
        assertThat(r.ops()).isNull();
        assertThat(r.show()).isNull();
        assertThat(r.effectiveOps(r.outputs().get(0))).isEmpty();

        String oldTask = "{\"schema\":1,\"taskId\":\"t\",\"jobId\":\"j\",\"clipId\":\"c\",\"attempt\":1,"
                + "\"kind\":\"VIDEO_SEGMENT\",\"source\":{\"root\":\"media\",\"path\":\"a.mp4\"},\"segmentIndex\":0,"
                + "\"startUs\":-16683,\"endUs\":9223372036854775807,\"expectedFrames\":10,\"fpsNum\":30,\"fpsDen\":1,"
                + "\"rotation\":0,\"outputs\":[{\"name\":\"review\",\"preset\":\"h264-review\",\"width\":640,"
                + "\"height\":360}],\"outputPrefix\":{\"root\":\"work\",\"path\":\"x\"}}";
        RenderTask t = Json.read(oldTask, RenderTask.class);
        assertThat(t.outputs().get(0).ops()).isNull();
        assertThat(t.clipName()).isNull();
        assertThat(t.jobDate()).isNull();
        assertThat(t.sourceTimecode()).isNull();
        assertThat(t.endUs()).isEqualTo(Long.MAX_VALUE);

        String oldMedia = "{\"container\":\"mov\",\"videoCodec\":\"h264\",\"width\":848,\"height\":480,"
                + "\"fpsNum\":30000,\"fpsDen\":1001,\"frameCount\":315,\"timecode\":\"15:44:35:10\"}";
        MediaInfo m = Json.read(oldMedia, MediaInfo.class);
        assertThat(m.colorTransfer()).isNull();
        assertThat(m.fieldOrder()).isNull();
        assertThat(m.hdr()).isFalse();
        assertThat(m.interlaced()).isFalse();

        String oldSubmitted = "{\"schema\":1,\"jobId\":\"j\",\"priority\":50,\"pool\":\"cpu\","
                + "\"submittedAt\":\"2026-03-14T23:30:00Z\",\"recipe\":{\"outputs\":[]}}";
        JobSubmitted s = Json.read(oldSubmitted, JobSubmitted.class);
        assertThat(s.jobDate()).isNull();
        assertThat(s.effectiveJobDate()).isEqualTo(LocalDate.of(2026, 3, 14));
    }

    @Test
    void newMediaAndSubmissionFieldsRoundTrip() {
        MediaInfo m = new MediaInfo(
                        "mov",
                        "hevc",
                        1920,
                        1080,
                        90,
                        1080,
                        1920,
                        "yuv420p10le",
                        30,
                        1,
                        false,
                        60,
                        0,
                        2_000_000,
                        1,
                        2,
                        "aac",
                        null,
                        1234,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false,
                        null,
                        null,
                        false)
                .withPictureDetails("tv", "bt2020nc", "arib-std-b67", "bt2020", "progressive", "1:1");
        assertThat(Json.read(Json.write(m), MediaInfo.class)).isEqualTo(m);
        assertThat(m.hdr()).isTrue();
        JobSubmitted s = new JobSubmitted(
                1,
                "j",
                "n",
                50,
                "cpu",
                Recipe.of(List.of()).withOps(OPS).withShow("S"),
                List.of(),
                new SourceRef("out", "j"),
                "me",
                Instant.parse("2026-03-14T23:30:00Z"),
                LocalDate.of(2026, 3, 15),
                null);
        JobSubmitted back = Json.read(Json.write(s), JobSubmitted.class);
        assertThat(back).isEqualTo(s);
        assertThat(back.effectiveJobDate()).isEqualTo(LocalDate.of(2026, 3, 15));
    }

    @Test
    void deviceAndPrecisionParseTheirCommandLineNames() {
        assertThat(Op.Upscale.Device.parse(" GPU ")).isEqualTo(Op.Upscale.Device.GPU);
        assertThat(Op.Upscale.Precision.parse("fp16")).isEqualTo(Op.Upscale.Precision.FP16);
        assertThatThrownBy(() -> Op.Upscale.Device.parse("tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("device must be auto, gpu or cpu, got 'tpu'");
        assertThatThrownBy(() -> Op.Upscale.Precision.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("precision must be fp32 or fp16, got 'null'");
    }

    @Test
    void unknownOpIsRefused() {
        assertThatThrownBy(() -> Json.read("{\"outputs\":[],\"ops\":[{\"op\":\"sharpen\"}]}", Recipe.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sharpen");
    }
}
