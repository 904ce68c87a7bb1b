package io.darkroom.recipe.ops;

/**
 * A parsed {@code .cube} file: an optional 1D shaper applied first, then an optional 3D table (at least one of
 * the two). Values are RGB triples, red fastest in the 3D table (index {@code r + g*N + b*N*N}). Each stage maps
 * its input range ({@code min..max} per channel) onto its grid; inputs outside are clamped to the range.
 *
 * @param title  TITLE, or null
 * @param shaper the 1D section, or null
 * @param cube   the 3D section, or null
 */
public record CubeLut(String title, Table1d shaper, Table3d cube) {

    /** A 1D table: {@code size} RGB triples. */
    public record Table1d(int size, float[] values, double[] min, double[] max) {
        double eval(int channel, double x) {
            double t = normalise(x, min[channel], max[channel]) * (size - 1);
            int i = Math.min((int) Math.floor(t), size - 2);
            double f = t - i;
            double a = values[3 * i + channel];
            double b = values[3 * (i + 1) + channel];
            return a + (b - a) * f;
        }
    }

    /** A 3D table: {@code size^3} RGB triples, red fastest. */
    public record Table3d(int size, float[] values, double[] min, double[] max) {
        /** Tetrahedral interpolation, the same scheme as FFmpeg's {@code lut3d=interp=tetrahedral}. */
        void eval(double r, double g, double b, double[] out) {
            int n = size - 1;
            double fr = normalise(r, min[0], max[0]) * n;
            double fg = normalise(g, min[1], max[1]) * n;
            double fb = normalise(b, min[2], max[2]) * n;
            int ir = Math.min((int) fr, n - 1);
            int ig = Math.min((int) fg, n - 1);
            int ib = Math.min((int) fb, n - 1);
            double dr = fr - ir;
            double dg = fg - ig;
            double db = fb - ib;
            for (int c = 0; c < 3; c++) {
                double c000 = at(ir, ig, ib, c);
                double c111 = at(ir + 1, ig + 1, ib + 1, c);
                double v;
                if (dr > dg) {
                    if (dg > db) {
                        v = (1 - dr) * c000
                                + (dr - dg) * at(ir + 1, ig, ib, c)
                                + (dg - db) * at(ir + 1, ig + 1, ib, c)
                                + db * c111;
                    } else if (dr > db) {
                        v = (1 - dr) * c000
                                + (dr - db) * at(ir + 1, ig, ib, c)
                                + (db - dg) * at(ir + 1, ig, ib + 1, c)
                                + dg * c111;
                    } else {
                        v = (1 - db) * c000
                                + (db - dr) * at(ir, ig, ib + 1, c)
                                + (dr - dg) * at(ir + 1, ig, ib + 1, c)
                                + dg * c111;
                    }
                } else {
                    if (db > dg) {
                        v = (1 - db) * c000
                                + (db - dg) * at(ir, ig, ib + 1, c)
                                + (dg - dr) * at(ir, ig + 1, ib + 1, c)
                                + dr * c111;
                    } else if (db > dr) {
                        v = (1 - dg) * c000
                                + (dg - db) * at(ir, ig + 1, ib, c)
                                + (db - dr) * at(ir, ig + 1, ib + 1, c)
                                + dr * c111;
                    } else {
                        v = (1 - dg) * c000
                                + (dg - dr) * at(ir, ig + 1, ib, c)
                                + (dr - db) * at(ir + 1, ig + 1, ib, c)
                                + db * c111;
                    }
                }
                out[c] = v;
            }
        }

        private double at(int r, int g, int b, int c) {
            return values[3 * (r + size * (g + size * b)) + c];
        }
    }

    /** Applies shaper then cube to an RGB triple, in place. */
    public void apply(double[] rgb) {
        if (shaper != null) {
            for (int c = 0; c < 3; c++) {
                rgb[c] = shaper.eval(c, rgb[c]);
            }
        }
        if (cube != null) {
            cube.eval(rgb[0], rgb[1], rgb[2], rgb);
        }
    }

    /** True when the file is one 3D table over 0..1 with no shaper: it can be used as it is. */
    public boolean plain3d() {
        return shaper == null && cube != null && unit(cube.min, cube.max);
    }

    private static boolean unit(double[] min, double[] max) {
        for (int c = 0; c < 3; c++) {
            if (min[c] != 0 || max[c] != 1) {
                return false;
            }
        }
        return true;
    }

    private static double normalise(double x, double min, double max) {
        double t = (x - min) / (max - min);
        return t < 0 ? 0 : t > 1 ? 1 : t;
    }
}
