package io.darkroom.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Sources made to attack the decoder, for tests: an H.264 stream whose first sequence parameter set is the real
 * clip's and whose second, half-way through, claims a picture of any size. A probe reads the first and sees an
 * ordinary clip; a decoder without a frame-size limit would allocate what the second claims.
 */
public final class HostileSources {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int NAL_SPS = 7;

    private HostileSources() {}

    /**
     * An Annex-B H.264 file ({@code .h264}) in {@code dir}: the first {@code frames} pictures of {@code h264Clip}
     * (stream-copied), then the same pictures again behind a sequence parameter set that claims
     * {@code width x height} (multiples of 16).
     */
    public static Path growingMidStream(Path dir, Path h264Clip, int frames, int width, int height) {
        byte[] stream = annexB(dir, h264Clip, frames);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(stream);
        b.writeBytes(withPictureSize(stream, width / 16, height / 16));
        return write(dir.resolve("grows-to-" + width + "x" + height + ".h264"), b.toByteArray());
    }

    /** As {@link #growingMidStream}, but every sequence parameter set claims {@code width x height} from the start. */
    public static Path claimingFromStart(Path dir, Path h264Clip, int frames, int width, int height) {
        byte[] stream = annexB(dir, h264Clip, frames);
        return write(
                dir.resolve("claims-" + width + "x" + height + ".h264"),
                withPictureSize(stream, width / 16, height / 16));
    }

    private static byte[] annexB(Path dir, Path h264Clip, int frames) {
        Path plain = dir.resolve("plain-" + h264Clip.getFileName() + ".h264");
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of(
                        "-v",
                        "error",
                        "-y",
                        "-i",
                        h264Clip.toString(),
                        "-map",
                        "0:v:0",
                        "-frames:v",
                        String.valueOf(frames),
                        "-c",
                        "copy",
                        "-bsf:v",
                        "h264_mp4toannexb",
                        "-f",
                        "h264",
                        plain.toString()),
                TIMEOUT);
        if (!r.ok()) {
            throw new IllegalStateException(
                    "ffmpeg could not copy the H.264 stream of " + h264Clip + ": " + r.stderrTail());
        }
        try {
            byte[] stream = Files.readAllBytes(plain);
            Files.delete(plain);
            return stream;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + plain, e);
        }
    }

    private static Path write(Path out, byte[] bytes) {
        try {
            return Files.write(out, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }

    /** The Annex-B stream with every sequence parameter set rewritten to claim this many macroblocks a side. */
    static byte[] withPictureSize(byte[] annexB, int widthMbs, int heightMbs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < annexB.length) {
            int start = nextStartCode(annexB, i);
            if (start < 0) {
                out.write(annexB, i, annexB.length - i);
                break;
            }
            int payload = start + 3;
            int end = nextStartCode(annexB, payload);
            int nalEnd = end < 0 ? annexB.length : end;
            out.write(annexB, i, payload - i);
            if ((annexB[payload] & 0x1f) == NAL_SPS) {
                byte[] rbsp = unescape(annexB, payload + 1, nalEnd);
                out.write(annexB[payload]);
                byte[] sps = escape(rewriteSps(rbsp, widthMbs, heightMbs));
                out.write(sps, 0, sps.length);
            } else {
                out.write(annexB, payload, nalEnd - payload);
            }
            i = nalEnd;
        }
        return out.toByteArray();
    }

    private static int nextStartCode(byte[] b, int from) {
        for (int i = from; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The SPS payload (after the NAL header, emulation prevention removed) with pic_width_in_mbs_minus1 and
     * pic_height_in_map_units_minus1 replaced (ITU-T H.264 7.3.2.1.1); every other field copied bit for bit.
     */
    static byte[] rewriteSps(byte[] rbsp, int widthMbs, int heightMbs) {
        Bits in = new Bits(rbsp);
        BitWriter out = new BitWriter();
        int profile = in.u(8);
        out.u(profile, 8);
        out.u(in.u(16), 16); // constraint flags, level
        out.ue(in.ue()); // seq_parameter_set_id
        if (List.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135)
                .contains(profile)) {
            int chroma = in.ue();
            out.ue(chroma);
            if (chroma == 3) {
                out.u(in.u(1), 1);
            }
            out.ue(in.ue()); // bit depth luma
            out.ue(in.ue()); // bit depth chroma
            out.u(in.u(1), 1); // qpprime_y_zero_transform_bypass
            int scaling = in.u(1);
            if (scaling != 0) {
                throw new IllegalArgumentException("SPS with scaling matrices: not rewritten");
            }
            out.u(0, 1);
        }
        out.ue(in.ue()); // log2_max_frame_num_minus4
        int pocType = in.ue();
        out.ue(pocType);
        if (pocType == 0) {
            out.ue(in.ue());
        } else if (pocType == 1) {
            throw new IllegalArgumentException("SPS with pic_order_cnt_type 1: not rewritten");
        }
        out.ue(in.ue()); // max_num_ref_frames
        out.u(in.u(1), 1); // gaps_in_frame_num_value_allowed_flag
        in.ue();
        in.ue();
        out.ue(widthMbs - 1);
        out.ue(heightMbs - 1);
        // the rest up to the stop bit as it was, then a new stop bit and alignment
        int last = in.lastOneBit();
        while (in.position() < last) {
            out.u(in.u(1), 1);
        }
        out.u(1, 1);
        return out.bytes();
    }

    private static byte[] unescape(byte[] b, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int zeros = 0;
        for (int i = from; i < to; i++) {
            if (zeros >= 2 && b[i] == 3) {
                zeros = 0;
                continue;
            }
            zeros = b[i] == 0 ? zeros + 1 : 0;
            out.write(b[i]);
        }
        return out.toByteArray();
    }

    private static byte[] escape(byte[] rbsp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int zeros = 0;
        for (byte v : rbsp) {
            if (zeros >= 2 && (v & 0xff) <= 3) {
                out.write(3);
                zeros = 0;
            }
            zeros = v == 0 ? zeros + 1 : 0;
            out.write(v);
        }
        return out.toByteArray();
    }

    /** Reads bits most significant first. */
    private static final class Bits {
        private final byte[] b;
        private int pos;

        Bits(byte[] b) {
            this.b = b;
        }

        int u(int n) {
            int v = 0;
            for (int k = 0; k < n; k++) {
                v = (v << 1) | ((b[pos >> 3] >> (7 - (pos & 7))) & 1);
                pos++;
            }
            return v;
        }

        int ue() {
            int zeros = 0;
            while (u(1) == 0) {
                zeros++;
            }
            return (1 << zeros) - 1 + u(zeros);
        }

        int position() {
            return pos;
        }

        /** The position of the last 1 bit (the rbsp_stop_one_bit). */
        int lastOneBit() {
            for (int p = b.length * 8 - 1; p >= 0; p--) {
                if (((b[p >> 3] >> (7 - (p & 7))) & 1) == 1) {
                    return p;
                }
            }
            return 0;
        }
    }

    /** Writes bits most significant first. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int cur;
        private int n;

        void u(int value, int bits) {
            for (int k = bits - 1; k >= 0; k--) {
                cur = (cur << 1) | ((value >> k) & 1);
                if (++n == 8) {
                    out.write(cur);
                    cur = 0;
                    n = 0;
                }
            }
        }

        void ue(int value) {
            int v = value + 1;
            int len = 32 - Integer.numberOfLeadingZeros(v);
            u(0, len - 1);
            u(v, len);
        }

        byte[] bytes() {
            if (n > 0) {
                u(0, 8 - n);
            }
            return out.toByteArray();
        }
    }
}
