package io.darkroom.process.domain;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.plan.Fit;
import java.util.List;

/**
 * The encoder size of one output of a clip. Without a Reformat op it is {@link Fit} (the display size fitted into the
 * output's maxWidth x maxHeight box). With one, the last Reformat decides, exactly as render-core's
 * {@code io.darkroom.render.ops.ReformatGeometry} computes it (mirrored here: process-service does not depend on
 * render-core): fill, letterbox and crop give the op's width x height; fit scales the picture (rotation applied,
 * pixel aspect honoured) to fit inside the box, aspect kept, sides even; the box of the output (maxWidth/maxHeight)
 * is then not used.
 *
 * <p>With an {@code upscale} / {@code lanczosUpscale} op of factor s (render-core runs it after every other op, on
 * the picture those ops leave: the last reformat's result, else the upright display size), the output is s x that
 * picture: with a reformat exactly s x its size; without one, s x the display size fitted into the output's box
 * (aspect kept, sides even, never past s x the display size).
 */
public final class OutputGeometry {

    private OutputGeometry() {
    }

    /** An output size; both sides even. */
    public record Size(int width, int height) {
    }

    public static Size of(MediaInfo media, int maxWidth, int maxHeight, List<Op> ops) {
        int scale = Op.upscaleFactor(ops);
        if (scale > 1) {
            Size in = upscaleInput(media, ops);
            if (ops.stream().anyMatch(Op.Reformat.class::isInstance)) {
                return new Size(in.width() * scale, in.height() * scale);
            }
            return fitInto(in.width() * scale, in.height() * scale, maxWidth, maxHeight);
        }
        Op.Reformat last = null;
        // the picture as render-core's filter chain sees it: coded size and pixel aspect, turned upright
        long[] pic = picture(media);
        for (Op op : ops == null ? List.<Op>of() : ops) {
            if (op instanceof Op.Reformat r) {
                pic = reformat(r, pic);
                last = r;
            }
        }
        if (last == null) {
            Fit.Geometry g = Fit.fit(media, maxWidth, maxHeight);
            return new Size(g.width(), g.height());
        }
        return new Size((int) pic[0], (int) pic[1]);
    }

    /**
     * The picture an upscale op receives: the last reformat's result, else the upright display size (pixel aspect
     * applied, even sides).
     */
    public static Size upscaleInput(MediaInfo media, List<Op> ops) {
        long[] pic = picture(media);
        boolean reformatted = false;
        for (Op op : ops == null ? List.<Op>of() : ops) {
            if (op instanceof Op.Reformat r) {
                pic = reformat(r, pic);
                reformatted = true;
            }
        }
        if (reformatted) {
            return new Size((int) pic[0], (int) pic[1]);
        }
        Fit.Geometry g = Fit.fit(media, 0, 0);
        return new Size(g.width(), g.height());
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
            return new Size(even(w, w), even(h, h));
        }
        return new Size(even(w * k, maxWidth > 0 ? Math.min(w, maxWidth) : w),
                even(h * k, maxHeight > 0 ? Math.min(h, maxHeight) : h));
    }

    /** {width, height, sarNum, sarDen} of the upright source picture. */
    static long[] picture(MediaInfo m) {
        long sarNum = 1;
        long sarDen = 1;
        String sar = m.sampleAspectRatio();
        if (sar != null && sar.matches("\\d+:\\d+")) {
            String[] p = sar.split(":");
            long n = Long.parseLong(p[0]);
            long d = Long.parseLong(p[1]);
            if (n > 0 && d > 0) {
                sarNum = n;
                sarDen = d;
            }
        }
        if (m.rotation() % 180 != 0) {
            return new long[] {m.height(), m.width(), sarDen, sarNum};
        }
        return new long[] {m.width(), m.height(), sarNum, sarDen};
    }

    /** ReformatGeometry.plan(...).result(), as {width, height, 1, 1}. */
    static long[] reformat(Op.Reformat r, long[] in) {
        int bw = r.width();
        int bh = r.height();
        if (r.mode() == null) {
            throw new IllegalArgumentException("reformat mode missing");
        }
        if (r.mode() != Op.Reformat.Mode.FIT) {
            return new long[] {bw, bh, 1, 1};
        }
        double dar = (double) in[0] * in[2] / ((double) in[1] * in[3]);
        long w;
        long h;
        if (dar >= (double) bw / bh) {
            w = bw;
            h = even(bw / dar, bh);
        } else {
            h = bh;
            w = even(bh * dar, bw);
        }
        return new long[] {w, h, 1, 1};
    }

    /** Nearest even integer (half up), at least 2, at most the even number at or below cap. */
    static int even(double v, int cap) {
        long e = 2 * Math.round(v / 2);
        long c = Math.max(2, cap - (cap % 2));
        return (int) Math.max(2, Math.min(e, c));
    }
}
