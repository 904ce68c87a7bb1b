package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourcePicture;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.Probe;
import io.darkroom.media.qc.OutputVerifier;
import io.darkroom.media.qc.QcExpectation;
import io.darkroom.recipe.geometry.OutputGeometry;
import io.darkroom.recipe.geometry.SourceGeometry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated D10 / IMX frame (720x608, display 4:3, so SAR 152:135) whose 32 VBI lines are white and whose first
 * picture lines (32..47) are grey over black: cropped by default to 720x576 from line 32 and shown square at 768x576;
 * kept whole with {@code vbiCrop: none}. And an output that keeps a PAL 16:9 source anamorphic.
 */
class VbiCropAndKeepAnamorphicRenderTest {

    @TempDir
    Path temp;

    private static Path d10(GeneratedClips clips) {
        Path src = clips.file("d10.mp4");
        GeneratedClips.ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "color=black:size=720x608:rate=25",
                "-vf",
                "drawbox=x=0:y=0:w=iw:h=32:color=white:t=fill,drawbox=x=0:y=32:w=iw:h=16:color=gray:t=fill,"
                        + "setdar=4/3",
                "-frames:v",
                "3",
                "-c:v",
                "libx264",
                "-qp",
                "0",
                "-pix_fmt",
                "yuv420p",
                src.toString());
        return src;
    }

    @Test
    void d10IsCroppedToItsPictureFromLine32AndShownAtFourByThree() throws Exception {
        GeneratedClips clips = new GeneratedClips(temp);
        MediaInfo info = Probe.probe(d10(clips));
        assertThat(info.sampleAspectRatio()).isEqualTo("152:135");
        assertThat(SourceGeometry.picture(info, null)).isEqualTo(new SourcePicture(32, 576, 16, 15, false));

        for (List<Op> ops : List.of(List.<Op>of(), List.<Op>of(new Op.Deinterlace(Op.Deinterlace.Mode.AUTO)))) {
            OutputGeometry.Output planned = OutputGeometry.of(
                    info, null, OutputSpec.of("master", "ffv1-master", 0, 0).withOps(ops));
            assertThat(planned.size()).isEqualTo(new OutputGeometry.Size(768, 576));
            Path out = clips.render(
                    "d10.mp4",
                    null,
                    RenderTask.RenderOutput.of("master", "ffv1-master", 768, 576)
                            .withOps(ops));
            GeneratedClips.Rgb pic = GeneratedClips.firstPicture(out);
            assertThat(pic.width()).isEqualTo(768);
            assertThat(pic.meanOfRows(0, 14)).as("line 32 on top, ops %s", ops).isBetween(100.0, 160.0);
            assertThat(pic.meanOfRows(18, 576)).as("no VBI left, ops %s", ops).isLessThan(20.0);
            assertThat(OutputVerifier.verify(out, QcExpectation.forOutput(info, Preset.FFV1_MASTER, 768, 576))
                            .problems())
                    .isEmpty();
        }
    }

    @Test
    void vbiCropNoneKeepsTheWholeFrame() throws Exception {
        GeneratedClips clips = new GeneratedClips(temp);
        MediaInfo info = Probe.probe(d10(clips));
        Recipe none = Recipe.of(List.of()).withVbiCrop(Recipe.VBI_NONE);
        OutputGeometry.Output planned = OutputGeometry.of(info, none, OutputSpec.of("m", "ffv1-master", 0, 0));
        assertThat(planned.size()).isEqualTo(new OutputGeometry.Size(810, 608));

        Path out = clips.render("d10.mp4", none, RenderTask.RenderOutput.of("m", "ffv1-master", 810, 608));
        GeneratedClips.Rgb pic = GeneratedClips.firstPicture(out);
        assertThat(pic.meanOfRows(0, 30)).isGreaterThan(200.0);
    }

    @Test
    void keepAnamorphicKeepsTheCodedSizeAndWritesThePixelAspect() throws Exception {
        GeneratedClips clips = new GeneratedClips(temp);
        Path src = clips.file("pal169.mp4");
        GeneratedClips.ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=720x576:rate=25",
                "-vf",
                "setsar=64/45",
                "-frames:v",
                "3",
                "-c:v",
                "libx264",
                "-qp",
                "0",
                "-pix_fmt",
                "yuv420p",
                src.toString());
        MediaInfo info = Probe.probe(src);
        OutputSpec keep = new OutputSpec("review", "h264-review", 0, 0, null, null, null, true);
        OutputGeometry.Output planned = OutputGeometry.of(info, null, keep);
        assertThat(planned).isEqualTo(new OutputGeometry.Output(new OutputGeometry.Size(720, 576), "64:45"));

        Path out = clips.render(
                "pal169.mp4",
                null,
                new RenderTask.RenderOutput("review", "h264-review", 720, 576, null, null, planned.sampleAspect()));
        MediaInfo rendered = Probe.probe(out);
        assertThat(rendered.width()).isEqualTo(720);
        assertThat(rendered.sampleAspectRatio()).isEqualTo("64:45");
        assertThat(OutputVerifier.verify(out, QcExpectation.forOutput(info, Preset.H264_REVIEW, 720, 576, "64:45"))
                        .problems())
                .isEmpty();
        // QC judges the display aspect: the same file is wrong where square pixels were planned
        assertThat(OutputVerifier.verify(out, QcExpectation.forOutput(info, Preset.H264_REVIEW, 720, 576))
                        .problems())
                .containsExactly("pixel aspect 64:45, expected 1:1 (display aspect 1.7778, expected" + " 1.2500)");
    }
}
