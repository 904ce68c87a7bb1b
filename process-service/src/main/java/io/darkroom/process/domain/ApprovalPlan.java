package io.darkroom.process.domain;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.ops.Op;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the approval gate of a recipe needs (pure logic): the one model it asks a person about, and the recipe with
 * lanczos3 in place of that model once the person picked lanczos.
 */
public final class ApprovalPlan {

    /** The model and factor a gated recipe's preview shows. */
    public record Gate(String model, int scale) {
    }

    private ApprovalPlan() {
    }

    /**
     * The gate of a recipe with {@code approval: required}; empty for an ungated recipe.
     *
     * @throws IllegalArgumentException when the gate cannot work: no output gets an upscale op, outputs name
     *                                  different models or factors (one preview cannot show both), the model is a
     *                                  file rather than a registry name, or previewFrames is out of range
     */
    public static Optional<Gate> gate(Recipe recipe) {
        if (recipe == null || !recipe.approvalRequired()) {
            if (recipe != null && recipe.approval() != null && !Recipe.APPROVAL_NONE.equals(recipe.approval())) {
                throw new IllegalArgumentException("approval must be \"" + Recipe.APPROVAL_REQUIRED + "\" or \""
                        + Recipe.APPROVAL_NONE + "\", was \"" + recipe.approval() + "\"");
            }
            return Optional.empty();
        }
        if (recipe.previewFrames() != null && (recipe.previewFrames() < 1
                || recipe.previewFrames() > Recipe.MAX_PREVIEW_FRAMES)) {
            throw new IllegalArgumentException("previewFrames must be 1.." + Recipe.MAX_PREVIEW_FRAMES + ", was "
                    + recipe.previewFrames());
        }
        Set<Gate> gates = new LinkedHashSet<>();
        for (OutputSpec o : recipe.outputs()) {
            for (Op op : recipe.effectiveOps(o)) {
                if (op instanceof Op.Upscale u) {
                    if (u.modelIsFile()) {
                        throw new IllegalArgumentException("approval: required needs a registry model, not the file "
                                + u.model() + " (register it with ./darkroom models register)");
                    }
                    gates.add(new Gate(u.model(), u.scale()));
                }
            }
        }
        if (gates.isEmpty()) {
            throw new IllegalArgumentException("approval: required needs an upscale op (the preview compares its model"
                    + " with lanczos3); no output has one");
        }
        if (gates.size() > 1) {
            throw new IllegalArgumentException("approval: required needs one model and factor across outputs, the "
                    + "recipe names " + gates);
        }
        return Optional.of(gates.iterator().next());
    }

    /** The upscale op the preview runs: the first one of the outputs' effective ops. */
    public static Optional<Op.Upscale> upscaleOp(Recipe recipe) {
        for (OutputSpec o : recipe.outputs()) {
            for (Op op : recipe.effectiveOps(o)) {
                if (op instanceof Op.Upscale u) {
                    return Optional.of(u);
                }
            }
        }
        return Optional.empty();
    }

    /** The recipe with every upscale op (recipe-wide and per output) replaced by lanczosUpscale of its factor. */
    public static Recipe withLanczos(Recipe recipe) {
        List<OutputSpec> outputs = new ArrayList<>();
        for (OutputSpec o : recipe.outputs()) {
            outputs.add(new OutputSpec(o.name(), o.preset(), o.maxWidth(), o.maxHeight(), o.crf(), swap(o.ops()),
                    o.reference()));
        }
        return new Recipe(outputs, recipe.segmentFrames(), swap(recipe.ops()), recipe.show(), recipe.nameTemplate(),
                recipe.approval(), recipe.previewFrames());
    }

    /** Render outputs with every upscale op replaced by lanczosUpscale (same factor, so the same size). */
    public static List<RenderOutput> withLanczos(List<RenderOutput> outputs) {
        return outputs.stream().map(o -> new RenderOutput(o.name(), o.preset(), o.width(), o.height(), o.crf(),
                swap(o.ops()))).toList();
    }

    private static List<Op> swap(List<Op> ops) {
        if (ops == null) {
            return null;
        }
        return ops.stream().map(op -> op instanceof Op.Upscale u ? (Op) new Op.LanczosUpscale(u.scale()) : op)
                .toList();
    }
}
