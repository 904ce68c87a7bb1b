package io.darkroom.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.recipe.Budgets;
import io.darkroom.recipe.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Probes a file with the bundled ffprobe: the first video stream (frames counted exactly from packets, or from
 * decoded pictures where they differ: {@link DecodablePictures}), the first audio stream, rotation and start timecode.
 */
public final class Probe {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int CAPTION_PROBE_FRAMES = 5;
    /** FFmpeg's name for the A/53 caption side data of a decoded picture. */
    private static final String A53_SIDE_DATA = "ATSC A53 Part 4 Closed Captions";

    private Probe() {}

    /** {@link #probe(Path, long)} with the default source-pixel budget. */
    public static MediaInfo probe(Path file) {
        return probe(file, Budgets.DEFAULT_SOURCE_PIXELS);
    }

    /**
     * Probes {@code file}, its decoders allocating no picture over {@code maxPixels} (the site's
     * {@code darkroom.budgets.source-pixels}): a stream whose pictures are bigger is refused as over budget even where
     * its container's header says otherwise.
     */
    public static MediaInfo probe(Path file, long maxPixels) {
        return probe(file, maxPixels, true);
    }

    /**
     * Probes one of Darkroom's own outputs for QC ({@code OutputVerifier}): as {@link #probe(Path)} but without the
     * look for captions inside the pictures, which QC does not check (one ffprobe run per output less: a job of short
     * takes pays that per output).
     */
    public static MediaInfo probeOutput(Path file) {
        return probeOutput(file, Long.MAX_VALUE);
    }

    /**
     * As {@link #probeOutput(Path)} for an output expected to hold {@code expectedFrames} pictures: when that is few
     * enough for the packet scan ({@link DecodablePictures#DECODE_COUNT_LIMIT}), the packets' flags come with the
     * same ffprobe run, so a sound output costs one run instead of three.
     */
    public static MediaInfo probeOutput(Path file, long expectedFrames) {
        return probe(
                file, Budgets.DEFAULT_SOURCE_PIXELS, false, expectedFrames <= DecodablePictures.DECODE_COUNT_LIMIT);
    }

    private static MediaInfo probe(Path file, long maxPixels, boolean captions) {
        return probe(file, maxPixels, captions, false);
    }

    /**
     * @param packetFlags whether the one ffprobe run also lists every packet's stream and flags (the damage scan of
     *                    {@link DecodablePictures}, else a run of its own): one JSON node per packet, so only for
     *                    files known to be short
     */
    private static MediaInfo probe(Path file, long maxPixels, boolean captions, boolean packetFlags) {
        List<String> args = new ArrayList<>(
                List.of("-v", "error", "-count_packets", "-show_streams", "-show_format", "-of", "json"));
        if (packetFlags) {
            args.addAll(List.of("-show_entries", "packet=stream_index,flags"));
        }
        args.addAll(MediaReaders.ffprobeInput(file, maxPixels));
        Ffmpeg.Result r = Ffmpeg.ffprobe(args, TIMEOUT);
        if (r.exitCode() == 124) {
            throw new ProbeException(Problem.PROBE_FAILED, "probing " + file.getFileName() + " timed out");
        }
        var over = MediaReaders.overMaxPixels(r.stderr());
        if (over.isPresent()) { // some decoders leave ffprobe exiting 0 with a 0x0 stream
            long[] size = over.get();
            throw new ProbeException(
                    Problem.OVER_BUDGET,
                    String.format(
                            Locale.ROOT,
                            "%s holds pictures of %dx%d (%.1f Mpx as decoded); this site takes sources up to"
                                    + " %.1f Mpx (darkroom.budgets.source-pixels)",
                            file.getFileName(),
                            size[0],
                            size[1],
                            size[0] * size[1] / 1e6,
                            maxPixels / 1e6));
        }
        if (!r.ok()) {
            // never FFmpeg's own words: they carry the host path of the file
            throw new ProbeException(
                    Problem.NOT_MEDIA,
                    file.getFileName() + " is not a media file" + " Darkroom can read"
                            + MediaReaders.refusal(r.stderr())
                                    .map(why -> ": " + why)
                                    .orElse(""));
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(r.stdout());
        } catch (Exception e) {
            throw new ProbeException(Problem.PROBE_FAILED, "unreadable probe output for " + file.getFileName());
        }
        MediaInfo info = fromJson(root, sizeOf(file), file.getFileName().toString());
        if (captions && info.closedCaptions() == null && embeddedCaptions(file, info.videoCodec(), maxPixels)) {
            info = info.withBroadcastDetails(MediaInfo.CAPTIONS_EMBEDDED, info.opAtom());
        }
        DecodablePictures.PacketScan scan =
                packetFlags ? DecodablePictures.PacketScan.of(root.path("packets"), videoIndex(root)) : null;
        return DecodablePictures.check(file, info, indexFrames(root), maxPixels, scan);
    }

