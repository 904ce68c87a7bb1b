package io.darkroom.process.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darkroom.contracts.Json;

/** jsonb columns are written and read with the shared Darkroom mapping. */
final class JsonColumns {

    private JsonColumns() {}

    static String write(Object value) {
        return value == null ? null : Json.write(value);
    }

    static <T> T read(String json, Class<T> type) {
        return json == null ? null : Json.read(json, type);
    }

    static <T> T read(String json, TypeReference<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable catalog column: " + e.getMessage(), e);
        }
    }
}
