package io.darkroom.process.rest;

import io.darkroom.process.service.ControlRefusedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every 4xx answer. */
public record ApiError(int status, String error, String detail) {

    public static Response response(Response.Status status, String error, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status.getStatusCode(), error, detail)).build();
    }

    /** 404 / 409 / 422 for a refused control request. */
    static Response refused(ControlRefusedException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> response(Response.Status.NOT_FOUND, "not found", e.getMessage());
            case CONFLICT -> response(Response.Status.CONFLICT, "not allowed in this state", e.getMessage());
            case INVALID -> Response.status(422).type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError(422, "invalid value", e.getMessage())).build();
            case FORBIDDEN -> response(Response.Status.FORBIDDEN, "forbidden", e.getMessage());
        };
    }
}
