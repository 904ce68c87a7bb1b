package io.darkroom.recipe;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The JSON body of every error answer of every service. One problem: {@code error} (a sentence), {@code field},
 * {@code problem} (a {@link Problem} name) and {@code allowed} for unknown names (on a 403 {@code FORBIDDEN}: the
 * roles that would be allowed). Several: a summary in
 * {@code error} and each problem under {@code errors}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String error, String field, String problem, List<String> allowed, List<ApiError> errors) {

    public static ApiError of(String error, Problem problem) {
        return new ApiError(error, null, problem.name(), List.of(), List.of());
    }

    /** For a problem outside the vocabulary: {@code HTTP_405} for a status JAX-RS answered itself. */
    public static ApiError of(String error, String problem) {
        return new ApiError(error, null, problem, List.of(), List.of());
    }

    public static ApiError of(Violation v) {
        return new ApiError(v.message(), v.field(), v.problem().name(), v.allowed(), List.of());
    }

    public static ApiError of(List<Violation> violations) {
        if (violations.size() == 1) {
            return of(violations.get(0));
        }
        return new ApiError(
                "The job request has " + violations.size() + " problems; see errors.",
                null,
                null,
                List.of(),
                violations.stream().map(ApiError::of).toList());
    }

    /** The status of an answer about these problems: 400 when any is a syntax problem, else the first's. */
    public static int status(List<Violation> violations) {
        return violations.stream().anyMatch(v -> v.problem().syntax())
                ? 400
                : violations.isEmpty() ? 500 : violations.get(0).problem().status();
    }
}
