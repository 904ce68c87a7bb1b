package io.darkroom.contracts;

/**
 * How a worker turns the decoded picture of a source into the picture the ops and outputs see, before rotation:
 * decided by the planner from the probe and the recipe ({@code io.darkroom.recipe.geometry.SourceGeometry}).
 *
 * @param cropTop    first line kept (a D10 / IMX 720x608 frame keeps 576 lines from line 32: its VBI is dropped)
 * @param cropHeight lines kept from {@code cropTop}; 0 = every line (no crop)
 * @param sarNum     pixel aspect numerator of the kept picture (the file's, re-derived after a VBI crop so the
 *                   display aspect stays, or the recipe's {@code desqueeze} where the file does not say); 0 = as
 *                   decoded
 * @param sarDen     pixel aspect denominator; 0 = as decoded
 * @param mirrored   the display matrix reflects the picture ({@link MediaInfo#mirrored()}): flipped top to bottom
 *                   before the rotation, as FFmpeg's autorotate shows it
 */
public record SourcePicture(int cropTop, int cropHeight, int sarNum, int sarDen, boolean mirrored) {

    /** The decoded picture as it is. */
    public static final SourcePicture AS_DECODED = new SourcePicture(0, 0, 0, 0, false);

    /** Whether lines are cropped. */
    public boolean crops() {
        return cropHeight > 0;
    }

    /** Whether the pixel aspect of the decoded frames is replaced. */
    public boolean overridesSar() {
        return sarNum > 0 && sarDen > 0;
    }
}