    /**
     * Whether the first pictures of an H.264, HEVC or MPEG-2 stream carry CEA-608/708 captions (ATSC A/53 user data,
     * which the decoder exports as frame side data; ffprobe's stream fields no longer say). Decodes the first
     * {@value #CAPTION_PROBE_FRAMES} pictures; broadcast captions ride on every picture, padding when silent.
     */
    static boolean embeddedCaptions(Path file, String codec, long maxPixels) {
        if (!List.of("h264", "hevc", "mpeg2video").contains(codec)) {
            return false;
        }
        List<String> args = new ArrayList<>(List.of(
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-read_intervals",
                "%+#" + CAPTION_PROBE_FRAMES,
                "-show_frames",
                "-show_entries",
                "frame=side_data_list",
                "-of",
                "json"));
        args.addAll(MediaReaders.ffprobeInput(file, maxPixels));
        Ffmpeg.Result r = Ffmpeg.ffprobe(args, Duration.ofSeconds(30));
        return r.ok() && r.stdout().contains(A53_SIDE_DATA);
    }

    /** The index of the first video stream (ffprobe's {@code -select_streams v:0}), -1 = none. */
    static int videoIndex(JsonNode root) {
        for (JsonNode s : root.path("streams")) {
            if ("video".equals(s.path("codec_type").asText())) {
                return s.path("index").asInt(-1);
            }
        }
        return -1;
    }

    /** The frame count the container's index states for the first video stream (ffprobe nb_frames), 0 = none. */
    static long indexFrames(JsonNode root) {
        for (JsonNode s : root.path("streams")) {
            if ("video".equals(s.path("codec_type").asText())
                    && s.path("disposition").path("attached_pic").asInt() != 1) {
                return s.path("nb_frames").asLong(0);
            }
        }
        return 0;
    }

