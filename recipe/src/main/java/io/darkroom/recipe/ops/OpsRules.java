package io.darkroom.recipe.ops;

import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.recipe.FileBudgets;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.RecipeFiles;
import io.darkroom.recipe.Violation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rules of an op list, for ingest (submit time) and the planner. {@link #validate} is structural (no I/O);
 * {@link #validateFiles} also opens and parses every LUT and CDL file, so a malformed file is refused at submit time
 * with its line number rather than failing every segment later. Field names are relative to {@code prefix} (e.g.
 * {@code recipe.ops}); every message starts with its field.
 */
public final class OpsRules {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    public static final int MAX_OPS = 32;
    public static final int MIN_SIZE = 16;
    public static final int MAX_SIZE = 8192;
    static final String[] IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg"};

    private OpsRules() {}

    public static List<Violation> validate(String prefix, List<Op> ops) {
        List<Violation> out = new ArrayList<>();
        if (ops == null) {
            return out;
        }
        if (ops.size() > MAX_OPS) {
            out.add(problem(prefix, "at most " + MAX_OPS + " ops, found " + ops.size(), Problem.INVALID_OP));
        }
        boolean toneMap = false;
        boolean upscale = false;
        for (int i = 0; i < ops.size(); i++) {
            String f = prefix + "[" + i + "]";
            Op op = ops.get(i);
            if (op == null) {
                out.add(problem(f, "must not be null", Problem.MISSING));
            } else if (op instanceof Op.Lut3d l) {
                fileRef(out, f + ".file", l.file(), ".cube");
            } else if (op instanceof Op.Cdl c) {
                cdl(out, f, c);
            } else if (op instanceof Op.Reformat r) {
                reformat(out, f, r);
            } else if (op instanceof Op.Deinterlace) {
                if (i != 0) {
                    out.add(problem(
                            f,
                            "deinterlace must be the first op (fields are lost once the picture is"
                                    + " rotated, scaled or graded)",
                            Problem.INVALID_OP));
                }
            } else if (op instanceof Op.ToneMap) {
                if (toneMap) {
                    out.add(problem(f, "at most one toneMap op per list", Problem.INVALID_OP));
                }
                toneMap = true;
            } else if (op instanceof Op.BurnIn b) {
                template(out, f + ".text", b.text());
                range(out, f + ".size", b.size(), 0.5, 50);
                range(out, f + ".opacity", b.opacity(), 0, 1);
            } else if (op instanceof Op.Upscale || op instanceof Op.LanczosUpscale) {
                if (upscale) {
                    out.add(problem(f, "at most one upscale / lanczosUpscale op per list", Problem.INVALID_OP));
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
     * Scale 2..4; tile 32..1024; overlap 0..tile/4; a registry model name (a {@code root:path} file is refused: only
     * models an admin registered run, see process-service's model catalog); a {@code sha256} pin is 64 lower-case hex.
     */
    private static void upscale(List<Violation> out, String f, Op op) {
        int scale = op instanceof Op.Upscale u ? u.scale() : ((Op.LanczosUpscale) op).scale();
        if (scale < 2 || scale > 4) {
            out.add(problem(f + ".scale", "must be 2..4, got " + scale, Problem.OUT_OF_RANGE));
        }
        if (!(op instanceof Op.Upscale u)) {
            return;
        }
        if (u.model() == null || u.model().isBlank()) {
            out.add(problem(
                    f + ".model", "a model registry name is required (GET /models lists them)", Problem.MISSING));
        } else if (u.modelIsFile()) {
            out.add(problem(
                    f + ".model",
                    "recipes name registry models only, not the file " + u.model()
                            + ": an admin registers it (POST /models), then the recipe names it",
                    Problem.INVALID_OP));
        }
        if (u.sha256() != null && !SHA256.matcher(u.sha256()).matches()) {
            out.add(problem(
                    f + ".sha256",
                    "must be the model file's SHA-256 as 64 lower-case hex digits (GET /models lists them), got '"
                            + u.sha256() + "'",
                    Problem.INVALID_VALUE));
        }
        int tile = u.tileOrDefault();
        if (tile < 32 || tile > 1024) {
            out.add(problem(f + ".tile", "must be 32..1024, got " + tile, Problem.OUT_OF_RANGE));
        }
        int overlap = u.overlapOrDefault();
        if (overlap < 0 || overlap > Math.max(0, tile / 4)) {
            out.add(problem(
                    f + ".overlap",
                    "must be 0.." + tile / 4 + " (a quarter of the tile), got " + overlap,
                    Problem.OUT_OF_RANGE));
        }
    }

    /**
     * The upscale ops that name a registry model the registry does not hold ({@link Problem#UNKNOWN_MODEL} at
     * {@code prefix[i].model}); {@code root:path} models are refused by the structural checks.
     *
     * @param known whether a registry name is registered
     */
    public static List<Violation> validateModels(String prefix, List<Op> ops, Predicate<String> known) {
        List<Violation> out = new ArrayList<>();
        if (ops == null) {
            return out;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof Op.Upscale u
                    && u.model() != null
                    && !u.model().isBlank()
                    && !u.modelIsFile()
                    && !known.test(u.model())) {
                out.add(problem(
                        prefix + "[" + i + "].model",
                        "no model '" + u.model() + "' in the model registry (GET /models lists them)",
                        Problem.UNKNOWN_MODEL));
            }
        }
        return out;
    }

    /** Whether an op list asks for device gpu in an upscale op. */
    public static boolean wantsGpu(List<Op> ops) {
        return ops != null
                && ops.stream()
                        .anyMatch(o -> o instanceof Op.Upscale u && u.deviceOrDefault() == Op.Upscale.Device.GPU);
    }

    /**
     * Structural checks plus opening and parsing each LUT / CDL file, and checking each watermark image (PNG / JPEG
     * that FFmpeg decodes, {@link Problem#BAD_IMAGE}), through {@code files}. A reference that does not resolve gets
     * the problem its resolver names ({@link Problem.Named}), else {@link Problem#NOT_FOUND}.
     */
    public static List<Violation> validateFiles(String prefix, List<Op> ops, RecipeFiles files) {
        List<Violation> out = validate(prefix, ops);
        if (!out.isEmpty() || ops == null) {
            return out;
        }
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            SourceRef ref = op instanceof Op.Lut3d l
                    ? l.file()
                    : op instanceof Op.Cdl c ? c.file() : op instanceof Op.WatermarkImage w ? w.file() : null;
            if (ref == null) {
                continue;
            }
            String f = prefix + "[" + i + "].file";
            Path p;
            try {
                p = files.resolve(ref);
            } catch (RuntimeException e) {
                out.add(problem(
                        f,
                        ref + ": " + e.getMessage(),
                        e instanceof Problem.Named n ? n.problem() : Problem.NOT_FOUND));
                continue;
            }
            FileBudgets.Kind kind = op instanceof Op.Lut3d
                    ? FileBudgets.Kind.LUT
                    : op instanceof Op.Cdl ? FileBudgets.Kind.CDL : FileBudgets.Kind.IMAGE;
            String tooBig = files.overBudget(p, kind);
            if (tooBig != null) {
                out.add(problem(f, ref.path() + ": " + tooBig, Problem.OVER_BUDGET));
                continue;
            }
            if (op instanceof Op.WatermarkImage) {
                String bad = files.imageProblem(p);
                if (bad != null) {
                    out.add(problem(f, ref.path() + ": " + bad, Problem.BAD_IMAGE));
                }
                continue;
            }
            try {
                if (op instanceof Op.Lut3d) {
                    CubeLut lut = CubeParser.parse(p);
                    int edge = lut.cube() == null ? 0 : lut.cube().size();
                    if (edge > files.budgets().lutSize()) {
                        out.add(problem(
                                f,
                                ref.path() + ": a " + edge + "x" + edge + "x" + edge
                                        + " LUT; this site takes 3D LUTs up to "
                                        + files.budgets().lutSize() + " per side (darkroom.budgets.lut-size)",
                                Problem.OVER_BUDGET));
                    }
                } else {
                    CdlParser.parse(p, ((Op.Cdl) op).id());
                }
            } catch (OpsException e) {
                out.add(problem(
                        op instanceof Op.Cdl c
                                        && c.id() != null
                                        && e.getMessage().contains("no " + "ColorCorrection with id")
                                ? prefix + "[" + i + "].id"
                                : f,
                        e.getMessage(),
                        op instanceof Op.Lut3d ? Problem.BAD_LUT : Problem.BAD_CDL));
            }
        }
        return out;
    }

    /** A violation whose message names its field first ({@code recipe.ops[1].size: must be ...}). */
    private static Violation problem(String field, String message, Problem problem) {
        return Violation.of(field, problem, field + ": " + message);
    }

    private static void cdl(List<Violation> out, String f, Op.Cdl c) {
        boolean inline = c.slope() != null || c.offset() != null || c.power() != null || c.saturation() != null;
        if (c.file() != null) {
            if (inline) {
                out.add(problem(f, "give either a file or slope/offset/power/saturation, not both", Problem.CONFLICT));
            }
            fileRef(out, f + ".file", c.file(), ".cdl", ".cc", ".ccc");
            return;
        }
        if (c.id() != null) {
            out.add(problem(f + ".id", "id selects a ColorCorrection in a file; there is no file", Problem.CONFLICT));
        }
        if (!inline) {
            out.add(problem(f, "give slope/offset/power/saturation or a .cdl/.cc/.ccc file", Problem.MISSING));
            return;
        }
        triple(out, f + ".slope", c.slope(), 0, false, 100);
        triple(out, f + ".offset", c.offset(), -10, true, 10);
        triple(out, f + ".power", c.power(), 0, true, 100);
        range(out, f + ".saturation", c.saturation(), 0, 100);
    }

    private static void triple(
            List<Violation> out, String f, List<Double> v, double min, boolean exclusiveMin, double max) {
        if (v == null) {
            return;
        }
        if (v.size() != 3) {
            out.add(problem(f, "needs 3 numbers (R, G, B), found " + v.size(), Problem.OUT_OF_RANGE));
            return;
        }
        for (int i = 0; i < 3; i++) {
            Double x = v.get(i);
            boolean ok = x != null && Double.isFinite(x) && (exclusiveMin ? x > min : x >= min) && x <= max;
            if (!ok) {
                out.add(problem(
                        f + "[" + i + "]",
                        "must be a number " + (exclusiveMin ? "above " : "from ") + min
                                + (exclusiveMin ? " and at most " : " to ") + max + ", was " + x,
                        Problem.OUT_OF_RANGE));
            }
        }
    }

    private static void reformat(List<Violation> out, String f, Op.Reformat r) {
        if (r.mode() == null) {
            out.add(problem(f + ".mode", "must be one of fit, fill, letterbox, crop", Problem.MISSING));
        }
        side(out, f + ".width", r.width());
        side(out, f + ".height", r.height());
    }

    private static void side(List<Violation> out, String f, int v) {
        if (v < MIN_SIZE || v > MAX_SIZE || v % 2 != 0) {
            out.add(problem(
                    f,
                    "must be an even number from " + MIN_SIZE + " to " + MAX_SIZE + ", was " + v,
                    Problem.OUT_OF_RANGE));
        }
    }

    private static void template(List<Violation> out, String f, String text) {
        try {
            TextTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            out.add(problem(f, e.getMessage(), Problem.INVALID_OP));
        }
    }

    private static void range(List<Violation> out, String f, Double v, double min, double max) {
        if (v != null && !(Double.isFinite(v) && v >= min && v <= max)) {
            out.add(problem(f, "must be from " + min + " to " + max + ", was " + v, Problem.OUT_OF_RANGE));
        }
    }

    private static void fileRef(List<Violation> out, String f, SourceRef ref, String... extensions) {
        if (ref == null
                || ref.root() == null
                || ref.root().isBlank()
                || ref.path() == null
                || ref.path().isBlank()) {
            out.add(problem(f, "needs root and path", Problem.MISSING));
            return;
        }
        String lower = ref.path().toLowerCase(Locale.ROOT);
        for (String e : extensions) {
            if (lower.endsWith(e)) {
                return;
            }
        }
        out.add(problem(
                f, "must name a " + String.join(" / ", extensions) + " file, was " + ref.path(), Problem.INVALID_OP));
    }
}
