package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VideoFilterChainTest {
    @Test
    void rotationIsClockwiseDegrees() {
        assertThat(VideoFilterChain.describe(0, 848, 480, false, "yuv420p"))
                .isEqualTo("scale=w=848:h=480:flags=bicubic:out_range=limited,format=yuv420p,setsar=1");
        assertThat(VideoFilterChain.describe(90, 270, 480, true, "yuv420p"))
                .startsWith("transpose=clock,scale=w=270:h=480:flags=bicubic:in_range=full:");
        assertThat(VideoFilterChain.describe(180, 64, 64, false, "yuv420p")).startsWith("hflip,vflip,scale=");
        assertThat(VideoFilterChain.describe(-90, 64, 64, false, "yuv420p")).startsWith("transpose=cclock,scale=");
    }

    @Test
    void refusesOddValues() {
        assertThatThrownBy(() -> VideoFilterChain.describe(45, 64, 64, false, "yuv420p"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VideoFilterChain.describe(0, 64, 64, false, "yuv420p,drawtext=x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
