package io.darkroom.media.assembly;

import io.darkroom.contracts.Preset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to assemble into one final output file.
 *
 * @param segments       video segment files in playback order (same codec, size and rate; closed GOPs), at least one
 * @param audioOrNull    an audio file whose first audio stream is copied in as is, or null for none
 * @param output         the final file; must not exist yet; its folder must exist
 * @param preset         the output preset; picks the container when the output's extension does not
 * @param timecodeOrNull start timecode HH:MM:SS:FF (or HH:MM:SS;FF for drop-frame), or null
 * @param metadata       container tags to write (e.g. title, comment), in order; may be empty, never null
 * @param reelNameOrNull clip / reel name for editorial outputs, or null: MOV writes it as the tmcd track's reel name
 *                       ({@code reel_name}, what Avid and Premiere read as Tape/Reel), MXF as the material package
 *                       name, and every container also gets a {@code reel_name} tag
 * @param captionsOrNull a source whose CEA-608 caption track is copied in as is (MOV outputs), or null for none
 */
public record AssemblyRequest(
        List<Path> segments,
        Path audioOrNull,
        Path output,
        Preset preset,
        String timecodeOrNull,
        Map<String, String> metadata,
        String reelNameOrNull,
        CaptionTrack captionsOrNull) {

    /**
     * The first subtitle stream of {@code source}, a CEA-608 track, moved by {@code videoStartUs} so that it lines up
     * with the output's picture, which starts at 0 where the source's started at {@code videoStartUs}.
     */
    public record CaptionTrack(Path source, long videoStartUs) {
        public CaptionTrack {
            Objects.requireNonNull(source, "source");
        }
    }

    /** Without a reel name (review outputs). */
    public AssemblyRequest(
            List<Path> segments,
            Path audioOrNull,
            Path output,
            Preset preset,
            String timecodeOrNull,
            Map<String, String> metadata) {
        this(segments, audioOrNull, output, preset, timecodeOrNull, metadata, null, null);
    }

    /** The same request with a reel / clip name (see {@code Preset.editorial()}). */
    public AssemblyRequest withReelName(String reelName) {
        return new AssemblyRequest(
                segments, audioOrNull, output, preset, timecodeOrNull, metadata, reelName, captionsOrNull);
    }

    /** The same request carrying a source's caption track into the output. */
    public AssemblyRequest withCaptions(CaptionTrack captions) {
        return new AssemblyRequest(
                segments, audioOrNull, output, preset, timecodeOrNull, metadata, reelNameOrNull, captions);
    }

    public AssemblyRequest {
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(preset, "preset");
        segments = List.copyOf(segments);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (reelNameOrNull != null
                && (reelNameOrNull.isBlank()
                        || reelNameOrNull.indexOf('\n') >= 0
                        || reelNameOrNull.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException(
                    "reel name must be a non-blank single line, was '" + reelNameOrNull + "'");
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("no segments to assemble for " + output.getFileName());
        }
    }
}
