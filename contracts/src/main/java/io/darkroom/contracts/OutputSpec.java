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
 */
public record OutputSpec(String name, String preset, int maxWidth, int maxHeight, Integer crf, List<Op> ops,
        QualityReference reference) {

    /** An output without a reference render (the constructor before references existed). */
    public OutputSpec(String name, String preset, int maxWidth, int maxHeight, Integer crf, List<Op> ops) {
        this(name, preset, maxWidth, maxHeight, crf, ops, null);
    }

    /** An output with the recipe's ops (the constructor before ops existed). */
    public OutputSpec(String name, String preset, int maxWidth, int maxHeight, Integer crf) {
        this(name, preset, maxWidth, maxHeight, crf, null);
    }
}
