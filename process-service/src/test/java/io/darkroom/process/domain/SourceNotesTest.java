package io.darkroom.process.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceNotesTest {
    private static MediaInfo source(int audioStreams) {
        return new MediaInfo(
                "mov,mp4,m4a,3gp,3g2,mj2",
                "h264",
                1920,
                1080,
                0,
                1920,
                1080,
                "yuv420p",
                25,
                1,
                false,
                50,
                0,
                2_000_000,
                audioStreams,
                audioStreams == 0 ? 0 : 2,
                audioStreams == 0 ? null : "aac",
                null,
                1,
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                null,
                false);
    }

    @Test
    void aCaptionTrackGoesIntoMovAndIsNotedAsLeftBehindElsewhere() {
        MediaInfo track = source(1).withBroadcastDetails(MediaInfo.CAPTIONS_TRACK, false);
        assertThat(SourceNotes.carriesCaptions(track, "mov")).isTrue();
        assertThat(SourceNotes.captionsDropped(track, "master", "mov")).isNull();
        assertThat(SourceNotes.carriesCaptions(track, "mp4")).isFalse();
        assertThat(SourceNotes.captionsDropped(track, "review", "mp4"))
                .isEqualTo("closed captions (the source's CEA-608 track) not carried by output review: a .mp4 file"
                        + " holds no CEA-608 track; MOV outputs (ProRes, DNxHR) carry it");
    }

    @Test
    void captionsInThePictureGoIntoMovAndCaptionsOfADamagedSourceAreNotedForEveryOutput() {
        MediaInfo embedded = source(1).withBroadcastDetails(MediaInfo.CAPTIONS_EMBEDDED, false);
        assertThat(SourceNotes.carriesCaptions(embedded, "mov")).isTrue();
        assertThat(SourceNotes.captionsDropped(embedded, "master", "mov")).isNull();
        assertThat(SourceNotes.captionsDropped(embedded, "review", "mp4"))
                .isEqualTo("closed captions in the source's video stream (CEA-608/708) not carried by output review:"
                        + " a .mp4 file holds no CEA-608 track; MOV outputs (ProRes, DNxHR) carry it");

        MediaInfo damaged = source(1)
                .withBroadcastDetails(MediaInfo.CAPTIONS_TRACK, false)
                .withDecodablePictures(40, 0, 1_600_000, List.of("source truncated after frame 40"));
        assertThat(SourceNotes.carriesCaptions(damaged, "mov")).isFalse();
        assertThat(SourceNotes.captionsDropped(damaged, "master", "mov")).contains("the source is damaged");
    }

    @Test
    void noCaptionsNoNote() {
        assertThat(SourceNotes.captionsDropped(source(1), "review", "mp4")).isNull();
        assertThat(SourceNotes.carriesCaptions(source(1), "mov")).isFalse();
    }

    @Test
    void anOpAtomPictureWithoutSoundSaysWhereTheSoundIs() {
        assertThat(SourceNotes.opAtomSound(source(0).withBroadcastDetails(null, true)))
                .startsWith("source is an Avid OP-Atom file")
                .contains("its sound is in separate files");
        assertThat(SourceNotes.opAtomSound(source(1).withBroadcastDetails(null, true)))
                .isNull();
        assertThat(SourceNotes.opAtomSound(source(0))).isNull();
    }
}
