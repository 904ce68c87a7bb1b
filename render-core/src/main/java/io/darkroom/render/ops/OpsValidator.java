package io.darkroom.render.ops;

import io.darkroom.contracts.ops.Op;
import io.darkroom.contracts.ops.OpProblem;

import io.darkroom.contracts.SourceRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Submit-time checks of an op list. {@link #validate} is structural (no I/O); {@link #validateFiles} also opens
 * and parses every LUT and CDL file, so a malformed file is refused at submit time with its line number rather
 * than failing every segment later. Field names are relative to {@code prefix} (e.g. {@code recipe.ops}).
 */
public final class OpsValidator {
    public static final int MAX_OPS = 32;
    static final int MIN_SIZE = 16;
    static final int MAX_SIZE = 8192;
    static final String[] IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg"};

    private OpsValidator() {
    }

    public static List<OpProblem> validate(String prefix, List<Op> ops) {
        List<OpProblem> out = new ArrayList<>();
        if (ops == null) {
            return out;
        }
        if (ops.size() > MAX_OPS) {
            out.add(new OpProblem(prefix, "at most " + MAX_OPS + " ops, found " + ops.size(), OpProblem.INVALID_OP));
        }
        boolean toneMap = false;
        boolean upscale = false;
        for (int i = 0; i < ops.size(); i++) {
            String f = prefix + "[" + i + "]";
            Op op = ops.get(i);
            if (op == null) {
                out.add(new OpProblem(f, "must not be null", OpProblem.MISSING));
            } else if (op instanceof Op.Lut3d l) {
                fileRef(out, f + ".file", l.file(), ".cube");
            } else if (op instanceof Op.Cdl c) {
                cdl(out, f, c);
            } else if (op instanceof Op.Reformat r) {
                reformat(out, f, r);
            } else if (op instanceof Op.Deinterlace) {
                if (i != 0) {
                    out.add(new OpProblem(f, "deinterlace must be the first op (fields are lost once the picture is"
                            + " rotated, scaled or graded)", OpProblem.INVALID_OP));
                }
            } else if (op instanceof Op.ToneMap) {
                if (toneMap) {
                    out.add(new OpProblem(f, "at most one toneMap op per list", OpProblem.INVALID_OP));
                }
                toneMap = true;
            } else if (op instanceof Op.BurnIn b) {
                template(out, f + ".text", b.text());
                range(out, f + ".size", b.size(), 0.5, 50);
                range(out, f + ".opacity", b.opacity(), 0, 1);
            } else if (op instanceof Op.Upscale || op instanceof Op.LanczosUpscale) {
                if (upscale) {
                    out.add(new OpProblem(f, "at most one upscale / lanczosUpscale op per list",
                            OpProblem.INVALID_OP));
                }
                upscale = true;
                upscale(out, f, op);
            } else if (op instanceof Op.Watermark w) {
                template(out, f + ".text", w.text());
                range(out, f + ".size", w.size(), 0.5, 50);
                range(out, f + ".opacity", w.opacity(), 0, 1);
            } else if (op instanceof Op.WatermarkImage w) {
                fileRef(out, f + ".file", w.file(), IMAGE_EXTENSIONS);
                range(out, f + ".size", w.size(), 1, 100);
                range(out, f + ".opacity", w.opacity(), 0, 1);
            }
        }
        return out;
    }

    /**
     * Scale 2..4; tile 32..1024; overlap 0..tile/4; a model name or root:path .onnx; fp16 only with a registry model
     * (its float16 variant; a bring-your-own file has none).
     */
    private static void upscale(List<OpProblem> out, String f, Op op) {
        int scale = op instanceof Op.Upscale u ? u.scale() : ((Op.LanczosUpscale) op).scale();
        if (scale < 2 || scale > 4) {
            out.add(new OpProblem(f + ".scale", "must be 2..4, got " + scale, OpProblem.OUT_OF_RANGE));
        }
        if (!(op instanceof Op.Upscale u)) {
            return;
        }
        if (u.model() == null || u.model().isBlank()) {
            out.add(new OpProblem(f + ".model", "a model registry name or root:path of an .onnx file is required",
                    OpProblem.MISSING));
        } else if (u.modelIsFile() && !u.model().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            out.add(new OpProblem(f + ".model", "a model file must be an .onnx file, got " + u.model(),
                    OpProblem.INVALID_OP));
        }
        int tile = u.tileOrDefault();
        if (tile < 32 || tile > 1024) {
            out.add(new OpProblem(f + ".tile", "must be 32..1024, got " + tile, OpProblem.OUT_OF_RANGE));
        }
        int overlap = u.overlapOrDefault();
        if (overlap < 0 || overlap > Math.max(0, tile / 4)) {
            out.add(new OpProblem(f + ".overlap", "must be 0.." + tile / 4 + " (a quarter of the tile), got "
                    + overlap, OpProblem.OUT_OF_RANGE));
        }
        if (u.precisionOrDefault() == Op.Upscale.Precision.FP16 && u.modelIsFile()) {
            out.add(new OpProblem(f + ".precision", "fp16 runs a registry model's float16 variant; the file "
                    + u.model() + " has none: register it, or use fp32", OpProblem.CONFLICT));
        }
    }

    /**
     * The upscale ops that name a registry model the registry does not hold ({@link OpProblem#UNKNOWN_MODEL} at
     * {@code prefix[i].model}); {@code root:path} models are left to the file checks of the caller.
     *
     * @param known whether a registry name is registered
     */
    public static List<OpProblem> validateModels(String prefix, List<Op> ops,
            java.util.function.Predicate<String> known) {
        List<OpProblem> out = new ArrayList<>();
        if (ops == null) {
            return out;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof Op.Upscale u && u.model() != null && !u.model().isBlank() && !u.modelIsFile()
                    && !known.test(u.model())) {
                out.add(new OpProblem(prefix + "[" + i + "].model", "no model '" + u.model()
                        + "' in the model registry (GET /models lists them)", OpProblem.UNKNOWN_MODEL));
            }
        }
        return out;
    }

    /** Whether an op list asks for device gpu in an upscale op. */
    public static boolean wantsGpu(List<Op> ops) {
        return ops != null && ops.stream().anyMatch(o -> o instanceof Op.Upscale u
                && u.deviceOrDefault() == Op.Upscale.Device.GPU);
    }

    /**
     * Structural checks plus opening and parsing each LUT / CDL file, and probing each watermark image (PNG / JPEG
     * that FFmpeg decodes, {@link OpProblem#BAD_IMAGE}), through the resolver (e.g.
     * {@code StorageRoots::resolveExisting}).
     */
    public static List<OpProblem> validateFiles(String prefix, List<Op> ops, Function<SourceRef, Path> resolver) {
        List<OpProblem> out = validate(prefix, ops);
        if (!out.isEmpty() || ops == null) {
            return out;
        }
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            SourceRef ref = op instanceof Op.Lut3d l ? l.file() : op instanceof Op.Cdl c ? c.file()
                    : op instanceof Op.WatermarkImage w ? w.file() : null;
            if (ref == null) {
                continue;
            }
            String f = prefix + "[" + i + "].file";
            Path p;
            try {
                p = resolver.apply(ref);
            } catch (RuntimeException e) {
                out.add(new OpProblem(f, ref + ": " + e.getMessage(), e instanceof io.darkroom.media.StorageException se
                        ? se.problem().name() : "NOT_FOUND"));
                continue;
            }
            if (op instanceof Op.WatermarkImage) {
                String bad = imageProblem(p);
                if (bad != null) {
                    out.add(new OpProblem(f, ref.path() + ": " + bad, OpProblem.BAD_IMAGE));
                }
                continue;
            }
            try {
                if (op instanceof Op.Lut3d) {
                    CubeParser.parse(p);
                } else {
                    CdlParser.parse(p, ((Op.Cdl) op).id());
                }
            } catch (OpsException e) {
                out.add(new OpProblem(op instanceof Op.Cdl c && c.id() != null && e.getMessage().contains("no "
                        + "ColorCorrection with id") ? prefix + "[" + i + "].id" : f, e.getMessage(),
                        op instanceof Op.Lut3d ? OpProblem.BAD_LUT : OpProblem.BAD_CDL));
            }
        }
        return out;
    }

    /**
     * Null when FFmpeg reads the file as one PNG or JPEG picture of at most {@link #MAX_SIZE} a side; else what is
     * wrong. Decodes the picture (not just the header), so a truncated file is refused too.
     */
    static String imageProblem(Path p) {
        String url = "file:" + p.toAbsolutePath();
        io.darkroom.media.Ffmpeg.Result r = io.darkroom.media.Ffmpeg.ffprobe(List.of("-v", "error", "-select_streams",
                "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "default=noprint_wrappers=1", url),
                java.time.Duration.ofSeconds(30));
        if (!r.ok()) {
            return "not an image FFmpeg can read (" + firstLine(r.stderr()) + ")";
        }
        String codec = null;
        int w = 0;
        int h = 0;
        for (String line : r.stdout().lines().toList()) {
            String[] kv = line.split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0].trim()) {
                case "codec_name" -> codec = kv[1].trim();
                case "width" -> w = parseInt(kv[1]);
                case "height" -> h = parseInt(kv[1]);
                default -> { }
            }
        }
        if (!"png".equals(codec) && !"mjpeg".equals(codec)) {
            return "must be a PNG or JPEG image, FFmpeg reads it as " + (codec == null ? "no picture" : codec);
        }
        if (w < 1 || h < 1 || w > MAX_SIZE || h > MAX_SIZE) {
            return "image must be 1.." + MAX_SIZE + " pixels a side, was " + w + "x" + h;
        }
        io.darkroom.media.Ffmpeg.Result d = io.darkroom.media.Ffmpeg.ffmpeg(List.of("-v", "error", "-xerror", "-i",
                url, "-frames:v", "1", "-f", "null", "-"), java.time.Duration.ofSeconds(30));
        if (!d.ok() || !d.stderr().isBlank()) {
            return "image does not decode (" + firstLine(d.stderr()) + ")";
        }
        return null;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static void cdl(List<OpProblem> out, String f, Op.Cdl c) {
        boolean inline = c.slope() != null || c.offset() != null || c.power() != null || c.saturation() != null;
        if (c.file() != null) {
            if (inline) {
                out.add(new OpProblem(f, "give either a file or slope/offset/power/saturation, not both",
                        OpProblem.CONFLICT));
            }
            fileRef(out, f + ".file", c.file(), ".cdl", ".cc", ".ccc");
            return;
        }
        if (c.id() != null) {
            out.add(new OpProblem(f + ".id", "id selects a ColorCorrection in a file; there is no file",
                    OpProblem.CONFLICT));
        }
        if (!inline) {
            out.add(new OpProblem(f, "give slope/offset/power/saturation or a .cdl/.cc/.ccc file", OpProblem.MISSING));
            return;
        }
        triple(out, f + ".slope", c.slope(), 0, false, 100);
        triple(out, f + ".offset", c.offset(), -10, true, 10);
        triple(out, f + ".power", c.power(), 0, true, 100);
        range(out, f + ".saturation", c.saturation(), 0, 100);
    }

    private static void triple(List<OpProblem> out, String f, List<Double> v, double min, boolean exclusiveMin,
            double max) {
        if (v == null) {
            return;
        }
        if (v.size() != 3) {
            out.add(new OpProblem(f, "needs 3 numbers (R, G, B), found " + v.size(), OpProblem.OUT_OF_RANGE));
            return;
        }
        for (int i = 0; i < 3; i++) {
            Double x = v.get(i);
            boolean ok = x != null && Double.isFinite(x) && (exclusiveMin ? x > min : x >= min) && x <= max;
            if (!ok) {
                out.add(new OpProblem(f + "[" + i + "]", "must be a number " + (exclusiveMin ? "above " : "from ")
                        + min + (exclusiveMin ? " and at most " : " to ") + max + ", was " + x, OpProblem.OUT_OF_RANGE));
            }
        }
    }

    private static void reformat(List<OpProblem> out, String f, Op.Reformat r) {
        if (r.mode() == null) {
            out.add(new OpProblem(f + ".mode", "must be one of fit, fill, letterbox, crop", OpProblem.MISSING));
        }
        side(out, f + ".width", r.width());
        side(out, f + ".height", r.height());
    }

    private static void side(List<OpProblem> out, String f, int v) {
        if (v < MIN_SIZE || v > MAX_SIZE || v % 2 != 0) {
            out.add(new OpProblem(f, "must be an even number from " + MIN_SIZE + " to " + MAX_SIZE + ", was " + v,
                    OpProblem.OUT_OF_RANGE));
        }
    }

    private static void template(List<OpProblem> out, String f, String text) {
        try {
            TextTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            out.add(new OpProblem(f, e.getMessage(), OpProblem.INVALID_OP));
        }
    }

    private static void range(List<OpProblem> out, String f, Double v, double min, double max) {
        if (v != null && !(Double.isFinite(v) && v >= min && v <= max)) {
            out.add(new OpProblem(f, "must be from " + min + " to " + max + ", was " + v, OpProblem.OUT_OF_RANGE));
        }
    }

    private static void fileRef(List<OpProblem> out, String f, SourceRef ref, String... extensions) {
        if (ref == null || ref.root() == null || ref.root().isBlank() || ref.path() == null || ref.path().isBlank()) {
            out.add(new OpProblem(f, "needs root and path", OpProblem.MISSING));
            return;
        }
        String lower = ref.path().toLowerCase(Locale.ROOT);
        for (String e : extensions) {
            if (lower.endsWith(e)) {
                return;
            }
        }
        out.add(new OpProblem(f, "must name a " + String.join(" / ", extensions) + " file, was " + ref.path(),
                OpProblem.INVALID_OP));
    }
}
