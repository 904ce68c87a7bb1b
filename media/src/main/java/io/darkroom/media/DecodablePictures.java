package io.darkroom.media;

import io.darkroom.contracts.MediaInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tells a source's packets from its decodable pictures where they can differ, so that the planner and QC count
 * what a decoder really gives. A demux-only packet scan looks for the signs: packets before the first keyframe (a
 * transport stream or MP4 cut mid-GOP), an index listing more frames than the file holds or a last packet flagged
 * corrupt (a cut-off mdat, a truncated file), codecs with hidden frames. Only then are the pictures counted by
 * decoding, and the difference is reported as source damage ({@link MediaInfo#damage()}); hidden frames are not
 * damage.
 */
final class DecodablePictures {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /**
     * Codecs whose packets are not always pictures: VP8/VP9/AV1 hidden (alt-ref) frames, HEVC from phones whose
     * first packets are never shown (the iPhone HLG sample: 5 packets, 4 pictures).
     */
    private static final Set<String> HIDDEN_FRAME_CODECS = Set.of("vp8", "vp9", "av1", "hevc");
    /** Above this many packets the pictures are not counted by decoding (too slow for a submit-time probe). */
    static final long DECODE_COUNT_LIMIT = 20_000;

    private DecodablePictures() {}

    /** What a demux-only scan of the first video stream's packets found (decode order). */
    record PacketScan(long packets, long leadingNonKey, boolean lastCorrupt) {

        /** Parses ffprobe {@code packet=flags} csv lines (K = keyframe, C = corrupt). */
        static PacketScan parse(String csv) {
            return of(java.util.Arrays.stream(csv.split("\n"))
                    .map(String::strip)
                    .filter(f -> !f.isEmpty())
                    .toList());
        }

        /** Reads ffprobe's JSON {@code packets} ({@code packet=stream_index,flags}) of stream {@code streamIndex}. */
        static PacketScan of(com.fasterxml.jackson.databind.JsonNode packets, int streamIndex) {
            List<String> flags = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode p : packets) {
                if (p.path("stream_index").asInt(-1) == streamIndex) {
                    flags.add(p.path("flags").asText(""));
                }
            }
            return of(flags);
        }

        private static PacketScan of(List<String> packetFlags) {
            long packets = 0;
            long leading = 0;
            boolean keySeen = false;
            boolean lastCorrupt = false;
            for (String flags : packetFlags) {
                packets++;
                keySeen |= flags.contains("K");
                if (!keySeen) {
                    leading++;
                }
                lastCorrupt = flags.contains("C");
            }
            return new PacketScan(packets, keySeen ? leading : 0, lastCorrupt);
        }
    }

    /**
     * The probe result of {@code file} with its decodable pictures: unchanged where packets are pictures, else with
     * the decoded count (and, for a damaged source, the first picture's time, their duration and the damage).
     *
     * @param indexFrames the frame count the container's index states (ffprobe {@code nb_frames}), 0 = none
     */
    static MediaInfo check(Path file, MediaInfo info, long indexFrames, long maxPixels) {
        return check(file, info, indexFrames, maxPixels, null);
    }

    /** @param known the packet scan when the probe already made it, null to make it here */
    static MediaInfo check(Path file, MediaInfo info, long indexFrames, long maxPixels, PacketScan known) {
        if (info.frameCount() > DECODE_COUNT_LIMIT) {
            return info;
        }
        boolean hidden = HIDDEN_FRAME_CODECS.contains(info.videoCodec());
        PacketScan scan = known != null ? known : scan(file);
        boolean suspect = hidden
                || scan != null && (scan.leadingNonKey() > 0 || scan.lastCorrupt() || indexFrames > scan.packets());
        if (!suspect) {
            return info;
        }
        List<Long> pictures = decode(file, maxPixels);
        if (pictures == null || pictures.isEmpty()) {
            return info;
        }
        return judge(info, scan, indexFrames, hidden, pictures);
    }

    /** The verdict once both counts are known (kept apart from FFmpeg for unit tests). */
    static MediaInfo judge(MediaInfo info, PacketScan scan, long indexFrames, boolean hidden, List<Long> pictures) {
        long packets = scan == null ? info.frameCount() : scan.packets();
        long decoded = pictures.size();
        long missing = Math.max(0, packets - decoded);
        boolean lastCorrupt = scan != null && scan.lastCorrupt();
        long leadingNonKey = scan == null ? 0 : scan.leadingNonKey();
        // a start mid-GOP: every undecodable packet but a corrupt last one is at the start (open-GOP B-frames after
        // the first keyframe too); with hidden frames only the packets before the first keyframe count as damage
        long leading = leadingNonKey == 0
                ? 0
                : hidden ? Math.min(leadingNonKey, missing) : Math.max(0, missing - (lastCorrupt ? 1 : 0));
        boolean truncated = indexFrames > packets || lastCorrupt || !hidden && missing - leading > 0;
        List<String> damage = new ArrayList<>();
        if (leading > 0) {
            damage.add("source: " + leading + " leading packet" + (leading == 1 ? "" : "s")
                    + " undecodable (starts mid-GOP)");
        }
        if (truncated) {
            damage.add("source truncated after frame " + decoded);
        }
        if (damage.isEmpty()) {
            return decoded == info.frameCount() ? info : info.withFrameCount(decoded);
        }
        Long first = pictures.get(0);
        long start = first == null ? info.startUs() : first;
        long duration = info.fpsNum() <= 0 ? info.durationUs() : decoded * info.fpsDen() * 1_000_000L / info.fpsNum();
        return info.withDecodablePictures(decoded, start, duration, damage);
    }

    private static PacketScan scan(Path file) {
        List<String> args = new ArrayList<>(
                List.of("-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags", "-of", "csv=p=0"));
        args.addAll(MediaReaders.ffprobeInput(file));
        Ffmpeg.Result r = Ffmpeg.ffprobe(args, TIMEOUT);
        return r.ok() ? PacketScan.parse(r.stdout()) : null;
    }

    /**
     * Presentation times (microseconds; null where unknown) of the pictures the decoder gives, in output order;
     * null when decoding fails.
     */
    private static List<Long> decode(Path file, long maxPixels) {
        List<String> args = new ArrayList<>(List.of(
                "-v",
                "quiet",
                "-select_streams",
                "v:0",
                "-show_entries",
                "frame=best_effort_timestamp_time",
                "-of",
                "csv=p=0"));
        args.addAll(MediaReaders.ffprobeInput(file, maxPixels));
        Ffmpeg.Result r = Ffmpeg.ffprobe(args, TIMEOUT);
        if (!r.ok()) {
            return null;
        }
        return parseTimes(r.stdout());
    }

    /** One entry per {@code frame} csv line: its time in microseconds, null when N/A. */
    static List<Long> parseTimes(String csv) {
        List<Long> times = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String first = line.strip().split(",", -1)[0].strip();
            if (line.isBlank()) {
                continue;
            }
            try {
                times.add(Math.round(Double.parseDouble(first) * 1_000_000));
            } catch (NumberFormatException e) {
                times.add(null);
            }
        }
        return times;
    }
}
