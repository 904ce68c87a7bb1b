package io.darkroom.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.SourceRef;
import io.darkroom.local.RepoPaths;
import io.darkroom.media.Probe;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's clips: the repository's samples, or three made with the bundled ffmpeg. */
class DemoMediaTest {
    @TempDir
    Path dir;

    @Test
    void usesTheClipsTheRepositoryCarries() {
        DemoMedia m = DemoMedia.samples();
        assertThat(m.generated()).isFalse();
        assertThat(m.sources()).extracting(SourceRef::path).containsExactlyElementsOf(DemoMedia.SAMPLE_CLIPS);
        assertThat(m.sources())
                .allSatisfy(s -> assertThat(m.mediaRoot().resolve(s.path())).isRegularFile());
        assertThat(m.mediaRoot()).isEqualTo(RepoPaths.repoRoot().resolve("samples/media"));
    }

    @Test
    void generatesThreeClipsOneWithATimecode() {
        DemoMedia m = DemoMedia.generate(dir);
        assertThat(m.generated()).isTrue();
        assertThat(m.mediaRoot()).isEqualTo(dir);
        List<MediaInfo> probed = m.sources().stream()
                .map(s -> Probe.probe(dir.resolve(s.path())))
                .toList();
        assertThat(probed).hasSize(3);
        assertThat(probed.get(0).frameCount()).isEqualTo(100);
        assertThat(probed.get(0).timecode()).isEqualTo("01:00:00:00");
        assertThat(probed.get(0).hasAudio()).isTrue();
        assertThat(probed.get(1).displayWidth()).isEqualTo(720);
        assertThat(probed.get(2).hasAudio()).isFalse();
    }
}
