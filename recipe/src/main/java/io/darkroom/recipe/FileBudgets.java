package io.darkroom.recipe;

/**
 * A site's limits on the files a recipe names, checked at submit before a file is read: what a LUT, a CDL or a
 * watermark image may weigh, and the largest 3D LUT (its {@code LUT_3D_SIZE}). Over one, the request is refused 422
 * {@link Problem#OVER_BUDGET} naming the op's file field and the setting.
 *
 * @param lutBytes   most bytes of a {@code .cube} file ({@code darkroom.budgets.lut-bytes}, 64 MiB)
 * @param cdlBytes   most bytes of a CDL file ({@code darkroom.budgets.cdl-bytes}, 1 MiB)
 * @param imageBytes most bytes of a watermark image ({@code darkroom.budgets.image-bytes}, 32 MiB)
 * @param lutSize    largest 3D LUT edge ({@code darkroom.budgets.lut-size}, 129: 129^3 entries)
 */
public record FileBudgets(long lutBytes, long cdlBytes, long imageBytes, int lutSize) {
    public static final FileBudgets DEFAULTS = new FileBudgets(64L << 20, 1L << 20, 32L << 20, 129);

    public FileBudgets {
        if (lutBytes < 1 || cdlBytes < 1 || imageBytes < 1 || lutSize < 2) {
            throw new IllegalArgumentException("file budgets must be positive: lut-bytes " + lutBytes + ", cdl-bytes "
                    + cdlBytes + ", image-bytes " + imageBytes + ", lut-size " + lutSize + " (>= 2)");
        }
    }

    /** The kinds of file a recipe's ops name: what a person calls them and the setting that limits their size. */
    public enum Kind {
        LUT("LUT", "darkroom.budgets.lut-bytes"),
        CDL("CDL", "darkroom.budgets.cdl-bytes"),
        IMAGE("watermark image", "darkroom.budgets.image-bytes");

        final String label;
        final String setting;

        Kind(String label, String setting) {
            this.label = label;
            this.setting = setting;
        }
    }

    /** The byte limit of a kind of file. */
    long bytes(Kind kind) {
        return switch (kind) {
            case LUT -> lutBytes;
            case CDL -> cdlBytes;
            case IMAGE -> imageBytes;
        };
    }
}
