package io.darkroom.security.http;

import io.darkroom.recipe.ApiError;
import io.darkroom.recipe.Problem;
import java.util.List;

/**
 * The bodies of a 401 or 403: every service's one error shape ({@link ApiError}), problem {@code UNAUTHORIZED} or
 * {@code FORBIDDEN}, {@code error} the sentence saying what to do and, on a 403 about roles, {@code allowed} the
 * roles that would be allowed.
 */
final class Refusals {

    private Refusals() {}

    static ApiError unauthorized(String message) {
        return ApiError.of(message, Problem.UNAUTHORIZED);
    }

    static ApiError forbidden(String message, List<String> roles) {
        return new ApiError(message, null, Problem.FORBIDDEN.name(), roles == null ? List.of() : roles, List.of());
    }
}
