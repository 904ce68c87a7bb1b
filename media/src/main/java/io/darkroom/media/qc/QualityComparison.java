package io.darkroom.media.qc;

/**
 * How close an output is to a reference render, over the frames both have (compared pairwise in decode order).
 *
 * @param psnr luma PSNR in dB, averaged over the frames as FFmpeg's {@code psnr} filter reports it;
 *             {@link Double#POSITIVE_INFINITY} when the luma planes are identical
 * @param ssim luma SSIM, 0..1 (1 = identical), FFmpeg's {@code ssim} filter's {@code Y:} value
 */
public record QualityComparison(double psnr, double ssim) {

    /** True when the output is at least as close as these thresholds (PSNR in dB, SSIM 0..1). */
    public boolean atLeast(double minPsnr, double minSsim) {
        return psnr >= minPsnr && ssim >= minSsim;
    }
}
