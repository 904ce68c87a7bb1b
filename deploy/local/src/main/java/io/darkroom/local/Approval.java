package io.darkroom.local;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What process-service answers on {@code GET /jobs/{id}/approval} for a job whose recipe asked for an approval gate:
 * the preview images (per clip: source | lanczos | model side by side, with a caption strip of the numbers), each
 * with its signed provenance manifest, the evaluation of the model against plain resamplers, and the decision.
 * Unknown fields are ignored, missing lists read as empty.
 *
 * @param status     {@link #RENDERING_PREVIEW}, {@link #READY}, {@link #APPROVED}, {@link #REJECTED} or
 *                   {@link #FAILED}
 * @param model      the recipe's upscale model (e.g. {@code esrgan-slim-x2})
 * @param method     the approved method ({@code model} or {@code lanczos}); null until approved
 * @param decidedAt  ISO-8601 instant, as the service wrote it; null until decided
 * @param error      why the preview could not be made (status FAILED)
 */
public record Approval(
        String jobId,
        String status,
        String model,
        Integer scale,
        String method,
        String decidedBy,
        String note,
        String decidedAt,
        String error,
        List<Preview> previews,
        List<Evaluation> evaluation) {

    public static final String RENDERING_PREVIEW = "RENDERING_PREVIEW";
    public static final String READY = "READY";
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
    public static final String FAILED = "FAILED";

    public Approval {
        previews = previews == null ? List.of() : List.copyOf(previews);
        evaluation = evaluation == null ? List.of() : List.copyOf(evaluation);
    }

    public boolean ready() {
        return READY.equals(status);
    }

    /** Decided (approved or rejected) or failed: the gate will not become READY any more. */
    public boolean settled() {
        return APPROVED.equals(status) || REJECTED.equals(status) || FAILED.equals(status);
    }

    /**
     * One preview image of one clip.
     *
     * @param path     absolute PNG path on the machine that runs process-service
     * @param manifest absolute path of its signed provenance manifest ({@code <png>.provenance.json})
     * @param frame    the source frame index the preview shows
     * @param scores   the frame's PSNR / SSIM per method
     */
    public record Preview(
            String clip,
            String clipId,
            Integer index,
            Long frame,
            String path,
            String manifest,
            Integer width,
            Integer height,
            List<Score> scores) {
        public Preview {
            scores = scores == null ? List.of() : List.copyOf(scores);
        }
    }

    /**
     * The evaluation of one clip: frames shrunk by the scale, upscaled back by each method, scored against the
     * originals.
     */
    public record Evaluation(
            String clip, Integer frames, Integer width, Integer height, Integer scale, List<Score> scores) {
        public Evaluation {
            scores = scores == null ? List.of() : List.copyOf(scores);
        }

        /** The score of one method ({@code lanczos3}, {@code bicubic} or the model's name). */
        public Optional<Score> score(String method) {
            return scores.stream().filter(s -> method.equals(s.method())).findFirst();
        }
    }

    /**
     * @param method  the model's name, {@code lanczos3} or {@code bicubic}
     * @param psnr    dB
     * @param ssim    0..1
     * @param seconds time the method took (evaluation only; null on previews)
     */
    public record Score(String method, Double psnr, Double ssim, Double seconds) {}

    /**
     * The evaluation as a table a person reads: one row per clip and method, PSNR in dB, SSIM, seconds.
     *
     * @return the lines, header first; just the header when there is nothing to show
     */
    public List<String> evaluationTable() {
        String fmt = "%-28s %-18s %9s %8s %9s";
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format(Locale.ROOT, fmt, "CLIP", "METHOD", "PSNR(dB)", "SSIM", "SECONDS"));
        for (Evaluation e : evaluation) {
            for (Score s : e.scores()) {
                lines.add(String.format(
                        Locale.ROOT,
                        fmt,
                        abbreviate(e.clip(), 28),
                        abbreviate(s.method(), 18),
                        s.psnr() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.psnr()),
                        s.ssim() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.ssim()),
                        s.seconds() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.seconds())));
            }
        }
        return lines;
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return "-";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
