package io.darkroom.ingest.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.darkroom.contracts.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Quarkus' own mapper (REST bodies) gets Darkroom's JSON settings, so the API and the messages agree, with the
 * stricter reading of requests: an unknown field or a fraction for a whole number is refused, not ignored.
 */
@Singleton
public class JacksonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configureForRequests(mapper);
    }
}
