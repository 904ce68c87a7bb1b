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
public record OutputSpec(String name, String preset, int maxWidth, int maxHeight, Integer crf, List<Op> ops,
        QualityReference reference, Boolean keepAnamorphic) {

    /** A square-pixel output (the constructor before keepAnamorphic existed). */
    public OutputSpec(String name, String preset, int maxWidth, int maxHeight, Integer crf, List<Op> ops,
            QualityReference reference) {
        this(name, preset, maxWidth, maxHeight, crf, ops, reference, null);
    }

    /** Whether the output keeps non-square pixels. */
    public boolean keepsAnamorphic() {
        return Boolean.TRUE.equals(keepAnamorphic);
    }

    /** An output without a reference render (the constructor before references existed). */
    public OutputSpec(String name, String preset, int maxWidth, int maxHeight, Integer crf, List<Op> ops) {
        this(name, preset, maxWidth, maxHeight, crf, ops, null);
    }

    /** An output with the recipe's ops (the constructor before ops existed). */
    public OutputSpec(String name, String preset, int maxWidth, int maxHeight, Integer crf) {
        this(name, preset, maxWidth, maxHeight, crf, null);
    }
}
