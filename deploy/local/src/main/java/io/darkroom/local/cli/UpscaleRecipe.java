package io.darkroom.local.cli;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.UpscaleModels;
import java.util.List;

/**
 * The job of {@code ./darkroom demo-upscale}, the same as {@code deploy/local/examples/upscale-approval-job.json} (a
 * test keeps the two equal): the sample 10-bit VP9 clip (426x240, 72 frames) upscaled x2 by ESRGAN-slim to a
 * ProRes 422 HQ master (10-bit 4:2:2) of 852x480, behind an approval gate with a three-frame preview. The box
 * (1920x1080) only bounds the output: an upscaled output is {@code scale x} the picture, fitted into its box.
 */
final class UpscaleRecipe {
    static final String SHOW = "Darkroom Upscale Demo";
    static final SourceRef CLIP = new SourceRef("media", "webm/vp9_profile2_10bit_roadtrip.webm");
    /** Two 36-frame segments of the 72-frame clip: the two workers of the demo stack render one each. */
    static final int SEGMENT_FRAMES = 36;

    static final int PREVIEW_FRAMES = 3;
    static final OutputSpec MASTER = OutputSpec.of("master", "prores-hq", 1920, 1080);
    static final Op.Upscale UPSCALE =
            new Op.Upscale(UpscaleModels.NAME, UpscaleModels.SCALE, 128, 16, null, Op.Upscale.Device.AUTO);

    private UpscaleRecipe() {}

    static Recipe recipe() {
        return Recipe.of(List.of(MASTER))
                .withSegmentFrames(SEGMENT_FRAMES)
                .withOps(List.of(UPSCALE))
                .withShow(SHOW)
                .withApproval(Recipe.APPROVAL_REQUIRED)
                .withPreviewFrames(PREVIEW_FRAMES);
    }
}
