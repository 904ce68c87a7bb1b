package io.darkroom.recipe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourcePicture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The source picture arithmetic: pixel aspect from file or desqueeze, VBI crop keeping the display aspect, turns. */
class SourceGeometryTest {

    static MediaInfo media(int w, int h, int rotation, String sar) {
        boolean swap = rotation % 180 != 0;
        return new MediaInfo(
                        "mov",
                        "h264",
                        w,
                        h,
                        rotation,
                        swap ? h : w,
                        swap ? w : h,
                        "yuv420p",
                        25,
                        1,
                        false,
                        10,
                        0,
                        400_000,
                        0,
                        0,
                        null,
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
                        false)
                .withPictureDetails(null, null, null, null, null, sar);
    }

    static Recipe recipe(Double desqueeze, String vbiCrop) {
        return Recipe.of(List.of()).withDesqueeze(desqueeze).withVbiCrop(vbiCrop);
    }

    @Test
    void desqueezeFactorsBecomeExactPixelAspects() {
        MediaInfo square = media(1920, 1080, 0, "1:1");
        assertThat(SourceGeometry.picture(square, recipe(2.0, null))).isEqualTo(new SourcePicture(0, 0, 2, 1, false));
        assertThat(SourceGeometry.picture(square, recipe(1.8, null))).isEqualTo(new SourcePicture(0, 0, 9, 5, false));
        assertThat(SourceGeometry.picture(square, recipe(1.33, null)))
                .isEqualTo(new SourcePicture(0, 0, 133, 100, false));
        assertThat(SourceGeometry.picture(media(1920, 1080, 0, null), recipe(1.5, null)))
                .as("a file without a pixel aspect does not say either")
                .isEqualTo(new SourcePicture(0, 0, 3, 2, false));
        assertThat(SourceGeometry.picture(media(1440, 1080, 0, "4:3"), recipe(2.0, null)))
                .as("the file says: its own pixel aspect, nothing replaced")
                .isEqualTo(SourcePicture.AS_DECODED);
    }

    @Test
    void aQuarterTurnSwapsTheSidesAndInvertsThePixelAspect() {
        MediaInfo portraitPal = media(720, 576, 90, "64:45");
        // upright 576x720 of 45:64 pixels: displays 9:16, narrowed to 405 (even: 404) rather than stretched
        assertThat(OutputGeometry.of(portraitPal, 0, 0, List.of())).isEqualTo(new OutputGeometry.Size(404, 720));
        OutputSpec keep = new OutputSpec("k", "prores-proxy", 0, 0, null, null, null, true);
        assertThat(OutputGeometry.of(portraitPal, null, keep))
                .isEqualTo(new OutputGeometry.Output(new OutputGeometry.Size(576, 720), "45:64"));
    }

    @Test
    void onlyA720x608FrameLosesItsVbiAndOnlyInAutoMode() {
        MediaInfo d10 = media(720, 608, 0, "152:135");
        assertThat(SourceGeometry.picture(d10, null)).isEqualTo(new SourcePicture(32, 576, 16, 15, false));
        assertThat(SourceGeometry.picture(d10, recipe(null, "none"))).isEqualTo(SourcePicture.AS_DECODED);
        assertThat(SourceGeometry.picture(media(720, 576, 0, "16:15"), null)).isEqualTo(SourcePicture.AS_DECODED);
        MediaInfo d10wide = media(720, 608, 0, "608:405");
        assertThat(OutputGeometry.of(d10wide, 0, 0, List.of()))
                .as("16:9 D10")
                .isEqualTo(new OutputGeometry.Size(1024, 576));
    }
}
