package io.darkroom.ingest.domain;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;

/**
 * Which files of a watch folder are clips, which are recipe sidecars, and which are ignored as temporary.
 * <p>
 * Ignored: names starting with {@code .} (dotfiles, rsync's {@code .name.XXXXXX} temp files, macOS {@code ._}
 * files) and names ending in {@code .part}, {@code .partial}, {@code .tmp}, {@code .crdownload}, {@code .download},
 * {@code .filepart} or {@code ~}. A clip is a file whose name matches the folder's glob, compared case-insensitively.
 */
public final class WatchFiles {
    public static final String SIDECAR_SUFFIX = ".darkroom.json";
    public static final String DEFAULT_PATTERN = "*.{mov,mp4,m4v,mxf,mkv,avi,mts,m2ts,mpg,mpeg,ts,webm,y4m,3gp}";
    private static final List<String> TEMP_SUFFIXES =
            List.of(".part", ".partial", ".tmp", ".crdownload", ".download", ".filepart", "~");

    private final PathMatcher matcher;

    /** @throws java.util.regex.PatternSyntaxException when the glob is malformed */
    public WatchFiles(String glob) {
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.toLowerCase(Locale.ROOT));
    }

    public static boolean isTemporary(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith(".") || TEMP_SUFFIXES.stream().anyMatch(n::endsWith);
    }

    public static boolean isSidecar(String name) {
        return !isTemporary(name) && name.toLowerCase(Locale.ROOT).endsWith(SIDECAR_SUFFIX);
    }

    /** Whether a file of this name (no folder part) is a clip to submit. */
    public boolean isClip(String name) {
        if (isTemporary(name) || isSidecar(name)) {
            return false;
        }
        try {
            return matcher.matches(Path.of(name.toLowerCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            return false; // a name the platform cannot turn into a path
        }
    }

    /** {@code A001/C003.mov -> A001/C003.darkroom.json}: the sidecar beside a clip (relative, '/'-separated). */
    public static String sidecarFor(String relClip) {
        int slash = relClip.lastIndexOf('/');
        String dir = slash < 0 ? "" : relClip.substring(0, slash + 1);
        return dir + JobRequestValidator.clipName(Path.of(relClip.substring(slash + 1))) + SIDECAR_SUFFIX;
    }
}
