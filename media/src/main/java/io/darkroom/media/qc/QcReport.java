package io.darkroom.media.qc;

import java.util.List;

/**
 * Result of checking an output against a {@link QcExpectation}: what was measured and every problem found.
 *
 * @param passed       true when {@code problems} is empty
 * @param problems     one line per failed check, naming measured and expected values, e.g.
 *                     {@code "frame count 314, expected 315"}
 * @param frames       measured video frame count (0 when unreadable)
 * @param durationUs   measured video duration, microseconds
 * @param codec        measured video codec, null when unreadable
 * @param width        measured display width
 * @param height       measured display height
 * @param audioStreams measured number of audio streams
 * @param timecode     measured start timecode, null when none (or unreadable)
 * @param audioChannels measured channels of the first audio stream (0 when none)
 * @param psnr         luma PSNR in dB against the output's reference render, null when it has none
 * @param ssim         luma SSIM against the reference render, null when it has none
 */
public record QcReport(
        boolean passed,
        List<String> problems,
        long frames,
        long durationUs,
        String codec,
        int width,
        int height,
        int audioStreams,
        String timecode,
        int audioChannels,
        Double psnr,
        Double ssim) {

    public QcReport(
            boolean passed,
            List<String> problems,
            long frames,
            long durationUs,
            String codec,
            int width,
            int height,
            int audioStreams,
            String timecode,
            int audioChannels) {
        this(
                passed,
                problems,
                frames,
                durationUs,
                codec,
                width,
                height,
                audioStreams,
                timecode,
                audioChannels,
                null,
                null);
    }

    public QcReport(
            boolean passed,
            List<String> problems,
            long frames,
            long durationUs,
            String codec,
            int width,
            int height,
            int audioStreams) {
        this(passed, problems, frames, durationUs, codec, width, height, audioStreams, null, 0);
    }

    public QcReport {
        problems = List.copyOf(problems);
    }

    /** This report failed, with one more problem (everything measured kept). */
    public QcReport withProblem(String problem) {
        List<String> all = new java.util.ArrayList<>(problems);
        all.add(problem);
        return new QcReport(
                false,
                all,
                frames,
                durationUs,
                codec,
                width,
                height,
                audioStreams,
                timecode,
                audioChannels,
                psnr,
                ssim);
    }

    /**
     * This report with a comparison against a reference render added: the measured values, and a problem for
     * each threshold (null = not checked) the output falls short of.
     */
    public QcReport withComparison(QualityComparison q, Double minPsnr, Double minSsim) {
        List<String> all = new java.util.ArrayList<>(problems);
        if (minPsnr != null && !(q.psnr() >= minPsnr)) {
            all.add(String.format(
                    java.util.Locale.ROOT,
                    "PSNR %.2f dB against the reference, expected at least %.2f dB",
                    q.psnr(),
                    minPsnr));
        }
        if (minSsim != null && !(q.ssim() >= minSsim)) {
            all.add(String.format(
                    java.util.Locale.ROOT,
                    "SSIM %.4f against the reference, expected at least %.4f",
                    q.ssim(),
                    minSsim));
        }
        return new QcReport(
                all.isEmpty(),
                all,
                frames,
                durationUs,
                codec,
                width,
                height,
                audioStreams,
                timecode,
                audioChannels,
                q.psnr(),
                q.ssim());
    }
}
