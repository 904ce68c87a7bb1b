package io.darkroom.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimecodeTest {
    @Test
    void dropFrameCountsLikeAClockThatSkipsLabels() {
        Timecode df = Timecode.forRate(30000, 1001, true);
        assertThat(df).isEqualTo(new Timecode(30, true));
        // independent reference: step a label counter, skipping ;00 and ;01 at minutes not divisible by 10
        int h = 0;
        int m = 0;
        int s = 0;
        int f = 0;
        for (long n = 0; n < 30 * 60 * 60 * 2L; n++) {
            String label = String.format("%02d:%02d:%02d;%02d", h, m, s, f);
            assertThat(df.format(n)).isEqualTo(label);
            if (n % 997 == 0) {
                assertThat(df.frames(label)).isEqualTo(n);
            }
            f++;
            if (f == 30) {
                f = 0;
                s++;
                if (s == 60) {
                    s = 0;
                    m++;
                    if (m == 60) {
                        m = 0;
                        h++;
                    }
                }
                if (s == 0 && m % 10 != 0) {
                    f = 2;
                }
            }
        }
        assertThat(Timecode.forRate(60000, 1001, true)
                        .format(Timecode.forRate(60000, 1001, true).frames("00:01:00;04")))
                .isEqualTo("00:01:00;04");
    }

    @Test
    void nonDropAndOddRates() {
        Timecode ndf = Timecode.forRate(30000, 1001, false);
        assertThat(ndf.format(ndf.frames("15:44:35:10") + 80)).isEqualTo("15:44:38:00");
        assertThat(Timecode.forRate(25, 1, true).drop())
                .as("drop-frame only at NTSC rates")
                .isFalse();
        assertThat(Timecode.forRate(24000, 1001, false).fps()).isEqualTo(24);
        assertThat(ndf.format(ndf.frames("23:59:59:29") + 1)).isEqualTo("00:00:00:00");
        assertThatThrownBy(() -> Timecode.forRate(30000, 1001, true).frames("00:01:00;00"))
                .hasMessageContaining("dropped");
        assertThat(Timecode.dropSeparator("01:00:00;00")).isTrue();
        assertThat(Timecode.dropSeparator("01:00:00:00")).isFalse();
    }

    /**
     * 29.97 written as 2997/100 (as some containers store it) is NTSC: a drop-frame source timecode counts drop-frame
     * for the burn-in and for the ALE alike. Before one Timecode, the burn-in counted it non-drop (it wanted a 1001
     * denominator) while the ALE counted it drop-frame, so the two disagreed by 18 frames after ten minutes.
     */
    @Test
    void ntscRateWrittenInHundredthsCountsDropFrameForBurnInAndAle() {
        Timecode burnIn = Timecode.forRate(2997, 100, Timecode.dropSeparator("01:00:00;00"));
        Timecode ale = Timecode.of(2997, 100, "01:00:00;00");
        assertThat(burnIn).isEqualTo(new Timecode(30, true)).isEqualTo(ale);
        assertThat(burnIn.plus("01:00:00;00", 17982)).isEqualTo("01:10:00;00");
        assertThat(Timecode.of(5994, 100, "00:00:00;00")).isEqualTo(new Timecode(60, true));
        assertThat(Timecode.of(2997, 100, "01:00:00:00").drop())
                .as("written non-drop")
                .isFalse();
        assertThat(Timecode.of(2950, 100, "01:00:00;00").drop())
                .as("29.5 is no NTSC rate")
                .isFalse();
        assertThat(Timecode.of(30, 1, "01:00:00;00").drop()).isFalse();
    }
}
