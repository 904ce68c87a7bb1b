package io.darkroom.contracts;

/**
 * An optional reference render an output is compared against after QC (luma PSNR and SSIM over the frames both
 * have). The output fails QC when it is less close than a threshold; the measured values are in its QC report.
 *
 * @param file    the reference render, inside a storage root
 * @param minPsnr minimum luma PSNR in dB, null = not checked (measured anyway)
 * @param minSsim minimum luma SSIM 0..1, null = not checked (measured anyway)
 */
public record QualityReference(SourceRef file, Double minPsnr, Double minSsim) {

    /** Problems of the thresholds themselves (for submit-time validation), empty when fine. */
    public java.util.List<String> thresholdProblems() {
        java.util.List<String> problems = new java.util.ArrayList<>();
        if (minPsnr != null && (minPsnr.isNaN() || minPsnr <= 0 || minPsnr > 100)) {
            problems.add("minPsnr must be in (0, 100] dB, was " + minPsnr);
        }
        if (minSsim != null && (minSsim.isNaN() || minSsim <= 0 || minSsim > 1)) {
            problems.add("minSsim must be in (0, 1], was " + minSsim);
        }
        return problems;
    }
}
