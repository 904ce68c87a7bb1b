package io.darkroom.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.recipe.Problem;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * A request body read as JSON by the resources that take loose bodies (sign-in, users, models): the tree, null when
 * the body is empty, or the answer for a body that is not JSON (400 {@code MALFORMED_JSON}).
 */
record JsonBody(JsonNode json, Response refusal) {
    static JsonBody of(String body) {
        if (body == null || body.isBlank()) {
            return new JsonBody(null, null);
        }
        try {
            return new JsonBody(Json.mapper().readTree(body), null);
        } catch (IOException e) {
            return new JsonBody(null, ErrorResponses.response(Problem.MALFORMED_JSON, "The body is not JSON."));
        }
    }
}
