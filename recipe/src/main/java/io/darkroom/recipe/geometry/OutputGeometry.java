package io.darkroom.recipe.geometry;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.ops.Op;
import java.util.List;

/**
 * The one answer to "what size will this output be", for ingest (presets' limits at submit time), the planner (the
 * size each task encodes at) and render-core (the picture its ops leave). Without a Reformat op the output is
 * {@link Fit} (the display size fitted into the output's maxWidth x maxHeight box). With one, the last Reformat decides
 * ({@link ReformatGeometry}): fill, letterbox and crop give the op's width x height; fit scales the picture (rotation
 * applied, pixel aspect honoured) to fit inside the box, aspect kept, sides even; the output's box is then not used.
 *
 * <p>With an {@code upscale} / {@code lanczosUpscale} op of factor s (run after every other op, on the picture those
 * ops leave: the last reformat's result, else the upright display size), the output is s x that picture: with a
 * reformat exactly s x its size; without one, s x the display size fitted into the output's box (aspect kept, sides
 * even, never past s x the display size).
 *
 * <p>The source picture is {@link SourceGeometry}'s: VBI cropped, pixel aspect from the file or the recipe's
 * desqueeze, turned upright. Outputs have square pixels at its display aspect (width x pixel aspect), unless an
 * output asks {@code keepAnamorphic}: then it keeps the coded (cropped, upright) size fitted into its box and carries
 * the source's pixel aspect ({@link Output#sampleAspect}).
 */
public final class OutputGeometry {

    private OutputGeometry() {}

    /** An output size; both sides even. */
    public record Size(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /** An output's encoder size and the pixel aspect it carries ({@code N:D}; null = square pixels). */
    public record Output(Size size, String sampleAspect) {}

    /**
     * The encoder size and pixel aspect of {@code out} for {@code media} under {@code recipe} (null = the default
     * picture settings: VBI crop auto, no desqueeze).
     */
    public static Output of(MediaInfo media, Recipe recipe, OutputSpec out) {
        List<Op> ops = recipe != null ? recipe.effectiveOps(out) : out.ops() == null ? List.of() : out.ops();
        if (out.keepsAnamorphic()) {
            ReformatGeometry.Picture p = SourceGeometry.upright(media, recipe);
            return new Output(
                    fitInto(p.width(), p.height(), out.maxWidth(), out.maxHeight()),
                    SourceGeometry.aspectText(p.sarNum(), p.sarDen()));
        }
        return new Output(of(media, recipe, out.maxWidth(), out.maxHeight(), ops), null);
    }

    /** The encoder size of an output of {@code media} with the output's box and effective ops. */
    public static Size of(MediaInfo media, int maxWidth, int maxHeight, List<Op> ops) {
        return of(media, null, maxWidth, maxHeight, ops);
    }

    /** As {@link #of(MediaInfo, int, int, List)}, with the recipe's picture settings (VBI crop, desqueeze). */
    public static Size of(MediaInfo media, Recipe recipe, int maxWidth, int maxHeight, List<Op> ops) {
        int scale = Op.upscaleFactor(ops);
        if (scale > 1) {
            Size in = upscaleInput(media, recipe, ops);
            if (ops.stream().anyMatch(Op.Reformat.class::isInstance)) {
                return new Size(in.width() * scale, in.height() * scale);
            }
            return fitInto(in.width() * scale, in.height() * scale, maxWidth, maxHeight);
        }
        ReformatGeometry.Picture up = SourceGeometry.upright(media, recipe);
        ReformatGeometry.Picture pic = reformatted(up, ops);
        if (pic == null) {
            Fit.Geometry g = Fit.fit(displayWidth(up), up.height(), maxWidth, maxHeight);
            return new Size(g.width(), g.height());
        }
        return new Size(pic.width(), pic.height());
    }

    /**
     * The picture an upscale op receives: the last reformat's result, else the upright display size (pixel aspect
     * applied, even sides).
     */
    public static Size upscaleInput(MediaInfo media, List<Op> ops) {
        return upscaleInput(media, null, ops);
    }

    /** As {@link #upscaleInput(MediaInfo, List)}, with the recipe's picture settings. */
    public static Size upscaleInput(MediaInfo media, Recipe recipe, List<Op> ops) {
        ReformatGeometry.Picture up = SourceGeometry.upright(media, recipe);
        ReformatGeometry.Picture pic = reformatted(up, ops);
        if (pic != null) {
            return new Size(pic.width(), pic.height());
        }
        Fit.Geometry g = Fit.fit(displayWidth(up), up.height(), 0, 0);
        return new Size(g.width(), g.height());
    }

    /** Width x pixel aspect, rounded to the nearest integer (halves up). */
    static int displayWidth(ReformatGeometry.Picture p) {
        long n = Math.max(1, p.sarNum());
        long d = Math.max(1, p.sarDen());
        return (int) ((2L * p.width() * n + d) / (2L * d));
    }

    /**
     * The picture the ops leave from decoded frames of {@code width} x {@code height} with pixel aspect
     * {@code sarNum:sarDen}, turned upright by {@code rotation} degrees: the last reformat's result, else the display
     * size (pixel aspect applied to the width); sides even, at least 2.
     */
    public static Size natural(int width, int height, long sarNum, long sarDen, int rotation, List<Op> ops) {
        long n = Math.max(1, sarNum);
        long d = Math.max(1, sarDen);
        int r = ((rotation % 360) + 360) % 360;
        ReformatGeometry.Picture pic = r % 180 != 0
                ? new ReformatGeometry.Picture(height, width, d, n)
                : new ReformatGeometry.Picture(width, height, n, d);
        ReformatGeometry.Picture after = reformatted(pic, ops);
        int w = after == null ? pic.width() : after.width();
        int h = after == null ? pic.height() : after.height();
        if (after == null && pic.sarNum() != pic.sarDen()) {
            w = (int) Math.round(w * (double) pic.sarNum() / pic.sarDen());
        }
        return new Size(Math.max(2, w & ~1), Math.max(2, h & ~1));
    }

    /** The picture after every reformat op in order, or null when there is none. */
    private static ReformatGeometry.Picture reformatted(ReformatGeometry.Picture pic, List<Op> ops) {
        ReformatGeometry.Picture out = null;
        for (Op op : ops == null ? List.<Op>of() : ops) {
            if (op instanceof Op.Reformat r) {
                if (r.mode() == null) {
                    throw new IllegalArgumentException("reformat mode missing");
                }
                out = ReformatGeometry.apply(r, out == null ? pic : out);
            }
        }
        return out;
    }

    /** w x h fitted into a box (a side of 0 = unconstrained): aspect kept, never enlarged, even sides. */
    static Size fitInto(int w, int h, int maxWidth, int maxHeight) {
        double k = 1.0;
        if (maxWidth > 0) {
            k = Math.min(k, (double) maxWidth / w);
        }
        if (maxHeight > 0) {
            k = Math.min(k, (double) maxHeight / h);
        }
        if (k >= 1.0) {
            return new Size(ReformatGeometry.even(w, w), ReformatGeometry.even(h, h));
        }
        return new Size(
                ReformatGeometry.even(w * k, maxWidth > 0 ? Math.min(w, maxWidth) : w),
                ReformatGeometry.even(h * k, maxHeight > 0 ? Math.min(h, maxHeight) : h));
    }
}
