package io.darkroom.media.assembly;

import java.nio.file.Path;
import java.util.List;

/** Writes the list file of FFmpeg's concat demuxer, quoting every path. */
final class ConcatList {

    private ConcatList() {}

    /**
     * One {@code file '<absolute path>'} line per segment. Inside single quotes the demuxer takes everything
     * literally except {@code '}, which is written as {@code '\''} (close quote, escaped quote, reopen).
     *
     * @throws IllegalArgumentException for a path with a line break (the list format cannot carry one)
     */
    static String of(List<Path> segments) {
        StringBuilder sb = new StringBuilder("ffconcat version 1.0\n");
        for (Path segment : segments) {
            String path = segment.toAbsolutePath().normalize().toString();
            if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("segment path has a line break: " + path.replace("\n", "\\n"));
            }
            sb.append("file '").append(path.replace("'", "'\\''")).append("'\n");
        }
        return sb.toString();
    }
}
