package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wire agreement's frame time t is what FFmpegFrameGrabber reports in Frame.timestamp: best_effort_timestamp x
 * time_base in microseconds, absolute (no start-time subtraction). Checked frame by frame against ffprobe, and the
 * first frame against MediaInfo.startUs.
 */
class TimestampSemanticsTest {

    @ParameterizedTest
    @ValueSource(strings = {RenderFixtures.GOPRO, RenderFixtures.VP9_10BIT, RenderFixtures.ANDROID_VFR})
    void frameTimestampIsPtsTimesTimeBaseInMicroseconds(String clip) throws Exception {
        Path file = RenderFixtures.media(clip);
        MediaInfo info = RenderFixtures.probe(clip);
        List<Long> ours = new ArrayList<>();
        try (VideoDecoder decoder = VideoDecoder.open(file, "1")) {
            for (Frame f = decoder.next(); f != null; f = decoder.next()) {
                ours.add(f.timestamp);
            }
        }
        List<Long> probe = FfprobeFrames.timestampsUs(file);
        assertThat(ours).containsExactlyElementsOf(probe);
        assertThat(Math.abs(ours.get(0) - info.startUs()))
                .as("first frame vs MediaInfo.startUs")
                .isLessThanOrEqualTo(1);
    }
}