    /** Builds MediaInfo from ffprobe's JSON ({@code -show_streams -show_format -count_packets}). */
    static MediaInfo fromJson(JsonNode root, long size, String name) {
        JsonNode video = null;
        JsonNode audio = null;
        int audioStreams = 0;
        String timecode = null;
        JsonNode firstSubtitle = null;
        for (JsonNode s : root.path("streams")) {
            String type = s.path("codec_type").asText();
            if ("subtitle".equals(type) && firstSubtitle == null) {
                firstSubtitle = s;
            }
            boolean attachedPic = s.path("disposition").path("attached_pic").asInt() == 1;
            if ("video".equals(type) && video == null && !attachedPic) {
                video = s;
            } else if ("audio".equals(type)) {
                audioStreams++;
                if (audio == null) {
                    audio = s;
                }
            }
            String tc = tag(s, "timecode");
            if (tc != null && timecode == null) {
                timecode = tc;
            }
        }
        JsonNode format = root.path("format");
        if (video == null) {
            throw new ProbeException(Problem.NO_VIDEO, name + " has no video stream");
        }
        String fmtTc = tag(format, "timecode");
        if (timecode == null) {
            timecode = fmtTc;
        }
        int[] avg = rational(video.path("avg_frame_rate").asText("0/0"));
        int[] nominal = rational(video.path("r_frame_rate").asText("0/0"));
        if (avg[0] <= 0 || avg[1] <= 0) {
            avg = nominal;
        }
        long frames =
                video.path("nb_read_packets").asLong(video.path("nb_frames").asLong(0));
        double durationSec = video.path("duration").asDouble(Double.NaN);
        if (Double.isNaN(durationSec) || durationSec <= 0) {
            // Matroska keeps per-stream durations only as a DURATION tag (HH:MM:SS.nnnnnnnnn)
            durationSec = clockSeconds(tag(video, "duration"));
        }
        if (Double.isNaN(durationSec) || durationSec <= 0) {
            durationSec = format.path("duration").asDouble(Double.NaN);
        }
        if ((Double.isNaN(durationSec) || durationSec <= 0) && avg[0] > 0 && avg[1] > 0) {
            durationSec = frames * (double) avg[1] / avg[0];
        }
        if (frames > 0 && durationSec > 0 && (avg[0] <= 0 || avg[1] <= 0)) {
            avg = new int[] {(int) Math.round(frames * 1000.0 / durationSec), 1000};
        }
        double start = video.path("start_time").asDouble(0);
        int rotation = rotationOf(video);
        int w = video.path("width").asInt();
        int h = video.path("height").asInt();
        boolean swap = rotation == 90 || rotation == 270;
        boolean vfr = avg[0] > 0 && nominal[0] > 0 && (long) avg[0] * nominal[1] != (long) nominal[0] * avg[1];
        return new MediaInfo(
                        format.path("format_name").asText(),
                        video.path("codec_name").asText(),
                        w,
                        h,
                        rotation,
                        swap ? h : w,
                        swap ? w : h,
                        video.path("pix_fmt").asText(null),
                        avg[0],
                        avg[1],
                        vfr,
                        frames,
                        Math.round(start * 1_000_000),
                        Double.isNaN(durationSec) ? 0 : Math.round(durationSec * 1_000_000),
                        audioStreams,
                        audioChannels(root, audio),
                        audio == null ? null : audio.path("codec_name").asText(),
                        timecode,
                        size,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false,
                        null,
                        null,
                        false)
                .withPictureDetails(
                        known(video, "color_range"),
                        known(video, "color_space"),
                        known(video, "color_transfer"),
                        known(video, "color_primaries"),
                        known(video, "field_order"),
                        sampleAspect(video))
                .withMirrored(mirroredOf(video))
                .withBroadcastDetails(captionsOf(video, firstSubtitle), opAtom(format));
    }

    /**
     * The source's closed captions: {@link MediaInfo#CAPTIONS_EMBEDDED} when the video decoder found CEA-608/708 in
     * the picture stream (ffprobe {@code closed_captions}), {@link MediaInfo#CAPTIONS_TRACK} when the first subtitle
     * stream is a CEA-608 track (QuickTime {@code c608}); null when neither.
     */
    static String captionsOf(JsonNode video, JsonNode firstSubtitle) {
        // ffprobe before 8 printed closed_captions on the stream; later ones leave it to embeddedCaptions
        if (video.path("closed_captions").asInt(0) == 1) {
            return MediaInfo.CAPTIONS_EMBEDDED;
        }
        if (firstSubtitle != null
                && "eia_608".equals(firstSubtitle.path("codec_name").asText())) {
            return MediaInfo.CAPTIONS_TRACK;
        }
        return null;
    }

    /** MXF whose operational pattern label is OP-Atom (SMPTE 390M: {@code 060e2b34.0401010x.0d010201.10...}). */
    static boolean opAtom(JsonNode format) {
        String ul = tag(format, "operational_pattern_ul");
        return ul != null && ul.toLowerCase(Locale.ROOT).contains(".0d010201.10");
    }

