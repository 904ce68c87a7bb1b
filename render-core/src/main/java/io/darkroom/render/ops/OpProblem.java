package io.darkroom.render.ops;

/**
 * One thing wrong with a recipe's ops, for a 400 response.
 *
 * @param field   JSON path of the offending value, e.g. {@code ops[2].slope[1]}
 * @param message what is wrong and what is allowed
 */
public record OpProblem(String field, String message) {
}
