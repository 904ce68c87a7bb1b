package io.darkroom.process.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.darkroom.contracts.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The REST API writes JSON like every Darkroom message: ISO-8601 instants, nulls left out. */
@Singleton
public class JacksonConfig implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
