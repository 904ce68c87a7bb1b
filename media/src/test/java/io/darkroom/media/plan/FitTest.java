package io.darkroom.media.plan;

import static io.darkroom.media.TestMedia.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.media.Probe;
import io.darkroom.media.TestMedia;
import io.darkroom.recipe.geometry.Fit;
import io.darkroom.recipe.geometry.Fit.Geometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FitTest {

    @Test
    void rotatedPhoneClipFitsBoxByItsDisplaySize() {
        MediaInfo phone = Probe.probe(TestMedia.sample("phone/android12_h264_4k60_rot-90_vfr.mp4"));
        assertThat(phone.displayWidth()).isEqualTo(2160);
        assertThat(phone.displayHeight()).isEqualTo(3840);

        // 2160 * 720/3840 = 405 -> nearest even, ties up -> 406
        assertThat(Fit.fit(phone, 1280, 720)).isEqualTo(new Geometry(406, 720));
        assertThat(Fit.fit(phone, 0, 0)).isEqualTo(new Geometry(2160, 3840));
        assertThat(Fit.fit(phone, 1080, 0)).isEqualTo(new Geometry(1080, 1920));
    }

    @Test
    void goProNeverUpscalesAndShrinksKeepingAspect() {
        MediaInfo gopro = Probe.probe(TestMedia.sample("timecode/gopro_max_h264_tmcd_gpmf.mp4"));
        assertThat(gopro.displayWidth()).isEqualTo(848);
        assertThat(gopro.displayHeight()).isEqualTo(480);

        assertThat(Fit.fit(gopro, 1280, 720)).isEqualTo(new Geometry(848, 480));
        assertThat(Fit.fit(gopro, 640, 360)).isEqualTo(new Geometry(636, 360)); // height limits: 0.75
        assertThat(Fit.fit(gopro, 424, 0)).isEqualTo(new Geometry(424, 240));
    }

    @Test
    void vp9ClipStaysAsIs() {
        MediaInfo vp9 = Probe.probe(TestMedia.sample("webm/vp9_profile2_10bit_roadtrip.webm"));
        assertThat(vp9.displayWidth()).isEqualTo(426);
        assertThat(vp9.displayHeight()).isEqualTo(240);

        assertThat(Fit.fit(vp9, 1920, 1080)).isEqualTo(new Geometry(426, 240));
        assertThat(Fit.fit(vp9, 0, 0)).isEqualTo(new Geometry(426, 240));
        assertThat(Fit.fit(vp9, 213, 0)).isEqualTo(new Geometry(212, 120)); // 213 odd: stays inside the box
    }

    @ParameterizedTest(name = "{0}x{1} in {2}x{3} -> {4}x{5}")
    @CsvSource({
        "1920, 1080, 1280, 720, 1280, 720",
        "1920, 1080, 1280, 0, 1280, 720",
        "1920, 1080, 0, 0, 1920, 1080",
        "1920, 1080, 3840, 2160, 1920, 1080",
        "427, 241, 0, 0, 426, 240",
        "1920, 800, 1280, 720, 1280, 534",
        "4000, 3, 100, 100, 100, 2",
        "3, 3, 0, 0, 2, 2"
    })
    void fitsInsideBoxEvenNeverUpscaled(int dw, int dh, int maxW, int maxH, int w, int h) {
        Geometry g = Fit.fit(info(25, 1, false, 1, 0, dw, dh, 0), maxW, maxH);

        assertThat(g).isEqualTo(new Geometry(w, h));
        assertThat(g.width() % 2).isZero();
        assertThat(g.height() % 2).isZero();
        assertThat(g.width()).isLessThanOrEqualTo(Math.max(2, dw));
        if (maxW > 0) {
            assertThat(g.width()).isLessThanOrEqualTo(maxW);
        }
    }

    @Test
    void rejectsNegativeBoxAndMissingSize() {
        assertThatThrownBy(() -> Fit.fit(info(25, 1, false, 1, 0, 640, 480, 0), -1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1x10");
        assertThatThrownBy(() -> Fit.fit(info(25, 1, false, 1, 0, 0, 480, 0), 10, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x480");
    }
}
