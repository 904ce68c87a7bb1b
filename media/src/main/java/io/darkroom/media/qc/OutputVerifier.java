package io.darkroom.media.qc;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.media.Probe;
import io.darkroom.media.ProbeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a finished output with {@link Probe}: exact frame count, duration within one frame, codec, display size,
 * and audio present if and only if expected; when the expectation asks for them, start timecode (exact string),
 * audio channel count and pixel format. Reports problems; throws only for a null argument.
 */
public final class OutputVerifier {

    private OutputVerifier() {
    }

    public static QcReport verify(Path output, QcExpectation exp) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(exp, "exp");
        MediaInfo m;
        try {
            m = Probe.probe(output);
        } catch (ProbeException e) {
            return new QcReport(false, List.of("unreadable output " + output.getFileName() + ": " + e.getMessage()),
                    0, 0, null, 0, 0, 0);
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
        return new QcReport(problems.isEmpty(), problems, m.frameCount(), m.durationUs(), m.videoCodec(),
                m.displayWidth(), m.displayHeight(), m.audioStreams(), m.timecode(), m.audioChannels());
    }

    /** One frame in microseconds, rounded up; with no usable rate, one second. */
    static long frameUs(QcExpectation exp) {
        if (exp.fpsNum() <= 0 || exp.fpsDen() <= 0) {
            return 1_000_000;
        }
        return (1_000_000L * exp.fpsDen() + exp.fpsNum() - 1) / exp.fpsNum();
    }
}
