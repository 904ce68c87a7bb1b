package io.darkroom.models.color;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleScalingTest {

    @Test
    void tenBitCodesRoundTripThroughTheModelRangeExactly() {
        SampleScaling s = new SampleScaling(10, 0, 255);
        for (int code = 0; code <= 1023; code++) {
            assertThat(s.toCode(s.toModel(code))).isEqualTo(code);
        }
        assertThat(s.toModel(1023)).isEqualTo(255f);
        assertThat(s.toModel(4)).isEqualTo(4 * 255f / 1023);
    }

    @Test
    void clipsOnlyWhenMakingCodes() {
        SampleScaling s = new SampleScaling(8, 0, 1);
        assertThat(s.toCode(-0.2f)).isZero();
        assertThat(s.toCode(1.3f)).isEqualTo(255);
        assertThat(s.toCodeExact(1.2f)).isCloseTo(306, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(s.toCodes(new float[] {0.5f})).containsExactly(128);
    }
}
