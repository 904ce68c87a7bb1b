package io.darkroom.recipe.geometry;

import io.darkroom.contracts.ops.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact size arithmetic for {@link Op.Reformat}: picture size plus pixel aspect in, the scale / crop / pad steps
 * and the resulting size out. Pure integers: the graph gets plain numbers, never expressions. All sizes and
 * offsets are even (4:2:0 chroma), sizes at least 2.
 */
public final class ReformatGeometry {
    private ReformatGeometry() {}

    /** A picture: size and pixel aspect. */
    public record Picture(int width, int height, long sarNum, long sarDen) {
        double displayAspect() {
            return (double) width * sarNum / ((double) height * sarDen);
        }
    }

    /** One geometry step. */
    public sealed interface Step permits Scale, Crop, Pad {}

    public record Scale(int width, int height) implements Step {}

    public record Crop(int width, int height, int x, int y) implements Step {}

    public record Pad(int width, int height, int x, int y) implements Step {}

    public record Plan(List<Step> steps, Picture result) {}

    /** The picture after a reformat, with square pixels. */
    public static Picture apply(Op.Reformat r, Picture in) {
        return plan(r, in).result();
    }

    public static Plan plan(Op.Reformat r, Picture in) {
        int bw = r.width();
        int bh = r.height();
        double dar = in.displayAspect();
        List<Step> steps = new ArrayList<>();
        switch (r.mode()) {
            case FIT, LETTERBOX -> {
                int w;
                int h;
                if (dar >= (double) bw / bh) {
                    w = bw;
                    h = even(bw / dar, bh);
                } else {
                    h = bh;
                    w = even(bh * dar, bw);
                }
                steps.add(new Scale(w, h));
                if (r.mode() == Op.Reformat.Mode.LETTERBOX && (w != bw || h != bh)) {
                    steps.add(new Pad(bw, bh, evenOffset(bw - w), evenOffset(bh - h)));
                    return new Plan(steps, new Picture(bw, bh, 1, 1));
                }
                return new Plan(steps, new Picture(w, h, 1, 1));
            }
            case FILL -> {
                int w;
                int h;
                if (dar >= (double) bw / bh) {
                    h = bh;
                    w = Math.max(bw, even(bh * dar, Integer.MAX_VALUE));
                } else {
                    w = bw;
                    h = Math.max(bh, even(bw / dar, Integer.MAX_VALUE));
                }
                steps.add(new Scale(w, h));
                if (w != bw || h != bh) {
                    steps.add(new Crop(bw, bh, evenOffset(w - bw), evenOffset(h - bh)));
                }
                return new Plan(steps, new Picture(bw, bh, 1, 1));
            }
            case CROP -> {
                int w = even((double) in.width() * in.sarNum() / in.sarDen(), Integer.MAX_VALUE);
                int h = even(in.height(), Integer.MAX_VALUE);
                steps.add(new Scale(w, h));
                int cw = Math.min(w, bw);
                int ch = Math.min(h, bh);
                if (cw != w || ch != h) {
                    steps.add(new Crop(cw, ch, evenOffset(w - cw), evenOffset(h - ch)));
                }
                if (cw != bw || ch != bh) {
                    steps.add(new Pad(bw, bh, evenOffset(bw - cw), evenOffset(bh - ch)));
                }
                return new Plan(steps, new Picture(bw, bh, 1, 1));
            }
            default -> throw new IllegalArgumentException("reformat mode missing");
        }
    }

    /** Nearest even integer, at least 2, at most the even number at or below cap. */
    static int even(double v, int cap) {
        long e = 2 * Math.round(v / 2);
        long c = Math.max(2, cap - (cap % 2));
        return (int) Math.max(2, Math.min(e, c));
    }

    private static int evenOffset(int slack) {
        return (slack / 2) & ~1;
    }
}
