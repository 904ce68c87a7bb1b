package io.darkroom.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Darkroom opens a source file with FFmpeg: our own allowlists, not FFmpeg's defaults. Only the local file
 * protocol (no http, no {@code concat:}/{@code subfile:}/{@code data:} tricks) and only container demuxers that hold
 * their media inside the file: playlists and files that name other files (HLS, DASH, ffconcat, image patterns) are
 * refused, so a source can neither reach the network nor read outside its storage root. Used by every probe and
 * decoder that reads a user's source (ffprobe, ffmpeg and JavaCV's grabber).
 */
public final class MediaReaders {
    /** The only protocol a source is read through. */
    public static final String PROTOCOLS = "file";
    /** Source containers Darkroom reads (FFmpeg demuxer names). */
    public static final List<String> SOURCE_DEMUXERS = List.of(
            "mov",
            "mp4",
            "m4a",
            "3gp",
            "3g2",
            "mj2",
            "matroska",
            "webm",
            "mxf",
            "mpegts",
            "mpeg",
            "avi",
            "dv",
            "gxf",
            "lxf",
            "flv",
            "ogg",
            "wav",
            "aiff",
            "w64",
            "ivf",
            "obu",
            "h264",
            "hevc",
            "m4v",
            "mpegvideo",
            "yuv4mpegpipe");

    private static final Pattern OVER_MAX_PIXELS =
            Pattern.compile("Picture size (\\d+)x(\\d+) exceeds specified max pixel count (\\d+)");
    private static final Pattern REFUSED_FORMAT = Pattern.compile("\\[(\\w+) @ 0x[0-9a-f]+\\] Format not on whitelist");
    private static final Pattern REFUSED_PROTOCOL = Pattern.compile("Protocol '(\\w+)' not on whitelist");

    private MediaReaders() {}

    /** The input argument for ffmpeg/ffprobe: the file protocol named explicitly, so no prefix picks another. */
    public static String url(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    /** ffmpeg/ffprobe options to place before a source input. */
    public static List<String> inputOptions() {
        return List.of("-protocol_whitelist", PROTOCOLS, "-format_whitelist", String.join(",", SOURCE_DEMUXERS));
    }

    /**
     * {@link #inputOptions()} and FFmpeg's {@code max_pixels} decoder option: no decoder allocates a picture much
     * bigger than the source-pixel budget ({@code darkroom.budgets.source-pixels}), whatever the stream claims half-way
     * through. See {@link #decoderMaxPixels}.
     */
    public static List<String> inputOptions(long sourcePixels) {
        List<String> args = new ArrayList<>(inputOptions());
        args.add("-max_pixels");
        args.add(Long.toString(decoderMaxPixels(sourcePixels)));
        return args;
    }

    /**
     * FFmpeg's {@code max_pixels} for a source-pixel budget: the budget and an eighth. FFmpeg weighs the picture it
     * allocates, rows padded to its stride alignment (426 wide is allocated 448), so a source the budget takes
     * (checked exactly on its probed size) must still decode; an eighth covers the padding of any picture 512 or
     * more wide.
     */
    public static long decoderMaxPixels(long sourcePixels) {
        return sourcePixels > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : sourcePixels + sourcePixels / 8;
    }

    /** {@link #inputOptions(long)} then the url: for ffprobe. */
    public static List<String> ffprobeInput(Path file, long sourcePixels) {
        List<String> args = new ArrayList<>(inputOptions(sourcePixels));
        args.add(url(file));
        return args;
    }

    /** The decoder options of {@link #inputOptions(long)} for JavaCV's grabber ({@code setVideoOption}). */
    public static Map<String, String> decoderOptions(long sourcePixels) {
        return Map.of("max_pixels", Long.toString(decoderMaxPixels(sourcePixels)));
    }

    /**
     * The picture size a decoder refused because of {@link #inputOptions(long)}, from FFmpeg's stderr: {@code
     * [width, height, max pixels]}; empty when it refused none.
     */
    public static Optional<long[]> overMaxPixels(String stderr) {
        Matcher m = OVER_MAX_PIXELS.matcher(stderr);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(
                new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
    }

    /** {@link #inputOptions()} then {@code -i <url>}: for ffmpeg. */
    public static List<String> ffmpegInput(Path file) {
        List<String> args = new ArrayList<>(inputOptions());
        args.add("-i");
        args.add(url(file));
        return args;
    }

    /** {@link #inputOptions()} then the url: for ffprobe, whose input is positional. */
    public static List<String> ffprobeInput(Path file) {
        List<String> args = new ArrayList<>(inputOptions());
        args.add(url(file));
        return args;
    }

    /** The same allowlists as format options for JavaCV's FFmpegFrameGrabber ({@code setOption}). */
    public static Map<String, String> grabberOptions() {
        return Map.of("protocol_whitelist", PROTOCOLS, "format_whitelist", String.join(",", SOURCE_DEMUXERS));
    }

    /**
     * Why FFmpeg refused a file because of these allowlists, from its stderr: "an hls file (a playlist ...)" or
     * "the protocol 'http'"; empty when the refusal was something else.
     */
    public static Optional<String> refusal(String stderr) {
        Matcher format = REFUSED_FORMAT.matcher(stderr);
        if (format.find()) {
            return Optional.of("it is a '" + format.group(1) + "' file, which Darkroom does not read (playlists and"
                    + " files that name other files are refused; sources must be media containers)");
        }
        Matcher protocol = REFUSED_PROTOCOL.matcher(stderr);
        if (protocol.find()) {
            return Optional.of(
                    "it names the protocol '" + protocol.group(1) + "'; sources are read as local files only");
        }
        return Optional.empty();
    }
}
