package io.darkroom.ingest.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.darkroom.contracts.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Quarkus' own mapper (REST bodies) gets Darkroom's JSON settings, so the API and the messages agree. */
@Singleton
public class JacksonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
