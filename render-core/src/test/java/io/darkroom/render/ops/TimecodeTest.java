package io.darkroom.render.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;
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
        assertThat(Timecode.forRate(60000, 1001, true).format(Timecode.forRate(60000, 1001, true)
                .frames("00:01:00;04"))).isEqualTo("00:01:00;04");
    }

    @Test
    void nonDropAndOddRates() {
        Timecode ndf = Timecode.forRate(30000, 1001, false);
        assertThat(ndf.format(ndf.frames("15:44:35:10") + 80)).isEqualTo("15:44:38:00");
        assertThat(Timecode.forRate(25, 1, true).drop()).as("drop-frame only at x000/1001").isFalse();
        assertThat(Timecode.forRate(24000, 1001, false).fps()).isEqualTo(24);
        assertThat(ndf.format(ndf.frames("23:59:59:29") + 1)).isEqualTo("00:00:00:00");
        assertThatThrownBy(() -> Timecode.forRate(30000, 1001, true).frames("00:01:00;00"))
                .hasMessageContaining("dropped");
        assertThat(Timecode.dropSeparator("01:00:00;00")).isTrue();
        assertThat(Timecode.dropSeparator("01:00:00:00")).isFalse();
    }

    @Test
    void drawtextExpressionsAgreeWithJavaInFfmpegsEvaluator() {
        for (Timecode tc : List.of(new Timecode(30, true), new Timecode(60, true), new Timecode(24, false),
                new Timecode(30, false))) {
            long first = 1234;
            List<String> exprs = new ArrayList<>();
            Matcher m = Pattern.compile("%\\{eif:(.*?):d:2}").matcher(tc.drawtextExpansion(first));
            while (m.find()) {
                exprs.add(m.group(1));
            }
            assertThat(exprs).hasSize(4);
            for (long n = 0; n < 3_000_000; n += 997) {
                String expected = tc.format(first + n);
                String[] parts = expected.split("[:;]");
                for (int i = 0; i < 4; i++) {
                    assertThat(eval(exprs.get(i), n)).as("%s field %d at n=%d", tc, i, n)
                            .isEqualTo(Long.parseLong(parts[i]));
                }
            }
        }
    }

    private static long eval(String expr, long n) {
        try (DoublePointer result = new DoublePointer(1);
                BytePointer e = new BytePointer(expr);
                BytePointer name = new BytePointer("n");
                PointerPointer<BytePointer> names = new PointerPointer<>(name, null);
                DoublePointer values = new DoublePointer((double) n)) {
            int rc = avutil.av_expr_parse_and_eval(result, e, names, values, (PointerPointer<?>) null, null, null,
                    null, null, 0, null);
            assertThat(rc).as("av_expr_parse_and_eval(%s)", expr).isGreaterThanOrEqualTo(0);
            return Math.round(result.get());
        }
    }
}
