package io.darkroom.contracts;

/**
 * A file inside a named storage root, e.g. root {@code media}, path {@code timecode/gopro.mp4}.
 * Paths are always relative to their root; resolving one that escapes the root is refused.
 */
public record SourceRef(String root, String path) {
    @Override
    public String toString() {
        return root + ":" + path;
    }
}
