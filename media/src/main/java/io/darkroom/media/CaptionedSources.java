package io.darkroom.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sources with closed captions, for tests, made with the bundled ffmpeg: a QuickTime movie with a CEA-608 track
 * ({@code c608}, as Avid, Premiere and Resolve export broadcast masters) muxed from a small Scenarist SCC file, and an
 * MPEG-TS whose H.264 pictures carry the captions themselves (ATSC A/53 user data in SEI, as broadcast recordings
 * do), written here since FFmpeg's encoders only pass such captions on from a source that has them. Both hold one
 * pop-on caption, "DARKROOM CC".
 */
public final class CaptionedSources {
    /** The caption's words, as a CEA-608 decoder reads them. */
    public static final String CAPTION = "DARKROOM CC";

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /*
     * Scenarist SCC: 29.97 drop-frame times, CEA-608 byte pairs with odd parity. RCL (9420) loads a pop-on caption,
     * ENM (94ae) clears the hidden memory, PAC 9470 puts it on row 15, the text follows two characters a pair
     * ("DA" "RK" "RO" "OM" " C" "C" + padding), EOC (942f) shows it; EDM (942c) clears the screen.
     */
    private static final String SCC = "Scenarist_SCC V1.0\n\n"
            + "00:00:00;00\t9420 9420 94ae 94ae 9470 9470 c4c1 52cb 524f 4fcd 2043 4380 942f 942f\n\n"
            + "00:00:01;15\t942c 942c\n";

    private CaptionedSources() {}

