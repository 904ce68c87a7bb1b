package io.darkroom.process.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.recipe.Timecode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimecodeAndAleTest {

    @Test
    void nonDropFrameCountsEveryNumber() {
        Timecode ndf = Timecode.of(30000, 1001, "15:44:35:10");
        assertThat(ndf.drop()).isFalse();
        assertThat(ndf.fps()).isEqualTo(30);
        assertThat(ndf.frames("15:44:35:10")).isEqualTo(((15 * 60 + 44) * 60 + 35) * 30L + 10);
        assertThat(ndf.plus("15:44:35:10", 315)).isEqualTo("15:44:45:25");
        assertThat(ndf.format(315)).isEqualTo("00:00:10:15");
        assertThat(Timecode.of(24, 1, null).plus("00:59:59:23", 1)).isEqualTo("01:00:00:00");
        assertThat(Timecode.of(25, 1, null).format(25 * 3600 * 24L))
                .as("wraps at 24 h")
                .isEqualTo("00:00:00:00");
    }

    @Test
    void dropFrameSkipsTwoNumbersEveryMinuteButTheTenth() {
        Timecode df = Timecode.of(30000, 1001, "01:00:00;00");
        assertThat(df.drop()).isTrue();
        // across a minute boundary: 00:00:59;29 is followed by 00:01:00;02
        assertThat(df.format(1799)).isEqualTo("00:00:59;29");
        assertThat(df.format(1800)).isEqualTo("00:01:00;02");
        assertThat(df.plus("00:00:59;29", 1)).isEqualTo("00:01:00;02");
        assertThat(df.frames("00:01:00;02")).isEqualTo(1800);
        // every tenth minute keeps its ;00 and ;01
        assertThat(df.format(17981)).isEqualTo("00:09:59;29");
        assertThat(df.format(17982)).isEqualTo("00:10:00;00");
        assertThat(df.frames("00:10:00;00")).isEqualTo(17982);
        // an hour of 29.97 drop-frame is 107892 frames
        assertThat(df.frames("01:00:00;00")).isEqualTo(107892);
        for (long f : new long[] {0, 1, 1799, 1800, 1801, 3597, 3598, 17981, 17982, 107891, 107892, 1_700_000}) {
            assertThat(df.frames(df.format(f))).as("round trip of %d", f).isEqualTo(f);
        }
        assertThatThrownBy(() -> df.frames("00:01:00;00")).hasMessageContaining("do not exist");
        // 59.94 drops four
        Timecode df60 = Timecode.of(60000, 1001, "00:00:00;00");
        assertThat(df60.format(3600)).isEqualTo("00:01:00;04");
        // ';' on a rate that cannot drop frames: counted non-drop
        assertThat(Timecode.of(25, 1, "10:00:00;00").drop()).isFalse();
        assertThat(Timecode.of(30, 1, "10:00:00;00").drop()).isFalse();
    }

    @Test
    void aleListsEveryClipWithTimecodesAtItsRate() {
        AleWriter.Clip gopro = new AleWriter.Clip(
                "GS010001",
                "GS010001",
                "gopro_max_h264_tmcd_gpmf.mp4",
                "GS010001_proxy.mov",
                30000,
                1001,
                315,
                848,
                480,
                "15:44:35:10",
                2);
        AleWriter.Clip df =
                new AleWriter.Clip("B002", "B002", "b002.mov", null, 30000, 1001, 2, 1920, 1080, "00:00:59;28", 0);
        AleWriter.Clip noTc = new AleWriter.Clip(
                "tiny\tname",
                "tiny",
                "t.mov",
                null,
                24,
                1,
                100,
                64,
                64,
                null,
                6,
                "source: 2 leading packets undecodable (starts mid-GOP)");
        String ale = AleWriter.write(List.of(gopro, df, noTc));
        List<String> lines = List.of(ale.split("\r\n", -1));
        assertThat(lines.subList(0, 10))
                .containsExactly(
                        "Heading",
                        "FIELD_DELIM\tTABS",
                        "VIDEO_FORMAT\tCUSTOM",
                        "AUDIO_FORMAT\t48khz",
                        "FPS\t29.97",
                        "",
                        "Column",
                        "Name\tTape\tSource File\tStart\tEnd\tDuration\tTracks\tFPS\tResolution\tMedia File\tComment",
                        "",
                        "Data");
        assertThat(lines.get(10))
                .isEqualTo("GS010001\tGS010001\tgopro_max_h264_tmcd_gpmf.mp4\t15:44:35:10\t"
                        + "15:44:45:25\t00:00:10:15\tVA1A2\t29.97\t848x480\tGS010001_proxy.mov\t");
        // drop-frame across the minute: 59;28 + 2 frames = 01:00;02
        assertThat(lines.get(11))
                .isEqualTo("B002\tB002\tb002.mov\t00:00:59;28\t00:01:00;02\t00:00:00;02\tV\t" + "29.97\t1920x1080\t\t");
        assertThat(lines.get(12))
                .isEqualTo("tiny name\ttiny\tt.mov\t00:00:00:00\t00:00:04:04\t00:00:04:04\tVA1-6\t24\t"
                        + "64x64\t\tsource: 2 leading packets undecodable (starts mid-GOP)");
        assertThat(lines).hasSize(14).last().isEqualTo("");
        assertThat(AleWriter.fps(24000, 1001)).isEqualTo("23.976");
        assertThat(AleWriter.fps(60, 1)).isEqualTo("60");
    }
}
