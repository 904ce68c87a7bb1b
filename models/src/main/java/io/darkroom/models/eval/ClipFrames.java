package io.darkroom.models.eval;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.MediaReaders;
import io.darkroom.media.Probe;
import io.darkroom.models.upscale.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Frames of a clip as 16-bit RGB ({@link RgbImage}), decoded by the bundled FFmpeg: {@code n} frames spread evenly
 * over the clip (frame k at (k + 0.5) / n of its duration), each seeked to and written as a PPM with 16 bits per
 * sample ({@code -pix_fmt rgb48be}), so 8-bit and 10-bit sources keep every step. Rotation is applied (FFmpeg's
 * autorotate), so frames come out upright.
 */
public final class ClipFrames {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private ClipFrames() {}

    /** {@code n} frames spread over the clip, whole. */
    public static List<RgbImage> spread(Path clip, int n) {
        List<RgbImage> frames = new ArrayList<>();
        spread(clip, n, null, (k, frame) -> frames.add(frame));
        return frames;
    }

    /**
     * What to keep of each frame, done by FFmpeg while decoding so that a large source never reaches the heap whole:
     * the picture scaled to {@code width x height} (lanczos, as the render's reformat does), then its centre
     * {@code cropWidth x cropHeight}.
     */
    public record Window(int width, int height, int cropWidth, int cropHeight) {
        public Window {
            if (cropWidth < 1 || cropHeight < 1 || cropWidth > width || cropHeight > height) {
                throw new IllegalArgumentException(
                        "crop " + cropWidth + "x" + cropHeight + " must fit in " + width + "x" + height);
            }
        }

        String filter() {
            return "scale=" + width + ":" + height + ":flags=lanczos,crop=" + cropWidth + ":" + cropHeight;
        }
    }

    /** Receives the frames of {@link #spread(Path, int, Window, FrameSink)} one at a time, in order. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(int index, RgbImage frame) throws IOException;
    }

    /**
     * {@code n} frames spread over the clip, each decoded (and windowed, when {@code window} is given) only when the
     * previous one has been handed over: at most one frame is held at a time.
     */
    public static void spread(Path clip, int n, Window window, FrameSink sink) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one frame, got " + n);
        }
        MediaInfo info = Probe.probe(clip);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("darkroom-frames");
            for (int k = 0; k < n; k++) {
                double seconds = (info.durationUs() * (k + 0.5) / n) / 1e6;
                Path ppm = dir.resolve("frame-" + k + ".ppm");
                List<String> args =
                        new ArrayList<>(List.of("-v", "error", "-ss", String.format(Locale.ROOT, "%.6f", seconds)));
                args.addAll(MediaReaders.ffmpegInput(clip));
                args.addAll(List.of("-map", "0:v:0", "-frames:v", "1"));
                if (window != null) {
                    args.addAll(List.of("-vf", window.filter()));
                }
                args.addAll(List.of("-pix_fmt", "rgb48be", "-c:v", "ppm", "-f", "image2", "-y", ppm.toString()));
                Ffmpeg.Result r = Ffmpeg.ffmpeg(args, TIMEOUT);
                if (!r.ok() || !Files.isRegularFile(ppm)) {
                    throw new IllegalStateException("ffmpeg could not extract a frame at " + seconds + " s of "
                            + clip.getFileName() + ": " + r.stderrTail());
                }
                RgbImage frame = readPpm(Files.readAllBytes(ppm));
                Files.delete(ppm);
                sink.accept(k, frame);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract frames of " + clip.getFileName(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** A binary PPM (P6), 8 or 16 bits per sample (maxval 255 or 65535; 16-bit samples are big-endian). */
    public static RgbImage readPpm(byte[] data) {
        int[] pos = {0};
        String magic = token(data, pos);
        if (!magic.equals("P6")) {
            throw new IllegalArgumentException("not a binary PPM (magic '" + magic + "')");
        }
        int w = Integer.parseInt(token(data, pos));
        int h = Integer.parseInt(token(data, pos));
        int maxval = Integer.parseInt(token(data, pos));
        int offset = pos[0] + 1; // one whitespace byte after maxval
        if (maxval == 65535) {
            return RgbImage.fromRgb48(
                    w, h, ByteBuffer.wrap(data, offset, data.length - offset), ByteOrder.BIG_ENDIAN, 16);
        }
        if (maxval == 255) {
            int[] codes = new int[w * h * 3];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = data[offset + i] & 0xff;
            }
            return RgbImage.fromCodes(w, h, codes, 8);
        }
        throw new IllegalArgumentException("PPM maxval " + maxval + " not supported (255 or 65535)");
    }

    private static String token(byte[] data, int[] pos) {
        int p = pos[0];
        while (p < data.length) {
            if (data[p] == '#') {
                while (p < data.length && data[p] != '\n') {
                    p++;
                }
            } else if (Character.isWhitespace(data[p])) {
                p++;
            } else {
                break;
            }
        }
        int start = p;
        while (p < data.length && !Character.isWhitespace(data[p])) {
            p++;
        }
        pos[0] = p;
        return new String(data, start, p - start, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
