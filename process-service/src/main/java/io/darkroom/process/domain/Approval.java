package io.darkroom.process.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The approval gate of one job (table job_approvals): the preview a person looks at and what they decided.
 *
 * @param status     where the gate is
 * @param model      the model of the recipe's upscale op (registry name or {@code root:path})
 * @param scale      its factor
 * @param previews   the preview images, clip by clip (empty until READY)
 * @param evaluation per clip, the model, lanczos3 and bicubic scored on the preview frames (empty until READY)
 * @param method     the approved method; null until APPROVED
 * @param decidedBy  who approved or rejected
 * @param note       their note
 * @param decidedAt  when
 * @param error      why the preview could not be made (status FAILED)
 */
public record Approval(
        UUID jobId,
        Status status,
        String model,
        int scale,
        List<PreviewImage> previews,
        List<ClipEvaluation> evaluation,
        Method method,
        String decidedBy,
        String note,
        Instant decidedAt,
        String error) {

    public Approval {
        previews = previews == null ? List.of() : List.copyOf(previews);
        evaluation = evaluation == null ? List.of() : List.copyOf(evaluation);
    }

    /** Where a gate is. */
    public enum Status {
        /** The job waits in AWAITING_APPROVAL while process-service renders the preview. */
        RENDERING_PREVIEW,
        /** The preview is ready: a person may approve or reject. */
        READY,
        APPROVED,
        REJECTED,
        /** The preview could not be made (the job FAILED with the reason). */
        FAILED
    }

    /** What an approver picks: the recipe's model, or plain lanczos3 in its place. */
    public enum Method {
        MODEL,
        LANCZOS;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** {@code model} or {@code lanczos} (any case); null when neither. */
        public static Method parse(String s) {
            if (s == null) {
                return null;
            }
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "model" -> MODEL;
                case "lanczos" -> LANCZOS;
                default -> null;
            };
        }
    }

    /** One method's score: PSNR (dB, RGB) and SSIM (BT.709 luma) against the original; seconds spent upscaling. */
    public record Score(String method, double psnr, double ssim, double seconds) {}

    /**
     * One preview image: source | lanczos3 | model side by side, each panel {@code scale} x the crop, with a caption
     * strip; the scores are those of this frame alone.
     *
     * @param index    the image's number within its clip (0-based)
     * @param frame    the source frame it shows
     * @param path     absolute path of the PNG
     * @param manifest absolute path of its signed provenance manifest
     */
    public record PreviewImage(
            UUID clipId,
            String clip,
            int index,
            long frame,
            String path,
            String manifest,
            int width,
            int height,
            List<Score> scores) {}

    /** The evaluation of one clip: mean scores over its preview frames (each shrunk by the scale and brought back). */
    public record ClipEvaluation(
            UUID clipId, String clip, int frames, int width, int height, int scale, List<Score> scores) {}

    public boolean decided() {
        return status == Status.APPROVED || status == Status.REJECTED;
    }
}
