package io.darkroom.media.assembly;

import io.darkroom.media.Ffmpeg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Joins a clip's video segments by stream copy (FFmpeg's concat demuxer), muxes its audio and, when asked, the
 * source's CEA-608 caption track by stream copy, and writes timecode and metadata tags. Never re-encodes.
 *
 * <p>The file is written under a hidden temporary name in the output's folder and published at the end under its
 * final name without ever replacing an existing file (a hard link, which fails if the name exists; where the file
 * system has no hard links, an atomic rename after an existence check). On failure nothing is left behind.
 */
public final class SegmentAssembler {
    private static final Logger LOG = Logger.getLogger(SegmentAssembler.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Pattern TIMECODE = Pattern.compile("\\d{2}:\\d{2}:\\d{2}[:;.]\\d{2,3}");
    private static final Map<String, String> FORMATS = Map.of(
            "mp4",
            "mp4",
            "m4v",
            "mp4",
            "mov",
            "mov",
            "mkv",
            "matroska",
            "mka",
            "matroska",
            "webm",
            "webm",
            "mxf",
            "mxf");

    private SegmentAssembler() {}

    /**
     * Assembles {@code req.output()}.
     *
     * @throws AssemblyException when the output exists, a segment or the audio file is missing, or ffmpeg fails
     *                           (the message carries the tail of its stderr)
     * @throws IllegalArgumentException for a malformed timecode or metadata key
     */
    public static void assemble(AssemblyRequest req) {
        Path output = req.output().toAbsolutePath().normalize();
        String format = formatOf(req);
        List<String> tags = tagArgs(req, format);
        checkInputs(req, output);
        String stem = "." + output.getFileName() + "." + UUID.randomUUID();
        Path list = output.resolveSibling(stem + ".ffconcat");
        Path part = output.resolveSibling(stem + ".part");
        try {
            Files.writeString(list, ConcatList.of(req.segments()), StandardCharsets.UTF_8);
            Ffmpeg.Result r = Ffmpeg.ffmpeg(args(req, list, part, format, tags), TIMEOUT);
            if (!r.ok()) {
                throw new AssemblyException("assembling " + output.getFileName() + " failed (exit " + r.exitCode()
                        + "): " + r.stderrTail());
            }
            publish(part, output);
            LOG.debugf("assembled %s from %d segments", output, req.segments().size());
        } catch (IOException e) {
            throw new AssemblyException("assembling " + output.getFileName() + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(list);
            deleteQuietly(part);
        }
    }

    private static List<String> args(AssemblyRequest req, Path list, Path part, String format, List<String> tags) {
        List<String> a = new ArrayList<>(List.of("-v", "error", "-f", "concat", "-safe", "0", "-i", list.toString()));
        if (req.audioOrNull() != null) {
            a.addAll(List.of("-i", req.audioOrNull().toAbsolutePath().toString()));
        }
        AssemblyRequest.CaptionTrack captions = req.captionsOrNull();
        if (captions != null) {
            a.addAll(List.of(
                    "-itsoffset",
                    String.format(Locale.ROOT, "%.6f", -captions.videoStartUs() / 1e6),
                    "-i",
                    captions.source().toAbsolutePath().toString()));
        }
        a.addAll(List.of("-map", "0:v:0"));
        if (req.audioOrNull() != null) {
            a.addAll(List.of("-map", "1:a:0"));
        }
        if (captions != null) {
            a.addAll(List.of("-map", (req.audioOrNull() != null ? 2 : 1) + ":s:0"));
        }
        a.addAll(List.of("-c", "copy", "-map_chapters", "-1"));
        a.addAll(tags);
        if (format.equals("mp4") || format.equals("mov")) {
            a.addAll(List.of("-movflags", "+faststart"));
        }
        a.addAll(List.of("-f", format, "-y", part.toString()));
        return a;
    }

    /**
     * Timecode and metadata arguments. mp4/mov get a tmcd track, MXF a timecode track in its material package and
     * Matroska a TIMECODE tag through {@code -timecode}; other containers keep the timecode as a plain
     * {@code timecode} tag. A reel name goes on the video stream as {@code reel_name} (the MOV muxer writes it into
     * the tmcd track) and, for MXF, as the material package name.
     */
    static List<String> tagArgs(AssemblyRequest req, String format) {
        List<String> a = new ArrayList<>();
        String tc = req.timecodeOrNull();
        if (tc != null) {
            if (!TIMECODE.matcher(tc).matches()) {
                throw new IllegalArgumentException("timecode must be HH:MM:SS:FF, was '" + tc + "'");
            }
            boolean native_ =
                    format.equals("mp4") || format.equals("mov") || format.equals("matroska") || format.equals("mxf");
            a.addAll(native_ ? List.of("-timecode", tc) : List.of("-metadata", "timecode=" + tc));
        }
        String reel = req.reelNameOrNull();
        if (reel != null) {
            a.addAll(List.of("-metadata:s:v:0", "reel_name=" + reel));
            if (format.equals("mxf")) {
                a.addAll(List.of("-metadata", "material_package_name=" + reel));
            } else if (!req.metadata().containsKey("reel_name")) {
                a.addAll(List.of("-metadata", "reel_name=" + reel));
            }
        }
        req.metadata().forEach((k, v) -> {
            if (k == null || k.isBlank() || k.contains("=") || v == null) {
                throw new IllegalArgumentException("bad metadata entry: '" + k + "' = '" + v + "'");
            }
            a.addAll(List.of("-metadata", k + "=" + v));
        });
        return a;
    }

    static String formatOf(AssemblyRequest req) {
        String name = req.output().getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        String format = FORMATS.getOrDefault(ext, FORMATS.get(req.preset().extension()));
        if (format == null) {
            throw new IllegalArgumentException("no container known for " + name + " (preset "
                    + req.preset().id() + ")");
        }
        return format;
    }

    private static void checkInputs(AssemblyRequest req, Path output) {
        if (Files.exists(output)) {
            throw new AssemblyException(output + " already exists; refusing to overwrite");
        }
        if (!Files.isDirectory(output.getParent())) {
            throw new AssemblyException("output folder " + output.getParent() + " does not exist");
        }
        for (Path s : req.segments()) {
            if (!Files.isRegularFile(s)) {
                throw new AssemblyException("segment " + s + " is missing");
            }
        }
        if (req.audioOrNull() != null && !Files.isRegularFile(req.audioOrNull())) {
            throw new AssemblyException("audio file " + req.audioOrNull() + " is missing");
        }
        if (req.captionsOrNull() != null
                && !Files.isRegularFile(req.captionsOrNull().source())) {
            throw new AssemblyException("caption source " + req.captionsOrNull().source() + " is missing");
        }
    }

    /** Gives {@code part} the name {@code output}; never replaces an existing file. */
    private static void publish(Path part, Path output) throws IOException {
        try {
            Files.createLink(output, part);
        } catch (FileAlreadyExistsException e) {
            throw new AssemblyException(output + " appeared while assembling; refusing to overwrite", e);
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.exists(output)) {
                throw new AssemblyException(output + " appeared while assembling; refusing to overwrite", e);
            }
            Files.move(part, output, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warnf("could not delete temporary file %s: %s", p, e.getMessage());
        }
    }
}
