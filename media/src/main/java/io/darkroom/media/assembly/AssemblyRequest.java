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
 */
public record AssemblyRequest(
        List<Path> segments,
        Path audioOrNull,
        Path output,
        Preset preset,
        String timecodeOrNull,
        Map<String, String> metadata) {

    public AssemblyRequest {
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(preset, "preset");
        segments = List.copyOf(segments);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("no segments to assemble for " + output.getFileName());
        }
    }
}
