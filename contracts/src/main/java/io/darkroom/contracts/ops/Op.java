package io.darkroom.contracts.ops;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.darkroom.contracts.SourceRef;
import java.util.List;
import java.util.Locale;

/**
 * One step of a recipe's picture processing, applied in list order ({@code Recipe.ops}, {@code OutputSpec.ops},
 * {@code RenderTask.RenderOutput.ops}). JSON: {@code {"op": "lut3d", "file": {"root": "media", "path":
 * "luts/show.cube"}}}. Checked at submit time by the recipe module's {@code io.darkroom.recipe.ops.OpsRules}; turned
 * into an FFmpeg filter graph by render-core's {@code FilterGraphBuilder}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Op.Lut3d.class, name = "lut3d"),
    @JsonSubTypes.Type(value = Op.Cdl.class, name = "cdl"),
    @JsonSubTypes.Type(value = Op.Reformat.class, name = "reformat"),
    @JsonSubTypes.Type(value = Op.Deinterlace.class, name = "deinterlace"),
    @JsonSubTypes.Type(value = Op.BurnIn.class, name = "burnIn"),
    @JsonSubTypes.Type(value = Op.Watermark.class, name = "watermark"),
    @JsonSubTypes.Type(value = Op.WatermarkImage.class, name = "watermarkImage"),
    @JsonSubTypes.Type(value = Op.ToneMap.class, name = "toneMap"),
    @JsonSubTypes.Type(value = Op.Upscale.class, name = "upscale"),
    @JsonSubTypes.Type(value = Op.LanczosUpscale.class, name = "lanczosUpscale")
})
public sealed interface Op
        permits Op.Lut3d,
                Op.Cdl,
                Op.Reformat,
                Op.Deinterlace,
                Op.BurnIn,
                Op.Watermark,
                Op.WatermarkImage,
                Op.ToneMap,
                Op.Upscale,
                Op.LanczosUpscale {

    /** The op's name in JSON and in problem messages. */
    String kind();

    /**
     * The factor of the (at most one) {@code upscale} / {@code lanczosUpscale} op of an op list; 1 when it has none.
     * An upscaled output is this many times the picture the other ops leave.
     */
    static int upscaleFactor(List<Op> ops) {
        for (Op op : ops == null ? List.<Op>of() : ops) {
            if (op instanceof Upscale u) {
                return u.scale();
            }
            if (op instanceof LanczosUpscale l) {
                return l.scale();
            }
        }
        return 1;
    }

    /** Whether the op changes colour (baked, with its neighbours, into one 3D LUT). */
    default boolean colour() {
        return false;
    }

    /**
     * A 3D LUT from a {@code .cube} file (Adobe/Resolve; a 1D shaper section before the 3D table is allowed).
     *
     * @param file the .cube file in a storage root
     */
    record Lut3d(SourceRef file) implements Op {
        @Override
        public String kind() {
            return "lut3d";
        }

        @Override
        public boolean colour() {
            return true;
        }
    }

    /**
     * An ASC CDL: either inline values or a {@code .cdl} / {@code .cc} / {@code .ccc} file, never both.
     * Inline: missing slope / offset / power / saturation default to 1 / 0 / 1 / 1.
     *
     * @param slope      per channel R, G, B; at least 0
     * @param offset     per channel R, G, B
     * @param power      per channel R, G, B; above 0
     * @param saturation at least 0 (Rec.709 luma weights)
     * @param file       XML file with one or more ColorCorrection elements
     * @param id         the ColorCorrection id to use from the file; null = the first one
     */
    record Cdl(
            List<Double> slope, List<Double> offset, List<Double> power, Double saturation, SourceRef file, String id)
            implements Op {
        public static Cdl of(double[] slope, double[] offset, double[] power, double saturation) {
            return new Cdl(boxed(slope), boxed(offset), boxed(power), saturation, null, null);
        }

        public static Cdl fromFile(SourceRef file, String id) {
            return new Cdl(null, null, null, null, file, id);
        }

        private static List<Double> boxed(double[] v) {
            return v == null ? null : java.util.Arrays.stream(v).boxed().toList();
        }

        @Override
        public String kind() {
            return "cdl";
        }

        @Override
        public boolean colour() {
            return true;
        }
    }

    /**
     * Changes the picture size to exactly {@code width x height} (fit: at most that size, aspect kept), honouring
     * the source pixel aspect; output pixels are square.
     *
     * @param mode   how the picture meets the box
     * @param width  even, 16..8192
     * @param height even, 16..8192
     */
    record Reformat(Mode mode, int width, int height) implements Op {
        /** How the source picture meets the target box. */
        public enum Mode {
            /** Scale to fit inside the box, aspect kept; the output is the scaled picture (may be smaller than the box). */
            @JsonProperty("fit")
            FIT,
            /** Scale to cover the box, aspect kept, centre crop the overflow; output is exactly the box. */
            @JsonProperty("fill")
            FILL,
            /** Scale to fit inside the box, aspect kept, pad with black bars; output is exactly the box. */
            @JsonProperty("letterbox")
            LETTERBOX,
            /** No scaling: centre crop to the box (black padding where the source is smaller). */
            @JsonProperty("crop")
            CROP
        }

        @Override
        public String kind() {
            return "reformat";
        }
    }

    /**
     * Deinterlaces, one output frame per input frame (frame count and rate kept). Must be the first op. Without it,
     * interlaced sources (probe field order tt/bb/tb/bt) are deinterlaced as with mode auto; mode none turns that off.
     *
     * @param mode null = auto
     */
    record Deinterlace(Mode mode) implements Op {
        /** Which deinterlacer. */
        public enum Mode {
            /** bwdif, only when the probe says interlaced (tt/tb/bb/bt); progressive or unknown: nothing. */
            @JsonProperty("auto")
            AUTO,
            /** Always bwdif. */
            @JsonProperty("bwdif")
            BWDIF,
            /** Always yadif. */
            @JsonProperty("yadif")
            YADIF,
            /** Never, even when the probe says interlaced (mis-flagged progressive material). */
            @JsonProperty("none")
            NONE
        }

        @Override
        public String kind() {
            return "deinterlace";
        }
    }

    /**
     * Text drawn on every frame. Template fields: {@code {clip}} {@code {tc}} {@code {frame}} {@code {show}}
     * {@code {date}}; {@code {{} and {@code }}} are literal braces. Everything else is literal text, whatever it
     * contains.
     *
     * @param text     template, 1..1000 characters, newlines allowed
     * @param position where; null = bottom-left
     * @param size     text height in percent of the picture height, 0.5..50; null = 4
     * @param box      a translucent black box behind the text; null = true
     * @param opacity  0..1; null = 1
     */
    record BurnIn(String text, Position position, Double size, Boolean box, Double opacity) implements Op {
        @Override
        public String kind() {
            return "burnIn";
        }
    }

    /**
     * A text watermark (same template fields as {@link BurnIn}), no box.
     *
     * @param text     template
     * @param opacity  0..1; null = 0.3
     * @param position null = centre
     * @param size     percent of picture height; null = 10
     */
    record Watermark(String text, Double opacity, Position position, Double size) implements Op {
        @Override
        public String kind() {
            return "watermark";
        }
    }

    /**
     * An image watermark: a PNG (alpha respected) or JPEG scaled to {@code size} percent of the picture height
     * (aspect kept), made {@code opacity} transparent, placed at {@code position} with the burn-in margin.
     *
     * @param file     the .png / .jpg / .jpeg file in a storage root
     * @param opacity  0..1; null = 0.3
     * @param position null = bottom-right
     * @param size     image height in percent of the picture height, 1..100; null = 10
     */
    record WatermarkImage(SourceRef file, Double opacity, Position position, Double size) implements Op {
        @Override
        public String kind() {
            return "watermarkImage";
        }
    }

    /**
     * How an HDR source (transfer PQ {@code smpte2084} or HLG {@code arib-std-b67}) becomes the output's picture.
     * Without this op, HDR sources are tone-mapped to Rec.709 SDR (mode auto). Not positional: the tone map always
     * runs right after deinterlacing and rotation, before every other op (LUTs and CDLs then work on Rec.709
     * display-referred pictures). At most one per op list. Has no effect on SDR sources.
     *
     * @param mode null = auto
     */
    record ToneMap(Mode mode) implements Op {
        /** Tone-mapping curve, or none. */
        public enum Mode {
            /** HDR sources: hable curve to Rec.709; SDR sources: nothing. */
            @JsonProperty("auto")
            AUTO,
            /** The HDR signal is kept as decoded (only the matrix is converted); the output is tagged with the
             *  source's transfer and primaries. For HDR-aware grading downstream. */
            @JsonProperty("none")
            NONE,
            /** Hable (filmic) curve: highlights roll off, mid-tones kept. The default. */
            @JsonProperty("hable")
            HABLE,
            /** Mobius: keeps in-range values linear, compresses only above. */
            @JsonProperty("mobius")
            MOBIUS,
            /** Reinhard: simple global curve. */
            @JsonProperty("reinhard")
            REINHARD,
            /** Hard clip at SDR white. */
            @JsonProperty("clip")
            CLIP
        }

        @Override
        public String kind() {
            return "toneMap";
        }
    }

    /**
     * AI super-resolution with an ONNX model (ONNX Runtime in the render worker). Not positional: it runs after every
     * other op of the output, on 16-bit RGB (see render-core's README); at most one upscale / lanczosUpscale per list.
     *
     * @param model     a model registry name (e.g. {@code esrgan-slim-x2}); recipes refuse a {@code root:path} file
     *                  (only models an admin registered in process-service's catalog run)
     * @param scale     2..4; must equal the model's own factor
     * @param tile      tile side in input pixels, 32..1024; null = 128
     * @param overlap   pixels shared by adjacent tiles, 0..tile/4; null = 16
     * @param precision null = fp32; fp16 runs the model's float16 variant on any device (registry models converted
     *                  from TensorFlow.js have one; a registry model without a variant is refused). On CPUs without float16 kernels the arithmetic stays float32
     * @param device    null = auto (a GPU when the worker has one, else the CPU)
     * @param sha256    null = any; else the lower-case hex SHA-256 the registry model must have: process-service
     *                  plans the job only when its trusted model catalog records this hash for {@code model} (a pin
     *                  against a model re-registered under the same name)
     */
    record Upscale(
            String model, int scale, Integer tile, Integer overlap, Precision precision, Device device, String sha256)
            implements Op {
        public static final int DEFAULT_TILE = 128;
        public static final int DEFAULT_OVERLAP = 16;

        /** An op without a hash pin. */
        public Upscale(String model, int scale, Integer tile, Integer overlap, Precision precision, Device device) {
            this(model, scale, tile, overlap, precision, device, null);
        }

        /** Arithmetic precision of the model run (the recipe's, and the upscaler's: one enum for both). */
        public enum Precision {
            /** float32 everywhere: the default. */
            @JsonProperty("fp32")
            FP32,
            /** The model's float16 variant (float32 in and out), on any device; a model without one refuses it. */
            @JsonProperty("fp16")
            FP16;

            /** "fp32" or "fp16" (any case), as the command line takes it. */
            public static Precision parse(String text) {
                return parseName(Precision.class, text, "precision must be fp32 or fp16");
            }
        }

        /** Where the model runs (the recipe's, and the upscaler's: one enum for both). */
        public enum Device {
            /** The CUDA execution provider when this worker has one, else the CPU. */
            @JsonProperty("auto")
            AUTO,
            /** The CUDA execution provider; falls back to the CPU, with a log line, when it is unavailable. */
            @JsonProperty("gpu")
            GPU,
            /** ONNX Runtime's CPU execution provider. */
            @JsonProperty("cpu")
            CPU;

            /** "auto", "gpu" or "cpu" (any case), as the command line takes it. */
            public static Device parse(String text) {
                return parseName(Device.class, text, "device must be auto, gpu or cpu");
            }
        }

        /** The constant named {@code text} in any case, else {@code rule} and what was given. */
        private static <E extends Enum<E>> E parseName(Class<E> type, String text, String rule) {
            try {
                return Enum.valueOf(type, (text == null ? "" : text.trim()).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(rule + ", got '" + text + "'", e);
            }
        }

        public static Upscale of(String model, int scale) {
            return new Upscale(model, scale, null, null, null, null);
        }

        public int tileOrDefault() {
            return tile == null ? DEFAULT_TILE : tile;
        }

        public int overlapOrDefault() {
            return overlap == null ? DEFAULT_OVERLAP : overlap;
        }

        public Precision precisionOrDefault() {
            return precision == null ? Precision.FP32 : precision;
        }

        public Device deviceOrDefault() {
            return device == null ? Device.AUTO : device;
        }

        /** The same op pinned to {@code hash} (null: unpinned). */
        public Upscale withSha256(String hash) {
            return new Upscale(model, scale, tile, overlap, precision, device, hash);
        }

        /** Whether {@link #model} names a file ({@code root:path}) rather than a registry entry. */
        public boolean modelIsFile() {
            return model != null && model.indexOf(':') > 0;
        }

        @Override
        public String kind() {
            return "upscale";
        }
    }

    /**
     * Plain lanczos3 upscale (no model), for comparison and for workers without the model. Runs where
     * {@link Upscale} would (after every other op).
     *
     * @param scale 2..4
     */
    record LanczosUpscale(int scale) implements Op {
        @Override
        public String kind() {
            return "lanczosUpscale";
        }
    }

    /** Anchor of a text on the picture (a margin of 2 % of the picture height from the edges). */
    enum Position {
        @JsonProperty("top-left")
        TOP_LEFT,
        @JsonProperty("top")
        TOP,
        @JsonProperty("top-right")
        TOP_RIGHT,
        @JsonProperty("left")
        LEFT,
        @JsonProperty("centre")
        CENTRE,
        @JsonProperty("right")
        RIGHT,
        @JsonProperty("bottom-left")
        BOTTOM_LEFT,
        @JsonProperty("bottom")
        BOTTOM,
        @JsonProperty("bottom-right")
        BOTTOM_RIGHT
    }
}
