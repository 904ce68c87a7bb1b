package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.Probe;
import io.darkroom.media.qc.OutputVerifier;
import io.darkroom.media.qc.QcExpectation;
import io.darkroom.media.qc.QcReport;
import io.darkroom.recipe.geometry.OutputGeometry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anamorphic sources the test generates (setsar / setdar) through the planner's geometry, the real renderer and QC:
 * every output has square pixels at the source's display aspect (its picture what FFmpeg shows when it scales the
 * source to that size), unless the output keeps the source anamorphic; cinema footage with a recipe desqueeze.
 */
class AnamorphicRenderTest {
    /** Mean absolute RGB difference allowed against FFmpeg's own scale of the source (same scaler, FFV1 lossless). */
    static final double SAME = 3.0;

    @TempDir
    Path temp;

    /** A source class: how it is made, the recipe's picture settings, the output size the planner must give. */
    record Case(String name, int width, int height, String aspect, Recipe recipe, int outWidth, int outHeight) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Recipe desqueeze(double factor) {
        return Recipe.of(List.of()).withDesqueeze(factor);
    }

    static List<Case> cases() {
        return List.of(
                new Case("PAL 16:9", 720, 576, "setsar=64/45", null, 1024, 576),
                new Case("NTSC 4:3 (8:9)", 720, 480, "setsar=8/9", null, 640, 480),
                new Case("NTSC 4:3 (10:11)", 720, 480, "setsar=10/11", null, 654, 480),
                new Case("HDV 1440x1080", 1440, 1080, "setsar=4/3", null, 1920, 1080),
                new Case("DVCPRO HD 1280x1080", 1280, 1080, "setsar=3/2", null, 1920, 1080),
                new Case("2x anamorphic lens", 480, 270, "setsar=1", desqueeze(2.0), 960, 270),
                new Case("1.8x anamorphic lens", 480, 270, "setsar=1", desqueeze(1.8), 864, 270),
                new Case("1.5x anamorphic lens", 480, 270, "setsar=1", desqueeze(1.5), 720, 270),
                new Case("1.33x anamorphic lens", 480, 270, "setsar=1", desqueeze(1.33), 638, 270),
                new Case("file says 64:45, desqueeze ignored", 720, 576, "setsar=64/45", desqueeze(2.0), 1024, 576));
    }

    private Path source(GeneratedClips clips, Case c) {
        String name = c.name().replaceAll("[^A-Za-z0-9]+", "_") + ".mp4";
        GeneratedClips.ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + c.width() + "x" + c.height() + ":rate=25",
                "-vf",
                c.aspect(),
                "-frames:v",
                "3",
                "-c:v",
                "libx264",
                "-qp",
                "0",
                "-pix_fmt",
                "yuv420p",
                clips.file(name).toString());
        return clips.file(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void squarePixelsAtTheDisplayAspect(Case c) throws Exception {
        GeneratedClips clips = new GeneratedClips(temp);
        Path src = source(clips, c);
        MediaInfo info = Probe.probe(src);
        OutputSpec spec = OutputSpec.of("master", "ffv1-master", 0, 0);

        OutputGeometry.Output planned = OutputGeometry.of(info, c.recipe(), spec);
        assertThat(planned.size()).isEqualTo(new OutputGeometry.Size(c.outWidth(), c.outHeight()));
        assertThat(planned.sampleAspect()).isNull();

        Path out = clips.render(
                src.getFileName().toString(),
                c.recipe(),
                RenderTask.RenderOutput.of("master", "ffv1-master", c.outWidth(), c.outHeight()));
        MediaInfo rendered = Probe.probe(out);
        assertThat(rendered.width()).isEqualTo(c.outWidth());
        assertThat(rendered.height()).isEqualTo(c.outHeight());
        assertThat(rendered.sampleAspectRatio()).isEqualTo("1:1");
        QcReport qc = OutputVerifier.verify(
                out,
                QcExpectation.forOutput(info, Preset.FFV1_MASTER, c.outWidth(), c.outHeight(), planned.sampleAspect()));
        assertThat(qc.problems()).isEmpty();

        // the picture is the source stretched to its display aspect, as FFmpeg scales it
        Path reference = clips.file("reference-" + src.getFileName() + ".mkv");
        GeneratedClips.ffmpeg(
                "-i",
                src.toString(),
                "-vf",
                "scale=" + c.outWidth() + ":" + c.outHeight() + ":flags=bicubic,setsar=1",
                "-frames:v",
                "1",
                "-c:v",
                "ffv1",
                reference.toString());
        assertThat(GeneratedClips.firstPicture(out).meanAbsDiff(GeneratedClips.firstPicture(reference)))
                .isLessThanOrEqualTo(SAME);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theOpsChainGivesTheSameGeometry(Case c) throws Exception {
        GeneratedClips clips = new GeneratedClips(temp);
        Path src = source(clips, c);
        MediaInfo info = Probe.probe(src);
        List<Op> ops = List.of(new Op.Deinterlace(Op.Deinterlace.Mode.AUTO));
        OutputGeometry.Output planned = OutputGeometry.of(
                info, c.recipe(), OutputSpec.of("review", "h264-review", 0, 0).withOps(ops));

        Path out = clips.render(
                src.getFileName().toString(),
                c.recipe(),
                RenderTask.RenderOutput.of(
                                "review",
                                "h264-review",
                                planned.size().width(),
                                planned.size().height())
                        .withOps(ops));
        MediaInfo rendered = Probe.probe(out);
        assertThat(rendered.width()).isEqualTo(c.outWidth());
        assertThat(rendered.height()).isEqualTo(c.outHeight());
        assertThat(rendered.sampleAspectRatio()).isEqualTo("1:1");
    }
}
