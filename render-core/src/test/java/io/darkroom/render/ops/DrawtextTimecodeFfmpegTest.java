package io.darkroom.render.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.recipe.Timecode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;

/** The burn-in's {@code {tc}} expression, evaluated by FFmpeg's own evaluator, agrees with {@link Timecode#format}. */
class DrawtextTimecodeFfmpegTest {
    @Test
    void drawtextExpressionsAgreeWithJavaInFfmpegsEvaluator() {
        for (Timecode tc : List.of(
                new Timecode(30, true), new Timecode(60, true), new Timecode(24, false), new Timecode(30, false))) {
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
                    assertThat(eval(exprs.get(i), n))
                            .as("%s field %d at n=%d", tc, i, n)
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
            int rc = avutil.av_expr_parse_and_eval(
                    result, e, names, values, (PointerPointer<?>) null, null, null, null, null, 0, null);
            assertThat(rc).as("av_expr_parse_and_eval(%s)", expr).isGreaterThanOrEqualTo(0);
            return Math.round(result.get());
        }
    }
}
