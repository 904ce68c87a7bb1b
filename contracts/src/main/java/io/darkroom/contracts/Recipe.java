package io.darkroom.contracts;

import io.darkroom.contracts.ops.Op;
import java.util.List;

/**
 * What to make from each source: one or more outputs. Validated by ingest-service at submit time.
 *
 * @param outputs       the outputs, each written for every clip of the job
 * @param segmentFrames frames per render segment; null = the process-service default
 * @param ops           picture ops applied to every output, in order, unless the output names its own
 *                      ({@link OutputSpec#ops()}); null or empty = none
 * @param show          show / project name for burn-in field {@code {show}}; null = empty
 * @param nameTemplate  output file name template (process-service {@code NameTemplate} rules: fields {show} {date}
 *                      {clip} {output} {ext} {reel}, must contain {clip} or {reel}); null = the service default
 *                      ({@code darkroom.output.name-template})
 * @param approval      {@value #APPROVAL_REQUIRED}: process-service renders a preview (source | lanczos | model, with
 *                      the evaluation numbers) and the job waits in AWAITING_APPROVAL until a person approves (model
 *                      or lanczos) or rejects it; needs an {@code upscale} op. null or {@value #APPROVAL_NONE} = no gate
 * @param previewFrames frames per clip in the approval preview, 1..12; null = the process-service default
 * @param desqueeze     anamorphic lens squeeze (e.g. 2.0, 1.8, 1.5, 1.33): the pixel aspect of sources whose file
 *                      does not state one (none, or 1:1); null = the file's
 * @param vbiCrop       {@value #VBI_AUTO} (null): a 720x608 source (D10 / IMX with its 32 VBI lines) is cropped to
 *                      720x576 from line 32, display aspect kept; {@value #VBI_NONE}: nothing is cropped
 * @param damagedSource what to do with a source the probe finds damaged (more packets than decodable pictures:
 *                      a start mid-GOP, a truncated tail): {@value #DAMAGED_SALVAGE} (null) renders every decodable
 *                      picture and ends the clip DONE with the damage as warnings; {@value #DAMAGED_FAIL} ends the
 *                      clip FAILED with a reason naming the source
 */
public record Recipe(
        List<OutputSpec> outputs,
        Integer segmentFrames,
        List<Op> ops,
        String show,
        String nameTemplate,
        String approval,
        Integer previewFrames,
        Double desqueeze,
        String vbiCrop,
        String damagedSource) {

    public static final String VBI_AUTO = "auto";
    public static final String VBI_NONE = "none";
    public static final String DAMAGED_SALVAGE = "salvage";
    public static final String DAMAGED_FAIL = "fail";

    /** A recipe of these outputs and nothing else: every other field at its default (null). */
    public static Recipe of(List<OutputSpec> outputs) {
        return new Recipe(outputs, null, null, null, null, null, null, null, null, null);
    }

    public Recipe withSegmentFrames(Integer value) {
        return new Recipe(
                outputs, value, ops, show, nameTemplate, approval, previewFrames, desqueeze, vbiCrop, damagedSource);
    }

    public Recipe withOps(List<Op> value) {
        return new Recipe(
                outputs,
                segmentFrames,
                value,
                show,
                nameTemplate,
                approval,
                previewFrames,
                desqueeze,
                vbiCrop,
                damagedSource);
    }

    public Recipe withShow(String value) {
        return new Recipe(
                outputs,
                segmentFrames,
                ops,
                value,
                nameTemplate,
                approval,
                previewFrames,
                desqueeze,
                vbiCrop,
                damagedSource);
    }

    public Recipe withNameTemplate(String value) {
        return new Recipe(
                outputs, segmentFrames, ops, show, value, approval, previewFrames, desqueeze, vbiCrop, damagedSource);
    }

    public Recipe withApproval(String value) {
        return new Recipe(
                outputs,
                segmentFrames,
                ops,
                show,
                nameTemplate,
                value,
                previewFrames,
                desqueeze,
                vbiCrop,
                damagedSource);
    }

    public Recipe withPreviewFrames(Integer value) {
        return new Recipe(
                outputs, segmentFrames, ops, show, nameTemplate, approval, value, desqueeze, vbiCrop, damagedSource);
    }

    public Recipe withDesqueeze(Double value) {
        return new Recipe(
                outputs,
                segmentFrames,
                ops,
                show,
                nameTemplate,
                approval,
                previewFrames,
                value,
                vbiCrop,
                damagedSource);
    }

    public Recipe withVbiCrop(String value) {
        return new Recipe(
                outputs,
                segmentFrames,
                ops,
                show,
                nameTemplate,
                approval,
                previewFrames,
                desqueeze,
                value,
                damagedSource);
    }

    public Recipe withDamagedSource(String value) {
        return new Recipe(
                outputs, segmentFrames, ops, show, nameTemplate, approval, previewFrames, desqueeze, vbiCrop, value);
    }

    /** Whether a damaged source fails its clip ({@code damagedSource: fail}) instead of being salvaged. */
    public boolean failsDamagedSources() {
        return DAMAGED_FAIL.equals(damagedSource);
    }

    public static final String APPROVAL_REQUIRED = "required";
    public static final String APPROVAL_NONE = "none";
    public static final int MAX_PREVIEW_FRAMES = 12;

    /** Whether a person must approve a preview before the job renders. */
    public boolean approvalRequired() {
        return APPROVAL_REQUIRED.equals(approval);
    }

    /**
     * The ops an output really gets: its own when it names them (even an empty list), else the recipe's; never
     * null. process-service puts this into {@link RenderTask.RenderOutput#ops()}.
     */
    public List<Op> effectiveOps(OutputSpec output) {
        List<Op> own = output == null ? null : output.ops();
        List<Op> chosen = own != null ? own : ops;
        return chosen == null ? List.of() : chosen;
    }
}
