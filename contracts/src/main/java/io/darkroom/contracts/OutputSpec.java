package io.darkroom.contracts;

import io.darkroom.contracts.ops.Op;
import java.util.List;

/**
 * One output of a recipe.
 *
 * @param name      short name used in file names and the API (e.g. {@code review})
 * @param preset    preset name (see {@link Preset}), e.g. {@code h264-review}
 * @param maxWidth  the picture fits inside maxWidth x maxHeight, aspect ratio kept (0 = source size)
 * @param maxHeight see maxWidth
 * @param crf       quality override for CRF codecs, null = preset default
 * @param ops       picture ops of this output, in order, replacing the recipe's {@link Recipe#ops()}; null = the
 *                  recipe's; an empty list = none (e.g. a clean master beside a burnt-in review)
 * @param reference optional reference render this output is compared with (PSNR/SSIM) after QC; null = none
 * @param keepAnamorphic true: the output keeps the source's pixel aspect (coded size, non-square pixels, the
 *                  pixel aspect written into the file); null or false: square pixels at the source's display aspect
 */
public record OutputSpec(
        String name,
        String preset,
        int maxWidth,
        int maxHeight,
        Integer crf,
        List<Op> ops,
        QualityReference reference,
        Boolean keepAnamorphic) {

    /** An output of this preset fitted into maxWidth x maxHeight; every other field at its default (null). */
    public static OutputSpec of(String name, String preset, int maxWidth, int maxHeight) {
        return new OutputSpec(name, preset, maxWidth, maxHeight, null, null, null, null);
    }

    public OutputSpec withCrf(Integer value) {
        return new OutputSpec(name, preset, maxWidth, maxHeight, value, ops, reference, keepAnamorphic);
    }

    public OutputSpec withOps(List<Op> value) {
        return new OutputSpec(name, preset, maxWidth, maxHeight, crf, value, reference, keepAnamorphic);
    }

    public OutputSpec withReference(QualityReference value) {
        return new OutputSpec(name, preset, maxWidth, maxHeight, crf, ops, value, keepAnamorphic);
    }

    public OutputSpec withKeepAnamorphic(Boolean value) {
        return new OutputSpec(name, preset, maxWidth, maxHeight, crf, ops, reference, value);
    }

    /** Whether the output keeps non-square pixels. */
    public boolean keepsAnamorphic() {
        return Boolean.TRUE.equals(keepAnamorphic);
    }
}