    /**
     * The channels of the sound: one per track when there are two or more audio streams, all mono at one sample
     * rate (at most {@link MediaInfo#MAX_MONO_TRACKS}), else the first audio stream's; 0 without sound.
     */
    static int audioChannels(JsonNode root, JsonNode firstAudio) {
        if (firstAudio == null) {
            return 0;
        }
        int mono = 0;
        for (JsonNode s : root.path("streams")) {
            if (!"audio".equals(s.path("codec_type").asText())) {
                continue;
            }
            if (s.path("channels").asInt() != 1
                    || s.path("sample_rate").asInt()
                            != firstAudio.path("sample_rate").asInt()) {
                return firstAudio.path("channels").asInt();
            }
            mono++;
        }
        return mono > 1
                ? Math.min(mono, MediaInfo.MAX_MONO_TRACKS)
                : firstAudio.path("channels").asInt();
    }

    /** A string field of a stream, null when absent, empty or "unknown". */
    static String known(JsonNode stream, String field) {
        String v = stream.path(field).asText(null);
        return v == null || v.isBlank() || "unknown".equals(v) || "N/A".equals(v) ? null : v;
    }

    /** ffprobe's sample_aspect_ratio ("1:1", "64:45"); null when absent or "0:1" (unknown). */
    static String sampleAspect(JsonNode stream) {
        String v = known(stream, "sample_aspect_ratio");
        return v == null || v.startsWith("0:") || v.endsWith(":0") ? null : v;
    }

    /** A tag of a stream or format node, matched case-insensitively (Matroska writes TIMECODE, DURATION). */
    static String tag(JsonNode node, String name) {
        var it = node.path("tags").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name) && e.getValue().isValueNode()) {
                return e.getValue().asText();
            }
        }
        return null;
    }

    /** Seconds of an {@code HH:MM:SS.fraction} clock, NaN when absent or malformed. */
    static double clockSeconds(String clock) {
        if (clock == null) {
            return Double.NaN;
        }
        String[] parts = clock.strip().split(":");
        if (parts.length != 3) {
            return Double.NaN;
        }
        try {
            return Integer.parseInt(parts[0]) * 3600.0
                    + Integer.parseInt(parts[1]) * 60.0
                    + Double.parseDouble(parts[2]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Clockwise degrees to turn the decoded picture upright (FFmpeg's autorotate angle), 0..270. */
    static int rotationOf(JsonNode video) {
        double r = 0;
        boolean found = false;
        for (JsonNode sd : video.path("side_data_list")) {
            if (sd.has("rotation")) {
                r = sd.path("rotation").asDouble();
                found = true;
            }
        }
        if (!found && video.path("tags").has("rotate")) {
            // legacy tag: clockwise already
            return normalise(video.path("tags").path("rotate").asDouble());
        }
        // the display matrix rotation is counter-clockwise; FFmpeg turns the picture by its negation
        return normalise(-r);
    }

    /**
     * Whether the display matrix reflects the picture: its 2x2 part (ffprobe prints the matrix as three rows of
     * three 16.16 / 2.30 numbers) has a negative determinant. FFmpeg's autorotate then flips as well as turns.
     */
    static boolean mirroredOf(JsonNode video) {
        for (JsonNode sd : video.path("side_data_list")) {
            String text = sd.path("displaymatrix").asText(null);
            if (text == null) {
                continue;
            }
            List<Long> m = new ArrayList<>();
            for (String line : text.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                for (String v : line.substring(colon + 1).trim().split("\\s+")) {
                    if (!v.isEmpty()) {
                        try {
                            m.add(Long.parseLong(v));
                        } catch (NumberFormatException e) {
                            return false;
                        }
                    }
                }
            }
            if (m.size() == 9) {
                return (double) m.get(0) * m.get(4) - (double) m.get(1) * m.get(3) < 0;
            }
        }
        return false;
    }

    private static int normalise(double degrees) {
        int d = (int) Math.round(degrees / 90.0) * 90;
        return ((d % 360) + 360) % 360;
    }

    static int[] rational(String s) {
        String[] parts = s.split("/");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
            return new int[] {Integer.parseInt(parts[0].trim()), 1};
        } catch (NumberFormatException e) {
            return new int[] {0, 0};
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (Exception e) {
            return 0;
        }
    }
}
