package io.darkroom.media;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a job may name in which root ({@link RootMode}), judged on the message alone: ingest checks it at submit
 * with the rest of the request, process-service again on every {@code JobSubmitted} it reads (a message is
 * untrusted input, whoever could write to the topic).
 */
public final class RootRules {
    private RootRules() {}

    /**
     * Every file a recipe names (LUTs, CDLs, watermark images, reference
     * renders), keyed by its field.
     */
    public static Map<String, SourceRef> files(Recipe recipe) {
        Map<String, SourceRef> out = new LinkedHashMap<>();
        if (recipe == null) {
            return out;
        }
        ops("recipe.ops", recipe.ops(), out);
        List<OutputSpec> outputs = recipe.outputs() == null ? List.of() : recipe.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            OutputSpec o = outputs.get(i);
            if (o == null) {
                continue;
            }
            ops("recipe.outputs[" + i + "].ops", o.ops(), out);
            if (o.reference() != null && o.reference().file() != null) {
                out.put(
                        "recipe.outputs[" + i + "].reference.file",
                        o.reference().file());
            }
        }
        return out;
    }

    private static void ops(String prefix, List<Op> ops, Map<String, SourceRef> out) {
        if (ops == null) {
            return;
        }
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            SourceRef ref = op instanceof Op.Lut3d l
                    ? l.file()
                    : op instanceof Op.Cdl c ? c.file() : op instanceof Op.WatermarkImage w ? w.file() : null;
            if (ref != null) {
                out.put(prefix + "[" + i + "].file", ref);
            }
        }
    }

    /**
     * The first rule a job's roots break, as a sentence naming the field: a source or recipe file in an internal
     * root, a destination outside the writable roots, an unknown root. Empty when the roots are allowed.
     */
    public static Optional<String> problem(
            StorageRoots roots, List<SourceRef> sources, Recipe recipe, SourceRef destination) {
        List<String> problems = new ArrayList<>();
        Map<String, SourceRef> read = new LinkedHashMap<>();
        for (int i = 0; sources != null && i < sources.size(); i++) {
            read.put("sources[" + i + "]", sources.get(i));
        }
        read.putAll(files(recipe));
        read.forEach((field, ref) -> {
            RootMode mode = ref == null ? null : roots.mode(ref.root());
            if (mode == null) {
                problems.add(field + ": unknown storage root '" + (ref == null ? null : ref.root()) + "'");
            } else if (mode == RootMode.INTERNAL) {
                problems.add(field + ": root '" + ref.root() + "' is internal; jobs read from "
                        + String.join(", ", roots.readable()));
            }
        });
        RootMode dest = destination == null ? null : roots.mode(destination.root());
        if (dest != RootMode.WRITABLE) {
            problems.add("destination: root '" + (destination == null ? null : destination.root()) + "' is "
                    + (dest == null ? "unknown" : dest.label()) + "; outputs go to a writable root ("
                    + String.join(", ", roots.names(RootMode.WRITABLE)) + ")");
        }
        return problems.stream().findFirst();
    }
}
