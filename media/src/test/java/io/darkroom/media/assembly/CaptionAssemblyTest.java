package io.darkroom.media.assembly;

import static io.darkroom.media.TestMedia.ffmpeg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import io.darkroom.media.CaptionedSources;
import io.darkroom.media.Probe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source's CEA-608 caption track: found by the probe, carried into a MOV output by stream copy, in time. */
class CaptionAssemblyTest {
    @TempDir
    Path dir;

    @Test
    void theProbeFindsTheCaptionTrackAndTheAssemblerCarriesItIntoMov() {
        Path source = CaptionedSources.movWithCaptionTrack(dir, "captioned.mov", 50, 25);
        MediaInfo info = Probe.probe(source);
        assertThat(info.closedCaptions()).isEqualTo(MediaInfo.CAPTIONS_TRACK);
        assertThat(info.frameCount()).isEqualTo(50);
        assertThat(CaptionedSources.captionText(source)).contains(CaptionedSources.CAPTION);

        // two intra-only segments of the picture alone, as the workers render them
        Path a = dir.resolve("a.mov");
        Path b = dir.resolve("b.mov");
        ffmpeg("-i", source.toString(), "-map", "0:v", "-frames:v", "25", "-c:v", "prores_ks", a.toString());
        ffmpeg("-ss", "1", "-i", source.toString(), "-map", "0:v", "-c:v", "prores_ks", b.toString());
        Path out = dir.resolve("out.mov");

        SegmentAssembler.assemble(new AssemblyRequest(List.of(a, b), null, out, Preset.PRORES_PROXY, null, Map.of())
                .withCaptions(new AssemblyRequest.CaptionTrack(source, info.startUs())));

        MediaInfo made = Probe.probe(out);
        assertThat(made.closedCaptions()).isEqualTo(MediaInfo.CAPTIONS_TRACK);
        assertThat(made.frameCount()).isEqualTo(50);
        // the caption shows from the first frame, as in the source
        assertThat(CaptionedSources.captionText(out))
                .contains(CaptionedSources.CAPTION)
                .contains("00:00:00,");

        Path none = dir.resolve("none.mov");
        SegmentAssembler.assemble(new AssemblyRequest(List.of(a, b), null, none, Preset.PRORES_PROXY, null, Map.of()));
        assertThat(Probe.probe(none).closedCaptions()).isNull();
    }

    @Test
    void captionsInsideThePicturesAreTakenOutAndCarriedIntoMov() throws Exception {
        // a folder name a filter graph would misread: the extractor must not let it in
        Path odd = java.nio.file.Files.createDirectories(dir.resolve("it's [a] reel, 1; x"));
        Path source = CaptionedSources.transportStreamWithEmbeddedCaptions(odd, "cc.ts", 30);
        MediaInfo info = Probe.probe(source);
        assertThat(info.closedCaptions()).isEqualTo(MediaInfo.CAPTIONS_EMBEDDED);
        Path seg = dir.resolve("seg.mov");
        ffmpeg("-i", source.toString(), "-map", "0:v", "-c:v", "prores_ks", seg.toString());

        Path track = CaptionExtractor.extract(source, info.container(), dir.resolve("captions.mov"));
        assertThat(CaptionExtractor.extract(source, info.container(), track))
                .as("made once")
                .isEqualTo(track);
        Path out = dir.resolve("out.mov");
        SegmentAssembler.assemble(new AssemblyRequest(List.of(seg), null, out, Preset.PRORES_PROXY, null, Map.of())
                .withCaptions(new AssemblyRequest.CaptionTrack(track, 0)));

        assertThat(Probe.probe(out).closedCaptions()).isEqualTo(MediaInfo.CAPTIONS_TRACK);
        assertThat(Probe.probe(out).frameCount()).isEqualTo(30);
        // the pop-on caption is shown by its 13th picture (EOC), 0.4 s in, in the source and in the output
        assertThat(CaptionedSources.captionText(out))
                .contains(CaptionedSources.CAPTION)
                .contains("00:00:00,4");
    }

    @Test
    void aSourceWithoutCaptionsIsNamedWhenAskedForThem() {
        Path plain = dir.resolve("plain.ts");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=64x36:rate=25",
                "-frames:v",
                "5",
                "-c:v",
                "libx264",
                plain.toString());
        assertThatThrownBy(() -> CaptionExtractor.extract(plain, "mpegts", dir.resolve("c.mov")))
                .isInstanceOf(AssemblyException.class)
                .hasMessageStartingWith("reading the captions of plain.ts failed");
        assertThat(dir.resolve("c.mov")).doesNotExist();
        // the movie source has no allowlist of its own: only Darkroom's demuxers are named to it
        assertThatThrownBy(() -> CaptionExtractor.extract(plain, "hls", dir.resolve("c.mov")))
                .isInstanceOf(AssemblyException.class)
                .hasMessageContaining("its container 'hls' is not one Darkroom reads");
    }

    @Test
    void aMissingCaptionSourceIsNamed() {
        Path seg = dir.resolve("seg.mov");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=64x36:rate=25",
                "-frames:v",
                "5",
                "-c:v",
                "prores_ks",
                seg.toString());
        Path gone = dir.resolve("gone.mov");
        AssemblyRequest req = new AssemblyRequest(
                        List.of(seg), null, dir.resolve("o.mov"), Preset.PRORES_PROXY, null, Map.of())
                .withCaptions(new AssemblyRequest.CaptionTrack(gone, 0));
        assertThatThrownBy(() -> SegmentAssembler.assemble(req))
                .isInstanceOf(AssemblyException.class)
                .hasMessageContaining("caption source " + gone + " is missing");
    }
}
