package io.darkroom.contracts;

import io.darkroom.contracts.ops.Op;
import java.time.LocalDate;
import java.util.List;

/**
 * One unit of render work, published by process-service on {@code darkroom.tasks.<pool>} (key = taskId) and
 * taken by one render-worker through the pool's share group. One message per dispatch attempt.
 *
 * <p>A VIDEO_SEGMENT task owns the source frames whose presentation time t satisfies
 * {@code startUs <= t < endUs}. Boundaries sit half a frame before the first frame of a segment, so adjacent
 * segments partition the clip's frames exactly, whatever the frame rate (constant or variable).
 * An AUDIO task transcodes the whole clip's audio once.
 *
 * @param outputPrefix where attempt-unique files go: the worker appends
 *                     {@code .<output>.a<attempt>-d<delivery>-<worker>.<ext>} and never overwrites
 * @param clipName       the clip's name ({@code JobSubmitted.ProbedSource.clipName}), burn-in field {@code {clip}};
 *                       null = empty
 * @param show           {@code Recipe.show}, burn-in field {@code {show}}; null = empty
 * @param jobDate        the job's date, fixed at submit ({@code JobSubmitted.jobDate}), burn-in field {@code {date}};
 *                       workers never read the clock, so every segment shows the same date; null = empty
 * @param sourceTimecode start timecode of the clip ({@code MediaInfo.timecode}: HH:MM:SS:FF, ';' = drop-frame),
 *                       burn-in field {@code {tc}} counts from it; null = 00:00:00:00
 * @param picture        crop, pixel aspect and reflection applied to decoded frames before {@code rotation}
 *                       ({@link SourcePicture}); null = as decoded
 */
public record RenderTask(
        int schema,
        String taskId,
        String jobId,
        String clipId,
        int attempt,
        TaskKind kind,
        SourceRef source,
        int segmentIndex,
        long startUs,
        long endUs,
        long expectedFrames,
        int fpsNum,
        int fpsDen,
        int rotation,
        List<RenderOutput> outputs,
        SourceRef outputPrefix,
        String clipName,
        String show,
        LocalDate jobDate,
        String sourceTimecode,
        SourcePicture picture) {

    /** The version this code writes; see {@link Wire} for what each added. */
    public static final int SCHEMA = 3;

    /** The source picture adjustments, never null. */
    public SourcePicture pictureOrDefault() {
        return picture == null ? SourcePicture.AS_DECODED : picture;
    }

    /** The same task with the source picture adjustments. */
    public RenderTask withPicture(SourcePicture p) {
        return new RenderTask(
                schema,
                taskId,
                jobId,
                clipId,
                attempt,
                kind,
                source,
                segmentIndex,
                startUs,
                endUs,
                expectedFrames,
                fpsNum,
                fpsDen,
                rotation,
                outputs,
                outputPrefix,
                clipName,
                show,
                jobDate,
                sourceTimecode,
                p);
    }

    /** The same task with the job-level burn-in context (clip name, show, date, source start timecode). */
    public RenderTask withBurnInContext(String clipName, String show, LocalDate jobDate, String sourceTimecode) {
        return new RenderTask(
                schema,
                taskId,
                jobId,
                clipId,
                attempt,
                kind,
                source,
                segmentIndex,
                startUs,
                endUs,
                expectedFrames,
                fpsNum,
                fpsDen,
                rotation,
                outputs,
                outputPrefix,
                clipName,
                show,
                jobDate,
                sourceTimecode,
                picture);
    }

    /**
     * One output of the segment, all written from one decode.
     *
     * @param name   recipe output name
     * @param preset preset id ({@link Preset#id()})
     * @param width  output width, even, rotation already accounted for
     * @param height output height, even
     * @param crf    CRF for codecs that take one, null otherwise
     * @param ops    the effective picture ops of this output ({@code Recipe.effectiveOps(outputSpec)}), in order;
     *               null or empty = none (the plain rotate / scale / format chain). With ops, width and height are
     *               still the encoder's size: a Reformat op's box should match them
     * @param sampleAspect pixel aspect the output carries, {@code N:D}: {@code 1:1} (null) for square pixels at the
     *               source's display aspect, the source's own for an output that keeps it anamorphic
     * @param modelSha256 the SHA-256 of the model file this output's {@code upscale} op runs (its float16 variant's
     *               with precision fp16), from process-service's trusted model catalog at planning: the worker runs
     *               the registry file only when it has this hash, whatever the registry's own metadata says. Null
     *               without an upscale op, and in messages from planners before it (the worker then checks the
     *               registry's metadata only, as those did)
     */
    public record RenderOutput(
            String name,
            String preset,
            int width,
            int height,
            Integer crf,
            List<Op> ops,
            String sampleAspect,
            String modelSha256) {

        /** An output without a trusted model hash. */
        public RenderOutput(
                String name, String preset, int width, int height, Integer crf, List<Op> ops, String sampleAspect) {
            this(name, preset, width, height, crf, ops, sampleAspect, null);
        }

        /** An output of this preset at this size; crf, ops and sampleAspect at their defaults (null). */
        public static RenderOutput of(String name, String preset, int width, int height) {
            return new RenderOutput(name, preset, width, height, null, null, null);
        }

        public RenderOutput withCrf(Integer value) {
            return new RenderOutput(name, preset, width, height, value, ops, sampleAspect, modelSha256);
        }

        public RenderOutput withOps(List<Op> value) {
            return new RenderOutput(name, preset, width, height, crf, value, sampleAspect, modelSha256);
        }

        public RenderOutput withSampleAspect(String value) {
            return new RenderOutput(name, preset, width, height, crf, ops, value, modelSha256);
        }

        public RenderOutput withModelSha256(String value) {
            return new RenderOutput(name, preset, width, height, crf, ops, sampleAspect, value);
        }

        /** The output's pixel aspect as {numerator, denominator}; {1, 1} unless a valid non-square one is set. */
        public int[] sar() {
            if (sampleAspect != null && sampleAspect.matches("[1-9]\\d{0,5}:[1-9]\\d{0,5}")) {
                String[] p = sampleAspect.split(":");
                return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
            }
            return new int[] {1, 1};
        }

        /** True when the output has at least one op. */
        public boolean hasOps() {
            return ops != null && !ops.isEmpty();
        }
    }

    /** The kind of work in a task. */
    public enum TaskKind {
        /** Decode a frame range of the source's first video stream, process, encode a closed-GOP segment per output. */
        VIDEO_SEGMENT,
        /** Transcode the first audio stream of the whole clip, once per output preset's audio codec. */
        AUDIO,
        /**
         * Nothing to render: bench and test jobs only ({@code bench/dispatch}), to measure the dispatch path itself.
         * process-service plans such tasks only through its bench endpoint when {@code darkroom.bench.noop-jobs} is
         * on, never from a submission; a worker completes one (with no files) only when
         * {@code darkroom.worker.noop-tasks} is on, and fails it UNSUPPORTED otherwise.
         */
        NOOP
    }
}
