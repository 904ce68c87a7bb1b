package io.darkroom.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.darkroom.ingest.domain.Violation;
import java.util.List;

/**
 * The JSON body of every error answer. One problem: {@code error}, {@code field}, {@code problem} (and
 * {@code allowed} for unknown names). Several: a summary in {@code error} and each problem under {@code errors}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String error, String field, String problem, List<String> allowed, List<ApiError> errors) {

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
        return new ApiError("The job request has " + violations.size() + " problems; see errors.", null, null,
                List.of(), violations.stream().map(ApiError::of).toList());
    }
}
