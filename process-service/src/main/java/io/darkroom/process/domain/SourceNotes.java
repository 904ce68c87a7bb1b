package io.darkroom.process.domain;

import io.darkroom.contracts.MediaInfo;
import java.util.Locale;

/**
 * What a clip's outputs carry of a source's broadcast extras, and the note a person reads when something stays
 * behind: closed captions and the sound of Avid OP-Atom files.
 *
 * <p>MOV outputs carry them as a CEA-608 track ({@code c608}), since the outputs keep the source's frames and times:
 * a track beside the source's picture is copied as it is, captions inside the picture stream (A/53 user data, which
 * the re-encode would lose) are taken out into such a track first. MP4 and MXF as FFmpeg writes them hold no such
 * track, so other outputs leave them behind with a note.
 */
public final class SourceNotes {
    private SourceNotes() {}

    /** Whether an output in {@code container} (the file's extension: mov, mp4, mxf...) carries the source's captions. */
    public static boolean carriesCaptions(MediaInfo media, String container) {
        return media.closedCaptions() != null
                && "mov".equals(container.toLowerCase(Locale.ROOT))
                && !media.damaged()
                && !media.variableFrameRate();
    }

    /** The note for an output that leaves the source's captions behind, null when there are none or it carries them. */
    public static String captionsDropped(MediaInfo media, String outputName, String container) {
        String captions = media.closedCaptions();
        if (captions == null || carriesCaptions(media, container)) {
            return null;
        }
        String what = MediaInfo.CAPTIONS_EMBEDDED.equals(captions)
                ? "closed captions in the source's video stream (CEA-608/708)"
                : "closed captions (the source's CEA-608 track)";
        String why;
        if (media.damaged()) {
            why = "the source is damaged, so the captions' times would not match the salvaged pictures";
        } else if (media.variableFrameRate()) {
            why = "the variable-frame-rate source is conformed to a constant rate, which moves the captions' times";
        } else {
            why = "a ." + container.toLowerCase(Locale.ROOT)
                    + " file holds no CEA-608 track; MOV outputs (ProRes, DNxHR) carry it";
        }
        return what + " not carried by output " + outputName + ": " + why;
    }

    /** The note for a clip made from an OP-Atom file without sound, null otherwise. */
    public static String opAtomSound(MediaInfo media) {
        if (!media.opAtom() || media.hasAudio()) {
            return null;
        }
        return "source is an Avid OP-Atom file, which holds one track: its sound is in separate files that are not"
                + " part of this clip, so the outputs have no audio (join the picture and sound files first, e.g."
                + " an OP1a export, to keep it)";
    }
}
