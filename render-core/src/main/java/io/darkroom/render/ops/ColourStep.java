package io.darkroom.render.ops;

import io.darkroom.recipe.ops.CdlValues;
import io.darkroom.recipe.ops.CubeLut;

/**
 * A colour op, loaded: an exact RGB function of RGB (values 0..1 nominal) plus a key that changes whenever the
 * function does (content hash of the file, or the canonical numbers).
 */
interface ColourStep {
    void apply(double[] rgb);

    String key();

    /** The step's own 3D grid size when it is exactly a plain 3D table over 0..1 (baked as is), else 0. */
    default int nativeSize() {
        return 0;
    }

    static ColourStep of(CubeLut lut, String sha256) {
        return new ColourStep() {
            @Override
            public void apply(double[] rgb) {
                lut.apply(rgb);
            }

            @Override
            public String key() {
                return "cube:" + sha256;
            }

            @Override
            public int nativeSize() {
                return lut.plain3d() ? lut.cube().size() : 0;
            }
        };
    }

    static ColourStep of(CdlValues cdl) {
        return new ColourStep() {
            @Override
            public void apply(double[] rgb) {
                cdl.apply(rgb);
            }

            @Override
            public String key() {
                return cdl.canonical();
            }
        };
    }
}
