package io.darkroom.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.MediaInfo;
import org.junit.jupiter.api.Test;

/** Matroska writes tags in upper case and keeps stream durations only as a DURATION tag. */
class ProbeTagsTest {

    @Test
    void readsMatroskaTimecodeAndStreamDurationTags() throws Exception {
        String json =
                """
                {"streams": [
                  {"codec_type": "video", "codec_name": "ffv1", "width": 320, "height": 240,
                   "avg_frame_rate": "25/1", "r_frame_rate": "25/1", "nb_read_packets": "100",
                   "start_time": "0.000000", "tags": {"DURATION": "00:00:04.000000000"}},
                  {"codec_type": "audio", "codec_name": "pcm_s16le", "channels": 1,
                   "tags": {"DURATION": "00:00:09.000000000"}}],
                 "format": {"format_name": "matroska,webm", "duration": "9.000000",
                   "tags": {"TIMECODE": "01:02:03:04"}}}
                """;

        MediaInfo m = Probe.fromJson(Json.mapper().readTree(json), 1, "x.mkv");

        assertThat(m.timecode()).isEqualTo("01:02:03:04");
        assertThat(m.durationUs()).isEqualTo(4_000_000);
        assertThat(Probe.clockSeconds("01:00:00.5")).isEqualTo(3600.5);
        assertThat(Probe.clockSeconds("garbage")).isNaN();
    }
}
