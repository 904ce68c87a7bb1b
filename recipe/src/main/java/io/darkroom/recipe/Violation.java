package io.darkroom.recipe;

import java.util.List;

/**
 * One thing wrong with a request: code, field and message.
 *
 * @param field   where, as a path into the request: {@code sources[1].path}, {@code recipe.outputs[0].preset};
 *                null when the whole body is at fault
 * @param problem what kind of problem
 * @param message a sentence for a person
 * @param allowed the accepted values when the problem is an unknown name (presets, roots, pools), else empty
 */
public record Violation(String field, Problem problem, String message, List<String> allowed) {

    public Violation {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public static Violation of(String field, Problem problem, String message) {
        return new Violation(field, problem, message, List.of());
    }

    /** {@code field: message}, the way a log line or a failed job's reason names it. */
    public String describe() {
        return problem + (field == null ? "" : " " + field) + ": " + message;
    }
}
