package io.darkroom.media.qc;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import org.junit.jupiter.api.Test;

class QcExpectationTest {
    /** An MPEG-TS whose container lasts 2.5 s (its audio runs on) while its 58 video frames at 24 fps last 2.4167 s. */
    static final MediaInfo TS = new MediaInfo(
            "mpegts", "h264", 720, 480, 0, 720, 480, "yuv420p", 24, 1, false, 58, 1_400_000, 2_500_000, 1, 2, "aac",
            null, 1, null, null, null, null, null, null, false, null, null, false);

    @Test
    void durationIsTheVideoFramesAtTheSourceRateNotTheContainers() {
        QcExpectation e = QcExpectation.forOutput(TS, Preset.H264_REVIEW, 720, 480);

        assertThat(e.frames()).isEqualTo(58);
        assertThat(e.durationUs()).isEqualTo(2_416_666);
        assertThat(e.audioChannels()).isEqualTo(2);
        assertThat(e.timecode()).isNull();
        assertThat(e.pixelFormat()).isEqualTo(Preset.H264_REVIEW.pixelFormat());
    }
}
