package io.darkroom.media.assembly;

import io.darkroom.media.Ffmpeg;
import io.darkroom.media.MediaReaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Takes the CEA-608 captions a source carries inside its pictures (A/53 user data) out into a QuickTime file that
 * holds only a {@code c608} track, timed from the source's first picture, so that {@link SegmentAssembler} can copy
 * them into MOV outputs like a caption track the source had beside its pictures. FFmpeg's {@code movie} source with
 * its {@code subcc} output decodes the whole picture stream to find them.
 */
public final class CaptionExtractor {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    /** Characters a filter graph takes literally in a file name (anything else is reached through a link). */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9/._-]+");

    private CaptionExtractor() {}

    /**
     * Writes {@code target} (a .mov with one CEA-608 track) from {@code source}'s embedded captions, unless it exists.
     * The source is read with the demuxer its probe found ({@code container}, FFmpeg's format name, e.g.
     * {@code mpegts} or {@code mov,mp4,m4a,...}), which must be one Darkroom reads: the {@code movie} source takes no
     * allowlist of its own, so a file replaced since its probe is not read as something else.
     *
     * @throws AssemblyException when ffmpeg cannot read them (the message carries the tail of its stderr)
     */
    public static Path extract(Path source, String container, Path target) {
        if (Files.isRegularFile(target)) {
            return target;
        }
        String demuxer = container == null ? "" : container.split(",")[0];
        if (!MediaReaders.SOURCE_DEMUXERS.contains(demuxer)) {
            throw new AssemblyException("reading the captions of " + source.getFileName() + ": its container '"
                    + container + "' is not one Darkroom reads");
        }
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        Path linkDir = null;
        try {
            Path input = source.toAbsolutePath().normalize();
            if (!PLAIN_PATH.matcher(input.toString()).matches()) {
                // the file name goes into a filter graph: a link with a plain name keeps quoting out of it
                linkDir = Files.createTempDirectory("darkroom-captions");
                String name = input.getFileName().toString();
                String ext = name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.'));
                input = Files.createSymbolicLink(
                        linkDir.resolve("source" + (PLAIN_PATH.matcher(ext).matches() ? ext : "")), input);
                if (!PLAIN_PATH.matcher(input.toString()).matches()) {
                    throw new AssemblyException("cannot name " + source.getFileName() + " in a filter graph: the"
                            + " temporary folder " + linkDir + " has characters a filter graph would read");
                }
            }
            Ffmpeg.Result r = Ffmpeg.ffmpeg(
                    List.of(
                            "-v",
                            "error",
                            "-f",
                            "lavfi",
                            "-i",
                            "movie=" + input + ":f=" + demuxer + "[out0+subcc]",
                            "-map",
                            "0:1",
                            "-c:s",
                            "copy",
                            "-f",
                            "mov",
                            "-y",
                            part.toString()),
                    TIMEOUT);
            if (!r.ok()) {
                throw new AssemblyException("reading the captions of " + source.getFileName() + " failed (exit "
                        + r.exitCode() + "): " + r.stderrTail());
            }
            Ffmpeg.Result count = Ffmpeg.ffprobe(
                    List.of(
                            "-v",
                            "error",
                            "-select_streams",
                            "s:0",
                            "-count_packets",
                            "-show_entries",
                            "stream=nb_read_packets",
                            "-of",
                            "csv=p=0",
                            part.toString()),
                    Duration.ofMinutes(1));
            if (!count.ok()
                    || count.stdout().strip().isEmpty()
                    || count.stdout().strip().equals("0")) {
                throw new AssemblyException("reading the captions of " + source.getFileName() + " failed: no caption"
                        + " data in its pictures");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new AssemblyException(
                    "reading the captions of " + source.getFileName() + " failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(part);
                if (linkDir != null) {
                    try (var files = Files.list(linkDir)) {
                        for (Path p : files.toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                    Files.deleteIfExists(linkDir);
                }
            } catch (IOException e) {
                // temporary files left in the work or temp folder
            }
        }
    }
}
