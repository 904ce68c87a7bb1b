package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.media.Probe;
import io.darkroom.recipe.geometry.OutputGeometry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of the eight display matrices (four rotations, each with and without a reflection) on a generated clip:
 * Darkroom's render must show the picture FFmpeg's own autorotated decode shows, pixel for pixel within codec noise,
 * and must be far from every other orientation of the same picture (so a wrong turn or flip cannot pass).
 */
class DisplayMatrixRenderTest {
    /** Mean absolute RGB difference allowed against FFmpeg's decode (two lossless-ish encodes, colour conversions). */
    static final double SAME = 2.0;
    /** Least mean difference between two different orientations of the test picture. */
    static final double DIFFERENT = 15.0;

    @TempDir
    static Path temp;

    static GeneratedClips clips;
    static final Map<String, GeneratedClips.Rgb> REFERENCE = new LinkedHashMap<>();

    @BeforeAll
    static void makeClips() {
        clips = new GeneratedClips(temp);
        // an asymmetric picture (testsrc2's colour bars, ramp and counter), non-square so quarter turns change its size
        Path base = clips.file("base.mp4");
        GeneratedClips.ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=96x64:rate=25",
                "-frames:v",
                "3",
                "-c:v",
                "libx264",
                "-qp",
                "0",
                "-pix_fmt",
                "yuv420p",
                base.toString());
        for (int rotation : new int[] {0, 90, 180, 270}) {
            for (boolean flip : new boolean[] {false, true}) {
                String name = name(rotation, flip);
                List<String> args = new ArrayList<>(List.of("-display_rotation", String.valueOf(rotation)));
                if (flip) {
                    args.add("-display_hflip");
                }
                args.addAll(List.of(
                        "-i", base.toString(), "-c", "copy", clips.file(name).toString()));
                GeneratedClips.ffmpeg(args.toArray(String[]::new));
                REFERENCE.put(name, GeneratedClips.firstPicture(clips.file(name)));
            }
        }
    }

    static String name(int rotation, boolean flip) {
        return "matrix_r" + rotation + (flip ? "_hflip" : "") + ".mp4";
    }

    @Test
    void theEightReferencePicturesAreEightDifferentOrientations() {
        List<GeneratedClips.Rgb> all = List.copyOf(REFERENCE.values());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                assertThat(all.get(i).meanAbsDiff(all.get(j)))
                        .as("references %d and %d", i, j)
                        .isGreaterThan(DIFFERENT);
            }
        }
    }

    @Test
    void theProbeSeesTheReflectionOfEveryMirroredMatrix() {
        for (String name : REFERENCE.keySet()) {
            MediaInfo info = Probe.probe(clips.file(name));
            assertThat(info.mirrored()).as(name).isEqualTo(name.contains("hflip"));
        }
    }

    @Test
    void everyMatrixRendersAsFfmpegAutorotatesIt() throws Exception {
        for (Map.Entry<String, GeneratedClips.Rgb> e : REFERENCE.entrySet()) {
            MediaInfo info = Probe.probe(clips.file(e.getKey()));
            OutputGeometry.Size size = OutputGeometry.of(info, 0, 0, List.of());
            Path out = clips.render(
                    e.getKey(), null, RenderTask.RenderOutput.of("master", "ffv1-master", size.width(), size.height()));
            GeneratedClips.Rgb ours = GeneratedClips.firstPicture(out);

            assertThat(Probe.probe(out).rotation()).isZero();
            assertThat(ours.meanAbsDiff(e.getValue()))
                    .as("%s against FFmpeg's autorotate", e.getKey())
                    .isLessThanOrEqualTo(SAME);
            for (Map.Entry<String, GeneratedClips.Rgb> other : REFERENCE.entrySet()) {
                if (!other.getKey().equals(e.getKey())) {
                    assertThat(ours.meanAbsDiff(other.getValue()))
                            .as("%s against %s", e.getKey(), other.getKey())
                            .isGreaterThan(DIFFERENT);
                }
            }
        }
    }
}
