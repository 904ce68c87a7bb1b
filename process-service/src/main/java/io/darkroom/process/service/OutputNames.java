package io.darkroom.process.service;

import io.darkroom.process.domain.JobRow;
import io.darkroom.recipe.NameTemplate;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a clip's outputs are named: the recipe's template (or the service's), its fields, the reel name. */
public final class OutputNames {
    private OutputNames() {}

    /** The recipe's name template when it has one (validated at planning), else the service default. */
    public static NameTemplate templateFor(io.darkroom.contracts.Recipe recipe, NameTemplate fallback) {
        String t = recipe == null ? null : recipe.nameTemplate();
        return t == null ? fallback : NameTemplate.parse(t);
    }

    /** The name template's fields for one output of a clip. */
    public static Map<String, String> nameValues(JobRow job, String clipName, String output, String ext) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("show", job.recipe() == null ? null : job.recipe().show());
        v.put("date", job.date() == null ? null : job.date().toString());
        v.put("clip", clipName);
        v.put("output", output);
        v.put("ext", ext);
        v.put("reel", reelName(clipName));
        return v;
    }

    /** The tape / reel name of a clip (written into editorial outputs, the ALE's Tape): its name on one line. */
    public static String reelName(String clipName) {
        String r =
                clipName == null ? "" : clipName.replaceAll("[\\r\\n\\t]+", " ").strip();
        return r.isEmpty() ? "clip" : r;
    }
}
