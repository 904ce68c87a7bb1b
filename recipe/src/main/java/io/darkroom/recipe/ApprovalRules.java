package io.darkroom.recipe;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.ops.Op;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of a recipe's approval gate, in one place for ingest (422 at submission) and process-service (the
 * planner's guard, {@link RecipeRules#plan}): {@code approval} is "required" or "none"; {@code previewFrames} 1..{@value
 * Recipe#MAX_PREVIEW_FRAMES} and only with a gate; a gate needs an upscale op naming one registry model and factor
 * across the outputs (its preview compares that model with lanczos3; a {@code root:path} file has no registry entry).
 */
public final class ApprovalRules {

    /** The model and factor a gated recipe's preview shows. */
    public record Gate(String model, int scale) {
        @Override
        public String toString() {
            return model + " x" + scale;
        }
    }

    private ApprovalRules() {}

    /**
     * What is wrong with a recipe's approval settings, in the order found; empty when nothing is. Messages carry no
     * final full stop ({@link #gate} throws them as they are).
     */
    public static List<Violation> problems(Recipe recipe) {
        List<Violation> out = new ArrayList<>();
        String approval = recipe.approval();
        if (approval != null && !Recipe.APPROVAL_REQUIRED.equals(approval) && !Recipe.APPROVAL_NONE.equals(approval)) {
            out.add(Violation.of(
                    "recipe.approval",
                    Problem.UNKNOWN_VALUE,
                    "approval must be \"" + Recipe.APPROVAL_REQUIRED + "\" or \"" + Recipe.APPROVAL_NONE + "\", was \""
                            + approval + "\""));
            return out;
        }
        Integer frames = recipe.previewFrames();
        if (frames != null && (frames < 1 || frames > Recipe.MAX_PREVIEW_FRAMES)) {
            out.add(Violation.of(
                    "recipe.previewFrames",
                    Problem.OUT_OF_RANGE,
                    "previewFrames must be 1.." + Recipe.MAX_PREVIEW_FRAMES + ", was " + frames));
        }
        if (!recipe.approvalRequired()) {
            if (frames != null) {
                out.add(Violation.of(
                        "recipe.previewFrames",
                        Problem.NOT_APPLICABLE,
                        "previewFrames is only used" + " with \"approval\": \"" + Recipe.APPROVAL_REQUIRED + "\""));
            }
            return out;
        }
        Set<Gate> gates = new LinkedHashSet<>();
        for (Op.Upscale u : upscaleOps(recipe)) {
            if (u.modelIsFile()) {
                out.add(Violation.of(
                        "recipe.approval",
                        Problem.NOT_APPLICABLE,
                        "approval: required needs a registry" + " model, not the file " + u.model()
                                + " (register it with ./darkroom models register)"));
            }
            gates.add(new Gate(u.model(), u.scale()));
        }
        if (gates.isEmpty()) {
            out.add(Violation.of(
                    "recipe.approval",
                    Problem.NOT_APPLICABLE,
                    "approval: required needs an upscale op"
                            + " (the preview compares its model with lanczos3); no output has one"));
        } else if (gates.size() > 1) {
            out.add(Violation.of(
                    "recipe.approval",
                    Problem.CONFLICT,
                    "approval: required needs one model and factor"
                            + " across outputs, the recipe names "
                            + gates.stream().map(Gate::toString).collect(Collectors.joining(", "))));
        }
        return out;
    }

    /**
     * The gate of a recipe; empty for an ungated one.
     *
     * @throws IllegalArgumentException with the first of {@link #problems} when there is one
     */
    public static Optional<Gate> gate(Recipe recipe) {
        List<Violation> problems = problems(recipe);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0).message());
        }
        if (!recipe.approvalRequired()) {
            return Optional.empty();
        }
        Op.Upscale first = upscaleOps(recipe).get(0);
        return Optional.of(new Gate(first.model(), first.scale()));
    }

    /** The upscale ops of every output's effective ops, output by output (null outputs skipped). */
    public static List<Op.Upscale> upscaleOps(Recipe recipe) {
        List<Op.Upscale> out = new ArrayList<>();
        for (OutputSpec o : recipe.outputs() == null ? List.<OutputSpec>of() : recipe.outputs()) {
            if (o == null) {
                continue;
            }
            for (Op op : recipe.effectiveOps(o)) {
                if (op instanceof Op.Upscale u) {
                    out.add(u);
                }
            }
        }
        return out;
    }
}
