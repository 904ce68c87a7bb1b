package io.darkroom.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON mapping of every Darkroom message: ISO-8601 instants, nulls left out, unknown fields tolerated. */
public final class Json {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());
    private static final ObjectMapper REQUESTS = configureForRequests(new ObjectMapper());

    private Json() {}

    /** Applies Darkroom's settings to a mapper (services call this on Quarkus' own mapper too). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /**
     * Darkroom's settings for the mapper that reads requests people write (a job request, a control body): as
     * {@link #configure}, but a field the request type does not have is refused ({@code
     * UnrecognizedPropertyException}) instead of ignored, and a fraction is not read as a whole number ({@code
     * "segmentFrames": 2.5} is an error, not 2). Messages between services keep tolerating fields they do not know.
     */
    public static ObjectMapper configureForRequests(ObjectMapper mapper) {
        return configure(mapper)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads something a person wrote (a recipe in a site's configuration, say) as {@link #configureForRequests}
     * reads a request: a field the type does not have is an error naming it, not ignored.
     */
    public static <T> T readRequest(String json, Class<T> type) {
        try {
            return REQUESTS.readValue(json, type);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(
                    "not a valid " + type.getSimpleName() + ": " + FieldNames.unknown(e, "the " + type.getSimpleName()),
                    e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
