package io.darkroom.process.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every 4xx answer. */
public record ApiError(int status, String error, String detail) {

    static Response response(Response.Status status, String error, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status.getStatusCode(), error, detail)).build();
    }
}
