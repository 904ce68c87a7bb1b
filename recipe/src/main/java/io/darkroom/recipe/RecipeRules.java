package io.darkroom.recipe;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.JobSubmitted.ProbedSource;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.QualityReference;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.ops.Op;
import io.darkroom.recipe.geometry.OutputGeometry;
import io.darkroom.recipe.ops.OpsRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rules of a recipe: its outputs (name, preset, size, quality, ops), its segment length, its ops, show and
 * approval gate ({@link ApprovalRules}), and each output's final size against its preset's limits
 * ({@link #finalSizes}). Ops are checked by {@link OpsRules}: structurally always, and, with {@link RecipeFiles},
 * every LUT / CDL file must resolve inside a storage root and parse.
 */
public final class RecipeRules {
    public static final int MAX_SHOW = 100;
    /** Letters, digits, space and common punctuation; no control characters, no braces. */
    public static final Pattern SHOW = Pattern.compile("[\\p{L}\\p{N} ._,:;!?'&()+#/@–-]{1,100}");

    private final RecipeFiles files;
    private final Predicate<String> knownModel;

    /** Structural checks only (no file is opened): watch-folder recipes at boot. */
    public RecipeRules() {
        this(null, null);
    }

    /**
     * @param files      resolves LUT / CDL / image / reference files and checks images; null = no file checks
     * @param knownModel whether a model registry name exists; null = upscale models are not checked (watch-folder
     *                   recipes at boot); otherwise an unknown name is {@code UNKNOWN_MODEL} at
     *                   {@code recipe.ops[i].model}
     */
    public RecipeRules(RecipeFiles files, Predicate<String> knownModel) {
        this.files = files;
        this.knownModel = knownModel;
    }

    public static final int MAX_OUTPUTS = 16;
    public static final int MIN_SIZE = OpsRules.MIN_SIZE;
    public static final int MAX_SIZE = OpsRules.MAX_SIZE;
    public static final int MIN_SEGMENT_FRAMES = 1;
    public static final int MAX_SEGMENT_FRAMES = 100_000;
    public static final int MIN_CRF = 0;
    public static final int MAX_CRF = 51;
    public static final Pattern OUTPUT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** Violations of the recipe, with fields under {@code recipe}. */
    public List<Violation> validate(Recipe recipe) {
        List<Violation> out = new ArrayList<>();
        if (recipe == null) {
            out.add(Violation.of("recipe", Problem.MISSING, "A recipe with at least one output is required."));
            return out;
        }
        Integer seg = recipe.segmentFrames();
        if (seg != null && (seg < MIN_SEGMENT_FRAMES || seg > MAX_SEGMENT_FRAMES)) {
            out.add(Violation.of(
                    "recipe.segmentFrames",
                    Problem.OUT_OF_RANGE,
                    "segmentFrames must be between " + MIN_SEGMENT_FRAMES + " and " + MAX_SEGMENT_FRAMES + ", got "
                            + seg + "."));
        }
        List<OutputSpec> outputs = recipe.outputs();
        if (outputs == null || outputs.isEmpty()) {
            out.add(Violation.of("recipe.outputs", Problem.MISSING, "The recipe needs at least one output."));
            return out;
        }
        if (outputs.size() > MAX_OUTPUTS) {
            out.add(Violation.of(
                    "recipe.outputs",
                    Problem.TOO_MANY,
                    "A recipe may have at most " + MAX_OUTPUTS + " outputs, got " + outputs.size() + "."));
            return out;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < outputs.size(); i++) {
            validateOutput("recipe.outputs[" + i + "]", outputs.get(i), names, out);
        }
        validateShow(recipe.show(), out);
        out.addAll(pictureProblems(recipe));
        validateApproval(recipe, out);
        validateOps("recipe.ops", recipe.ops(), out);
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i) != null) {
                validateOps("recipe.outputs[" + i + "].ops", outputs.get(i).ops(), out);
            }
        }
        return out;
    }

    /** Smallest and largest anamorphic lens squeeze a recipe may name (1.25x, 1.33x, 1.5x, 1.8x, 2x are common). */
    public static final double MIN_DESQUEEZE = 1.0;

    public static final double MAX_DESQUEEZE = 4.0;

    /**
     * The recipe's picture settings: {@code desqueeze} a factor from {@value #MIN_DESQUEEZE} to
     * {@value #MAX_DESQUEEZE} with at most 3 decimals, {@code vbiCrop} {@code auto} or {@code none},
     * {@code damagedSource} {@code salvage} or {@code fail}, and
     * {@code keepAnamorphic} only on outputs without reformat or upscale ops (those make square pixels).
     */
    public static List<Violation> pictureProblems(Recipe recipe) {
        List<Violation> out = new ArrayList<>();
        Double d = recipe.desqueeze();
        if (d != null) {
            if (!Double.isFinite(d) || d < MIN_DESQUEEZE || d > MAX_DESQUEEZE) {
                out.add(Violation.of(
                        "recipe.desqueeze",
                        Problem.OUT_OF_RANGE,
                        "desqueeze is the anamorphic lens"
                                + " squeeze factor and must be between " + MIN_DESQUEEZE + " and " + MAX_DESQUEEZE
                                + " (e.g. 2.0, 1.8, 1.5, 1.33), got " + d + "."));
            } else if (BigDecimal.valueOf(d).stripTrailingZeros().scale() > 3) {
                out.add(Violation.of(
                        "recipe.desqueeze",
                        Problem.INVALID_VALUE,
                        "desqueeze may have at most 3" + " decimals (e.g. 1.333), got " + d + "."));
            }
        }
        String vbi = recipe.vbiCrop();
        if (vbi != null && !Recipe.VBI_AUTO.equals(vbi) && !Recipe.VBI_NONE.equals(vbi)) {
            out.add(new Violation(
                    "recipe.vbiCrop",
                    Problem.UNKNOWN_VALUE,
                    "vbiCrop must be '" + Recipe.VBI_AUTO
                            + "' (crop the 32 VBI lines of a 720x608 source) or '" + Recipe.VBI_NONE + "', got '" + vbi
                            + "'.",
                    List.of(Recipe.VBI_AUTO, Recipe.VBI_NONE)));
        }
        String damaged = recipe.damagedSource();
        if (damaged != null && !Recipe.DAMAGED_SALVAGE.equals(damaged) && !Recipe.DAMAGED_FAIL.equals(damaged)) {
            out.add(new Violation(
                    "recipe.damagedSource",
                    Problem.UNKNOWN_VALUE,
                    "damagedSource must be '"
                            + Recipe.DAMAGED_SALVAGE + "' (render every decodable picture, warn) or '"
                            + Recipe.DAMAGED_FAIL
                            + "' (fail the clip), got '" + damaged + "'.",
                    List.of(Recipe.DAMAGED_SALVAGE, Recipe.DAMAGED_FAIL)));
        }
        List<OutputSpec> outputs = recipe.outputs() == null ? List.of() : recipe.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            OutputSpec o = outputs.get(i);
            if (o != null
                    && o.keepsAnamorphic()
                    && recipe.effectiveOps(o).stream()
                            .anyMatch(op -> op instanceof Op.Reformat
                                    || op instanceof Op.Upscale
                                    || op instanceof Op.LanczosUpscale)) {
                out.add(Violation.of(
                        "recipe.outputs[" + i + "].keepAnamorphic",
                        Problem.NOT_APPLICABLE,
                        "keepAnamorphic keeps the source's pixels; output '" + o.name() + "' has a reformat or"
                                + " upscale op, which makes square pixels. Leave one of them out."));
            }
        }
        return out;
    }

    /** The approval gate's rules ({@link ApprovalRules}, the same the planner guards with). */
    private static void validateApproval(Recipe recipe, List<Violation> out) {
        for (Violation v : ApprovalRules.problems(recipe)) {
            out.add(Violation.of(v.field(), v.problem(), v.message() + "."));
        }
    }

    private void validateShow(String show, List<Violation> out) {
        if (show == null) {
            return;
        }
        if (show.length() > MAX_SHOW) {
            out.add(Violation.of(
                    "recipe.show",
                    Problem.TOO_LONG,
                    "show may have at most " + MAX_SHOW + " characters, got " + show.length() + "."));
        } else if (!SHOW.matcher(show).matches()) {
            out.add(Violation.of(
                    "recipe.show",
                    Problem.INVALID_NAME,
                    "show must be 1 to " + MAX_SHOW
                            + " letters, digits, spaces or . _ , : ; ! ? ' & ( ) + # / @ - – (no braces, no control"
                            + " characters)."));
        }
    }

    private void validateOps(String at, List<Op> ops, List<Violation> out) {
        out.addAll(files == null ? OpsRules.validate(at, ops) : OpsRules.validateFiles(at, ops, files));
        if (knownModel != null) {
            out.addAll(OpsRules.validateModels(at, ops, knownModel));
        }
    }

    /**
     * Each output's final size (after every op, {@link OutputGeometry}) for each probed source, against its preset's
     * encoder limits: {@link Problem#PRESET_LIMIT} at {@code recipe.outputs[i]}, once per output (the first source
     * that breaks it is named). Outputs with an unknown preset are left to {@link #validate}.
     *
     * @param media the probed sources, in request order
     */
    public static List<Violation> finalSizes(Recipe recipe, List<MediaInfo> media) {
        List<Violation> out = new ArrayList<>();
        if (recipe == null || recipe.outputs() == null) {
            return out;
        }
        for (int i = 0; i < recipe.outputs().size(); i++) {
            OutputSpec o = recipe.outputs().get(i);
            Optional<Preset> preset = o == null ? Optional.empty() : Preset.byId(o.preset());
            if (preset.isEmpty()) {
                continue;
            }
            for (int s = 0; s < media.size(); s++) {
                Optional<Violation> v = finalSize(
                        "recipe.outputs[" + i + "]", recipe, o, preset.get(), "sources[" + s + "]", media.get(s));
                if (v.isPresent()) {
                    out.add(v.get());
                    break;
                }
            }
        }
        return out;
    }

    private static Optional<Violation> finalSize(
            String at, Recipe recipe, OutputSpec o, Preset preset, String source, MediaInfo media) {
        OutputGeometry.Size size;
        try {
            size = OutputGeometry.of(media, recipe, o).size();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a broken box or op is reported by validate; a source without size by the probe
        }
        return preset.sizeProblem(size.width(), size.height())
                .map(p -> Violation.of(
                        at,
                        Problem.PRESET_LIMIT,
                        "Output '" + o.name() + "' of " + source + " comes out at " + size + " after its ops: " + p
                                + "."));
    }

    /**
     * The planner's guard: why a submitted job cannot be planned, or empty. Ingest checked the request with the same
     * rules ({@link #validate}, {@link #finalSizes}); this guards the message itself (another producer, an older
     * ingest) so nothing reaches a worker that a worker would refuse.
     */
    public static Optional<Violation> planProblem(JobSubmitted s) {
        if (s.sources() == null || s.sources().isEmpty()) {
            return problem("sources", Problem.MISSING, "no sources");
        }
        Recipe recipe = s.recipe();
        if (recipe == null || recipe.outputs() == null || recipe.outputs().isEmpty()) {
            return problem("recipe.outputs", Problem.MISSING, "recipe names no outputs");
        }
        if (s.destination() == null || s.destination().root() == null) {
            return problem("destination", Problem.MISSING, "no destination");
        }
        if (recipe.segmentFrames() != null && recipe.segmentFrames() < 1) {
            return problem(
                    "recipe.segmentFrames",
                    Problem.OUT_OF_RANGE,
                    "segmentFrames must be at least 1, was " + recipe.segmentFrames());
        }
        if (recipe.nameTemplate() != null) {
            try {
                NameTemplate.parse(recipe.nameTemplate());
            } catch (IllegalArgumentException e) {
                return problem(
                        "recipe.nameTemplate",
                        Problem.INVALID_NAME,
                        "recipe nameTemplate is invalid: " + e.getMessage());
            }
        }
        List<Violation> approval = ApprovalRules.problems(recipe);
        if (!approval.isEmpty()) {
            return Optional.of(approval.get(0));
        }
        List<Violation> picture = pictureProblems(recipe);
        if (!picture.isEmpty()) {
            return Optional.of(picture.get(0));
        }
        for (int i = 0; i < recipe.outputs().size(); i++) {
            OutputSpec o = recipe.outputs().get(i);
            if (o == null || o.name() == null || Preset.byId(o.preset()).isEmpty()) {
                return problem(
                        "recipe.outputs[" + i + "].preset",
                        Problem.UNKNOWN_PRESET,
                        "output "
                                + (o == null ? null : o.name()) + " names unknown preset "
                                + (o == null ? null : o.preset())
                                + " (known: " + Preset.ids() + ")");
            }
        }
        List<MediaInfo> media = new ArrayList<>();
        for (int i = 0; i < s.sources().size(); i++) {
            ProbedSource src = s.sources().get(i);
            if (src.media() == null || src.source() == null || src.clipName() == null) {
                return problem(
                        "sources[" + i + "]", Problem.MISSING, "source " + src.clipName() + " lacks its probe result");
            }
            if (src.media().frameCount() < 1
                    || src.media().fpsNum() <= 0
                    || src.media().fpsDen() <= 0) {
                return problem(
                        "sources[" + i + "]",
                        Problem.NO_VIDEO,
                        "source " + src.source() + " has no frames or no frame rate");
            }
            media.add(src.media());
        }
        return finalSizes(recipe, media).stream().findFirst();
    }

    private static Optional<Violation> problem(String field, Problem problem, String message) {
        return Optional.of(Violation.of(field, problem, message));
    }

    /** Whether any op list of the recipe has an upscale op with device gpu. */
    public static boolean wantsGpu(Recipe recipe) {
        if (recipe == null) {
            return false;
        }
        if (OpsRules.wantsGpu(recipe.ops())) {
            return true;
        }
        return recipe.outputs() != null
                && recipe.outputs().stream().anyMatch(o -> o != null && OpsRules.wantsGpu(o.ops()));
    }

    private void validateOutput(String at, OutputSpec o, Set<String> names, List<Violation> out) {
        if (o == null) {
            out.add(Violation.of(at, Problem.MISSING, "Output " + at + " is null."));
            return;
        }
        validateName(at + ".name", o.name(), names, out);
        Optional<Preset> preset = validatePreset(at + ".preset", o.preset(), out);
        validateSize(at, o.maxWidth(), o.maxHeight(), out);
        validateCrf(at + ".crf", o.crf(), preset, out);
        validateReference(at + ".reference", o.reference(), out);
    }

    /** An optional reference render: sane thresholds, and (when files are checked) a file inside a storage root. */
    private void validateReference(String at, QualityReference ref, List<Violation> out) {
        if (ref == null) {
            return;
        }
        for (String problem : ref.thresholdProblems()) {
            out.add(Violation.of(at, Problem.OUT_OF_RANGE, "Reference " + problem + "."));
        }
        if (ref.file() == null) {
            out.add(Violation.of(at + ".file", Problem.MISSING, "A reference needs a file {root, path}."));
        } else if (files != null) {
            try {
                files.resolve(ref.file());
            } catch (RuntimeException e) {
                out.add(Violation.of(
                        at + ".file", e instanceof Problem.Named n ? n.problem() : Problem.NOT_FOUND, e.getMessage()));
            }
        }
    }

    private void validateName(String at, String name, Set<String> names, List<Violation> out) {
        if (name == null || name.isBlank()) {
            out.add(Violation.of(at, Problem.MISSING, "Every output needs a name, e.g. \"review\"."));
        } else if (!OUTPUT_NAME.matcher(name).matches()) {
            out.add(
                    Violation.of(
                            at,
                            Problem.INVALID_NAME,
                            "Output name '" + name
                                    + "' must be 1 to 32 characters of a-z, 0-9, '_' or '-', starting with a letter or digit."));
        } else if (!names.add(name)) {
            out.add(Violation.of(at, Problem.DUPLICATE, "Output name '" + name + "' is used twice."));
        }
    }

    private Optional<Preset> validatePreset(String at, String id, List<Violation> out) {
        if (id == null || id.isBlank()) {
            out.add(new Violation(
                    at,
                    Problem.MISSING,
                    "Every output needs a preset (one of " + String.join(", ", Preset.ids()) + ").",
                    Preset.ids()));
            return Optional.empty();
        }
        Optional<Preset> preset = Preset.byId(id);
        if (preset.isEmpty()) {
            out.add(new Violation(
                    at,
                    Problem.UNKNOWN_PRESET,
                    "Unknown preset '" + id + "'; known presets: " + String.join(", ", Preset.ids()) + ".",
                    Preset.ids()));
        }
        return preset;
    }

    /** Each side is 0 (source size, only with the other side 0 too) or MIN_SIZE..MAX_SIZE. */
    private void validateSize(String at, int w, int h, List<Violation> out) {
        checkSide(at + ".maxWidth", "maxWidth", w, out);
        checkSide(at + ".maxHeight", "maxHeight", h, out);
        if (w == 0 && h != 0) {
            out.add(Violation.of(
                    at + ".maxWidth",
                    Problem.OUT_OF_RANGE,
                    "maxWidth 0 (source size) is only allowed with maxHeight 0 too; give both sides or neither."));
        } else if (h == 0 && w != 0) {
            out.add(Violation.of(
                    at + ".maxHeight",
                    Problem.OUT_OF_RANGE,
                    "maxHeight 0 (source size) is only allowed with maxWidth 0 too; give both sides or neither."));
        }
    }

    private void checkSide(String at, String label, int v, List<Violation> out) {
        if (v != 0 && (v < MIN_SIZE || v > MAX_SIZE)) {
            out.add(Violation.of(
                    at,
                    Problem.OUT_OF_RANGE,
                    label + " must be 0 (source size) or between " + MIN_SIZE + " and " + MAX_SIZE + ", got " + v
                            + "."));
        }
    }

    private void validateCrf(String at, Integer crf, Optional<Preset> preset, List<Violation> out) {
        if (crf == null) {
            return;
        }
        if (crf < MIN_CRF || crf > MAX_CRF) {
            out.add(Violation.of(
                    at,
                    Problem.OUT_OF_RANGE,
                    "crf must be between " + MIN_CRF + " and " + MAX_CRF + ", got " + crf + "."));
        } else if (preset.isPresent() && preset.get().defaultCrf() == null) {
            out.add(Violation.of(
                    at,
                    Problem.NOT_APPLICABLE,
                    "Preset '" + preset.get().id() + "' has no crf setting; leave crf out."));
        }
    }
}