    /**
     * {@code file} in {@code dir}: 320x180 H.264 at {@code fps} for {@code frames} frames, stereo AAC, and a CEA-608
     * caption track.
     */
    public static Path movWithCaptionTrack(Path dir, String file, int frames, int fps) {
        Path scc = dir.resolve(file + ".scc");
        Path out = dir.resolve(file);
        try {
            Files.writeString(scc, SCC, StandardCharsets.US_ASCII);
            run(List.of(
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=320x180:rate=" + fps,
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=440:sample_rate=48000:duration=" + (double) frames / fps,
                    "-i",
                    scc.toString(),
                    "-map",
                    "0:v",
                    "-map",
                    "1:a",
                    "-map",
                    "2:s",
                    "-frames:v",
                    String.valueOf(frames),
                    "-c:v",
                    "libx264",
                    "-preset",
                    "ultrafast",
                    "-pix_fmt",
                    "yuv420p",
                    "-c:a",
                    "aac",
                    "-ac",
                    "2",
                    "-c:s",
                    "copy",
                    "-f",
                    "mov",
                    out.toString()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(scc);
        }
    }

    /**
     * {@code file} in {@code dir}: 320x180 H.264 (no B-frames) at 30000/1001 for {@code frames} frames in MPEG-TS,
     * each picture preceded by an SEI with one CEA-608 byte pair of the caption (A/53 {@code cc_data}, field 1).
     */
    public static Path transportStreamWithEmbeddedCaptions(Path dir, String file, int frames) {
        Path raw = dir.resolve(file + ".h264");
        Path withSei = dir.resolve(file + ".cc.h264");
        Path out = dir.resolve(file);
        try {
            run(List.of(
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=320x180:rate=30000/1001",
                    "-frames:v",
                    String.valueOf(frames),
                    "-c:v",
                    "libx264",
                    "-preset",
                    "ultrafast",
                    "-bf",
                    "0",
                    "-pix_fmt",
                    "yuv420p",
                    "-f",
                    "h264",
                    raw.toString()));
            Files.write(withSei, withCaptionSei(Files.readAllBytes(raw)));
            run(List.of("-r", "30000/1001", "-i", withSei.toString(), "-c", "copy", "-f", "mpegts", out.toString()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(raw);
            deleteQuietly(withSei);
        }
    }

    /** CEA-608 byte pairs (odd parity) of the pop-on caption: RCL, ENM, PAC row 15, "DARKROOM CC", EOC. */
    private static final int[][] CAPTION_PAIRS = {
        {0x94, 0x20},
        {0x94, 0x20},
        {0x94, 0xae},
        {0x94, 0xae},
        {0x94, 0x70},
        {0x94, 0x70},
        {0xc4, 0xc1},
        {0x52, 0xcb},
        {0x52, 0x4f},
        {0x4f, 0xcd},
        {0x20, 0x43},
        {0x43, 0x80},
        {0x94, 0x2f},
        {0x94, 0x2f}
    };

    /** An Annex B stream with an A/53 caption SEI before the first slice of each picture. */
    static byte[] withCaptionSei(byte[] annexB) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(annexB.length + annexB.length / 8);
        List<int[]> nals = nalUnits(annexB);
        int picture = 0;
        for (int[] nal : nals) {
            int type = annexB[nal[0]] & 0x1f;
            // a slice (1 non-IDR, 5 IDR) whose first_mb_in_slice is 0 (ue(v) "1") starts a picture
            boolean firstSlice = (type == 1 || type == 5) && nal[1] - nal[0] > 1 && (annexB[nal[0] + 1] & 0x80) != 0;
            if (firstSlice) {
                int[] pair = picture < CAPTION_PAIRS.length ? CAPTION_PAIRS[picture] : new int[] {0x80, 0x80};
                out.writeBytes(new byte[] {0, 0, 0, 1});
                out.writeBytes(captionSei(pair[0], pair[1]));
                picture++;
            }
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.write(annexB, nal[0], nal[1] - nal[0]);
        }
        return out.toByteArray();
    }

    /** [start, end) of each NAL unit's bytes (after its start code, without trailing zero bytes). */
    private static List<int[]> nalUnits(byte[] b) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                starts.add(i + 3);
                i += 2;
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int end = k + 1 < starts.size() ? starts.get(k + 1) - 3 : b.length;
            while (end > starts.get(k) && b[end - 1] == 0) {
                end--;
            }
            out.add(new int[] {starts.get(k), end});
        }
        return out;
    }

    /** An SEI NAL unit: user_data_registered_itu_t_t35 (payload 4), ATSC "GA94" cc_data with one field-1 pair. */
    private static byte[] captionSei(int cc1, int cc2) {
        byte[] userData = {
            (byte) 0xb5,
            0x00,
            0x31,
            'G',
            'A',
            '9',
            '4',
            0x03,
            (byte) (0x40 | 1),
            (byte) 0xff,
            (byte) 0xfc,
            (byte) cc1,
            (byte) cc2,
            (byte) 0xff
        };
        ByteArrayOutputStream rbsp = new ByteArrayOutputStream();
        rbsp.write(4);
        rbsp.write(userData.length);
        rbsp.writeBytes(userData);
        rbsp.write(0x80);
        ByteArrayOutputStream nal = new ByteArrayOutputStream();
        nal.write(0x06);
        int zeros = 0;
        for (byte v : rbsp.toByteArray()) {
            if (zeros >= 2 && (v & 0xff) <= 3) {
                nal.write(3); // emulation prevention
                zeros = 0;
            }
            nal.write(v);
            zeros = v == 0 ? zeros + 1 : 0;
        }
        return nal.toByteArray();
    }

    private static void run(List<String> args) {
        List<String> a = new ArrayList<>(List.of("-v", "error", "-y"));
        a.addAll(args);
        Ffmpeg.Result r = Ffmpeg.ffmpeg(a, TIMEOUT);
        if (!r.ok()) {
            throw new IllegalStateException("ffmpeg could not make a captioned source: " + r.stderrTail());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover file in a test folder
        }
    }

    /** The caption text of a file's first CEA-608 track, as SubRip, read with the bundled ffmpeg. */
    public static String captionText(Path file) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of("-v", "error", "-i", file.toString(), "-map", "0:s:0", "-c:s", "srt", "-f", "srt", "-"),
                TIMEOUT);
        if (!r.ok()) {
            throw new IllegalStateException("no caption track read from " + file + ": " + r.stderrTail());
        }
        return r.stdout();
    }
}
