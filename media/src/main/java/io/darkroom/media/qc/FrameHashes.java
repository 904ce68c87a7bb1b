package io.darkroom.media.qc;

import io.darkroom.media.Ffmpeg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-frame MD5 of the decoded first video stream ({@code ffmpeg -i file -map 0:v:0 -f framemd5 -}), in decode
 * output order: equal lists mean identical decoded pictures. For exactness tests.
 */
public final class FrameHashes {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private FrameHashes() {}

    /**
     * @return one lowercase hex MD5 per frame
     * @throws IllegalStateException when ffmpeg fails, with the tail of its stderr
     */
    public static List<String> of(Path file) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of("-v", "error", "-i", file.toAbsolutePath().toString(), "-map", "0:v:0", "-f", "framemd5", "-"),
                TIMEOUT);
        if (!r.ok()) {
            throw new IllegalStateException("hashing frames of " + file.getFileName() + " failed (exit " + r.exitCode()
                    + "): " + r.stderrTail());
        }
        List<String> hashes = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            hashes.add(l.substring(l.lastIndexOf(',') + 1).strip());
        }
        return List.copyOf(hashes);
    }
}
