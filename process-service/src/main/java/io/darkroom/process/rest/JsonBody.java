package io.darkroom.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.FieldNames;
import io.darkroom.contracts.Json;
import io.darkroom.recipe.Problem;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * A request body read as JSON by the resources that take loose bodies (sign-in, users, models): the tree, null when
 * the body is empty, or the answer for a body that is not JSON (400 {@code MALFORMED_JSON}).
 */
record JsonBody(JsonNode json, Response refusal) {
    /**
     * The body read as JSON; an object that names a field but {@code fields} is refused (422 {@code UNKNOWN_FIELD}):
     * a misspelt field is an error, not silently left out.
     */
    static JsonBody of(String body, String... fields) {
        JsonBody read = of(body);
        String unknown = read.json() == null ? null : unknownField(read.json(), List.of(fields));
        return unknown == null ? read : new JsonBody(null, ErrorResponses.response(Problem.UNKNOWN_FIELD, unknown));
    }

    /**
     * Why an object body is refused for naming a field not in {@code known} (with the nearest known name when one is
     * close); null when every field is known or the body is not an object.
     */
    static String unknownField(JsonNode body, List<String> known) {
        if (body == null || !body.isObject()) {
            return null;
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                return FieldNames.unknown(name, "the body", known);
            }
        }
        return null;
    }

    /** The body read as JSON, its fields unchecked. */
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
