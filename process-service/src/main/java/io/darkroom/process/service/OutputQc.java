package io.darkroom.process.service;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.media.qc.QcExpectation;
import io.darkroom.media.qc.QcReport;

/** What a finished output must be (the one QC rule, {@link QcExpectation#forOutput}) and the segment-count check. */
public final class OutputQc {
    private OutputQc() {}

    /** What a finished output must be: {@link QcExpectation#forOutput}, the same rules as the CLI's checks. */
    public static QcExpectation expectation(MediaInfo media, Preset preset, RenderOutput out) {
        return QcExpectation.forOutput(media, preset, out.width(), out.height(), out.sampleAspect());
    }

    /**
     * As {@link #expectation(MediaInfo, Preset, RenderOutput)}, held to the pictures the output's segments really
     * decoded ({@code segmentFrames}, from the workers' TaskDone; null when a segment did not say).
     */
    public static QcExpectation expectation(MediaInfo media, Preset preset, RenderOutput out, Long segmentFrames) {
        QcExpectation e = expectation(media, preset, out);
        return segmentFrames == null ? e : e.withDecodedFrames(segmentFrames);
    }

    /**
     * The output's QC plus a problem when its segments decoded another number of pictures than the source's
     * decodable ones (pictures lost or invented by rendering, not by assembly).
     */
    public static QcReport withSegmentCheck(MediaInfo media, Long decoded, QcReport report) {
        if (decoded == null || decoded == media.frameCount()) {
            return report;
        }
        return report.withProblem(
                "segments decoded " + decoded + " pictures, the source has " + media.frameCount() + " decodable");
    }
}
