package io.darkroom.media.qc;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.Probe;
import io.darkroom.media.ProbeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a finished output with {@link Probe}: exact frame count, duration within one frame, codec, display size,
 * and audio present if and only if expected; when the expectation asks for them, start timecode (exact string),
 * audio channel count and pixel format. Reports problems; throws only for a null argument.
 *
 * <p>{@link #compare(Path, Path)} measures PSNR and SSIM of an output against a reference render (optional QC).
 */
public final class OutputVerifier {
    private static final Duration COMPARE_TIMEOUT = Duration.ofMinutes(15);
    private static final Pattern PSNR_Y = Pattern.compile("PSNR y:(inf|[0-9.]+)");
    private static final Pattern SSIM_Y = Pattern.compile("SSIM Y:([0-9.]+)");

    private OutputVerifier() {}

    public static QcReport verify(Path output, QcExpectation exp) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(exp, "exp");
        MediaInfo m;
        try {
            m = Probe.probeOutput(output, exp.frames());
        } catch (ProbeException e) {
            return new QcReport(
                    false,
                    List.of("unreadable output " + output.getFileName() + ": " + e.getMessage()),
                    0,
                    0,
                    null,
                    0,
                    0,
                    0);
        }
        List<String> problems = new ArrayList<>();
        if (m.frameCount() != exp.frames()) {
            problems.add("frame count " + m.frameCount() + ", expected " + exp.frames());
        }
        long tolerance = frameUs(exp);
        if (Math.abs(m.durationUs() - exp.durationUs()) > tolerance) {
            problems.add("duration " + m.durationUs() + " us, expected " + exp.durationUs() + " us (+/- " + tolerance
                    + " us)");
        }
        if (!Objects.equals(m.videoCodec(), exp.codec())) {
            problems.add("codec " + m.videoCodec() + ", expected " + exp.codec());
        }
        if (m.displayWidth() != exp.width() || m.displayHeight() != exp.height()) {
            problems.add("size " + m.displayWidth() + "x" + m.displayHeight() + ", expected " + exp.width() + "x"
                    + exp.height());
        }
        if (exp.sampleAspect() != null) {
            sampleAspectProblem(m, exp).ifPresent(problems::add);
        }
        if (m.hasAudio() != exp.audio()) {
            problems.add("audio streams " + m.audioStreams() + ", expected " + (exp.audio() ? "at least 1" : "0"));
        }
        if (exp.timecode() != null && !exp.timecode().equals(m.timecode())) {
            problems.add("start timecode " + m.timecode() + ", expected " + exp.timecode());
        }
        if (exp.audioChannels() > 0 && m.audioChannels() != exp.audioChannels()) {
            problems.add("audio channels " + m.audioChannels() + ", expected " + exp.audioChannels());
        }
        if (exp.pixelFormat() != null && !exp.pixelFormat().equals(m.pixelFormat())) {
            problems.add("pixel format " + m.pixelFormat() + ", expected " + exp.pixelFormat());
        }
        return new QcReport(
                problems.isEmpty(),
                problems,
                m.frameCount(),
                m.durationUs(),
                m.videoCodec(),
                m.displayWidth(),
                m.displayHeight(),
                m.audioStreams(),
                m.timecode(),
                m.audioChannels());
    }

    /**
     * The output's pixel aspect against the expected one (a file stating none counts as 1:1), named with the display
     * aspects they give: a squeezed or stretched picture.
     */
    static Optional<String> sampleAspectProblem(MediaInfo m, QcExpectation exp) {
        long[] got = ratio(m.sampleAspectRatio());
        long[] want = ratio(exp.sampleAspect());
        if (got[0] * want[1] == got[1] * want[0]) {
            return Optional.empty();
        }
        double h = Math.max(1, m.displayHeight());
        return Optional.of(String.format(
                Locale.ROOT,
                "pixel aspect %d:%d, expected %d:%d (display aspect %.4f, expected %.4f)",
                got[0],
                got[1],
                want[0],
                want[1],
                m.displayWidth() * (double) got[0] / got[1] / h,
                m.displayWidth() * (double) want[0] / want[1] / h));
    }

    /** {@code N:D} as numbers; {1, 1} when absent or unusable. */
    static long[] ratio(String sar) {
        if (sar != null && sar.matches("\\d{1,9}:\\d{1,9}")) {
            String[] p = sar.split(":");
            long n = Long.parseLong(p[0]);
            long d = Long.parseLong(p[1]);
            if (n > 0 && d > 0) {
                return new long[] {n, d};
            }
        }
        return new long[] {1, 1};
    }

    /** One frame in microseconds, rounded up; with no usable rate, one second. */
    static long frameUs(QcExpectation exp) {
        if (exp.fpsNum() <= 0 || exp.fpsDen() <= 0) {
            return 1_000_000;
        }
        return (1_000_000L * exp.fpsDen() + exp.fpsNum() - 1) / exp.fpsNum();
    }

    /**
     * PSNR (luma, dB) and SSIM (luma) of {@code output} against {@code reference}, with the bundled ffmpeg's
     * {@code psnr} and {@code ssim} filters over the first video stream of each. Frames are compared pairwise in
     * decode order until the shorter one ends; both are converted to 8-bit 4:4:4 first, so the pixel formats may
     * differ; the picture sizes must be equal.
     *
     * @throws IllegalArgumentException when either file is missing, undecodable, or the sizes differ (message from
     *                                  ffmpeg's stderr)
     */
    public static QualityComparison compare(Path output, Path reference) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(reference, "reference");
        String graph = "[0:v:0]format=yuv444p,split[o1][o2];[1:v:0]format=yuv444p,split[r1][r2];"
                + "[o1][r1]psnr=shortest=1;[o2][r2]ssim=shortest=1";
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of(
                        "-hide_banner",
                        "-nostats",
                        "-v",
                        "info",
                        "-i",
                        output.toAbsolutePath().toString(),
                        "-i",
                        reference.toAbsolutePath().toString(),
                        "-lavfi",
                        graph,
                        "-f",
                        "null",
                        "-"),
                COMPARE_TIMEOUT);
        if (!r.ok()) {
            throw new IllegalArgumentException("comparing " + output.getFileName() + " with " + reference.getFileName()
                    + " failed (exit " + r.exitCode() + "): " + r.stderrTail());
        }
        return parseComparison(r.stderr());
    }

    /** Reads the psnr / ssim filters' summary lines from ffmpeg's log. */
    static QualityComparison parseComparison(String log) {
        Matcher p = PSNR_Y.matcher(log);
        Matcher s = SSIM_Y.matcher(log);
        if (!p.find() || !s.find()) {
            throw new IllegalArgumentException("no PSNR / SSIM summary in ffmpeg's output (no frames compared?): "
                    + log.substring(Math.max(0, log.length() - 500)));
        }
        double psnr = "inf".equals(p.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(p.group(1));
        return new QualityComparison(psnr, Double.parseDouble(s.group(1)));
    }
}
