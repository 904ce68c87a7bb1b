package io.darkroom.process.domain;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.ops.Op;
import io.darkroom.recipe.ApprovalRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the approval gate of a recipe needs besides its rules ({@link ApprovalRules}, shared with ingest): the upscale
 * op the preview runs, and the recipe with lanczos3 in place of that model once the person picked lanczos.
 */
public final class ApprovalPlan {

    private ApprovalPlan() {}

    /** The upscale op the preview runs: the first one of the outputs' effective ops. */
    public static Optional<Op.Upscale> upscaleOp(Recipe recipe) {
        return ApprovalRules.upscaleOps(recipe).stream().findFirst();
    }

    /** The recipe with every upscale op (recipe-wide and per output) replaced by lanczosUpscale of its factor. */
    public static Recipe withLanczos(Recipe recipe) {
        List<OutputSpec> outputs = new ArrayList<>();
        for (OutputSpec o : recipe.outputs()) {
            outputs.add(new OutputSpec(
                    o.name(),
                    o.preset(),
                    o.maxWidth(),
                    o.maxHeight(),
                    o.crf(),
                    swap(o.ops()),
                    o.reference(),
                    o.keepAnamorphic()));
        }
        return new Recipe(
                outputs,
                recipe.segmentFrames(),
                swap(recipe.ops()),
                recipe.show(),
                recipe.nameTemplate(),
                recipe.approval(),
                recipe.previewFrames(),
                recipe.desqueeze(),
                recipe.vbiCrop(),
                recipe.damagedSource());
    }

    /** Render outputs with every upscale op replaced by lanczosUpscale (same factor, so the same size). */
    public static List<RenderOutput> withLanczos(List<RenderOutput> outputs) {
        return outputs.stream()
                .map(o -> RenderOutput.of(o.name(), o.preset(), o.width(), o.height())
                        .withCrf(o.crf())
                        .withOps(swap(o.ops())))
                .toList();
    }

    private static List<Op> swap(List<Op> ops) {
        if (ops == null) {
            return null;
        }
        return ops.stream()
                .map(op -> op instanceof Op.Upscale u ? (Op) new Op.LanczosUpscale(u.scale()) : op)
                .toList();
    }
}
