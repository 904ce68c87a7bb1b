package io.darkroom.security.http;

import java.util.List;

/**
 * The JSON body of a 401 or 403: {@code status}, {@code error}, {@code detail} (the same three fields as every
 * other Darkroom error) and, on a 403, the roles that would be allowed.
 */
public record ApiProblem(int status, String error, String detail, List<String> requiredRoles) {

    static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", detail, null);
    }

    static ApiProblem forbidden(String detail, List<String> roles) {
        return new ApiProblem(403, "forbidden", detail, roles);
    }
}
