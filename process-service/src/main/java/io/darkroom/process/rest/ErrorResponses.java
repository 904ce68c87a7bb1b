package io.darkroom.process.rest;

import io.darkroom.process.service.ControlRefusedException;
import io.darkroom.recipe.ApiError;
import io.darkroom.recipe.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Error answers as the one error body of every service ({@link ApiError}: error, problem). */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static Response response(Problem problem, String message) {
        return Response.status(problem.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(message, problem))
                .build();
    }

    /** 404 / 409 / 422 / 403 for a refused control request. */
    public static Response refused(ControlRefusedException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> response(Problem.NOT_FOUND, e.getMessage());
            case CONFLICT -> response(Problem.WRONG_STATE, e.getMessage());
            case INVALID -> response(Problem.INVALID_VALUE, e.getMessage());
            case NOT_ACCEPTED -> response(Problem.NOT_ACCEPTED, e.getMessage());
            case UNKNOWN_FIELD -> response(Problem.UNKNOWN_FIELD, e.getMessage());
            case FORBIDDEN -> response(Problem.FORBIDDEN, e.getMessage());
        };
    }
}
