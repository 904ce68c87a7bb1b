package io.darkroom.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.darkroom.contracts.Json;
import io.darkroom.ingest.domain.JobRequest;
import io.darkroom.recipe.ApiError;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorMappersTest {

    @Test
    void jacksonPathBecomesTheFieldName() {
        String body = "{\"sources\":[],\"recipe\":{\"outputs\":[{\"name\":\"a\",\"maxWidth\":\"wide\"}]}}";
        try {
            Json.mapper().readValue(body, JobRequest.class);
        } catch (InvalidFormatException e) {
            assertThat(ErrorMappers.path(e.getPath())).isEqualTo("recipe.outputs[0].maxWidth");
            return;
        } catch (Exception e) {
            throw new AssertionError("expected InvalidFormatException, got " + e, e);
        }
        throw new AssertionError("no exception");
    }

    @Test
    void severalViolationsGoUnderErrors() {
        ApiError e = ApiError.of(List.of(
                Violation.of("priority", Problem.OUT_OF_RANGE, "p"),
                new Violation("pool", Problem.UNKNOWN_POOL, "q", List.of("cpu"))));
        assertThat(e.field()).isNull();
        assertThat(e.errors())
                .extracting(ApiError::field, ApiError::problem)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("priority", "OUT_OF_RANGE"),
                        org.assertj.core.groups.Tuple.tuple("pool", "UNKNOWN_POOL"));
        assertThat(Json.write(ApiError.of(List.of(Violation.of("priority", Problem.OUT_OF_RANGE, "p")))))
                .isEqualTo("{\"error\":\"p\",\"field\":\"priority\",\"problem\":\"OUT_OF_RANGE\"}");
    }

    @Test
    void pathOfIndexOnlyReference() {
        assertThat(ErrorMappers.path(List.of(
                        new JsonMappingException.Reference(null, "sources"),
                        new JsonMappingException.Reference(null, 2),
                        new JsonMappingException.Reference(null, "path"))))
                .isEqualTo("sources[2].path");
    }

    @Test
    void unknownOpIsA422NamingTheOpField() throws Exception {
        ErrorMappers mappers = new ErrorMappers(new io.darkroom.ingest.service.IngestMetrics(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        String body = "{\"sources\":[],\"recipe\":{\"outputs\":[],\"ops\":[{\"op\":\"cdl\"},{\"op\":\"sharpen\"}]}}";
        try {
            Json.mapper().readValue(body, JobRequest.class);
            throw new AssertionError("no exception");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Violation v = mappers.badJsonViolation(e);
            assertThat(v.field()).isEqualTo("recipe.ops[1].op");
            assertThat(v.problem()).isEqualTo(Problem.UNKNOWN_OP);
            assertThat(v.allowed()).contains("lut3d", "cdl", "burnIn", "watermark", "toneMap");
            assertThat(v.message()).contains("sharpen");
        }
        try {
            Json.mapper().readValue("{\"recipe\":{\"ops\":[{\"text\":\"x\"}]}}", JobRequest.class);
            throw new AssertionError("no exception");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Violation v = mappers.badJsonViolation(e);
            assertThat(v.field()).isEqualTo("recipe.ops[0].op");
            assertThat(v.problem()).isEqualTo(Problem.MISSING);
        }
    }

    @Test
    void aMisspeltFieldIsRefusedNamingItWhereItIsAndWhatItMeant() throws Exception {
        ErrorMappers mappers = new ErrorMappers(new io.darkroom.ingest.service.IngestMetrics(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        com.fasterxml.jackson.databind.ObjectMapper requests =
                Json.configureForRequests(new com.fasterxml.jackson.databind.ObjectMapper());
        String body = "{\"sources\":[],\"recipe\":{\"outputs\":[{\"name\":\"a\",\"maxWidht\":640}]}}";
        assertThat(Json.mapper().readValue(body, JobRequest.class))
                .as("messages between services still tolerate unknown fields")
                .isNotNull();
        try {
            requests.readValue(body, JobRequest.class);
            throw new AssertionError("no exception");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Violation v = mappers.badJsonViolation(e);
            assertThat(v.field()).isEqualTo("recipe.outputs[0].maxWidht");
            assertThat(v.problem()).isEqualTo(Problem.UNKNOWN_FIELD);
            assertThat(v.message())
                    .startsWith(
                            "Unknown field 'maxWidht' in recipe.outputs[0] (did you mean 'maxWidth'?); its fields: ")
                    .contains("maxHeight", "preset");
            assertThat(v.allowed()).contains("maxWidth", "name", "preset");
        }
        try {
            requests.readValue("{\"recipe\":{\"segmentFrames\":2.5}}", JobRequest.class);
            throw new AssertionError("no exception");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Violation v = mappers.badJsonViolation(e);
            assertThat(v.field()).isEqualTo("recipe.segmentFrames");
            assertThat(v.problem()).isEqualTo(Problem.WRONG_TYPE);
            assertThat(v.message()).isEqualTo("Field 'recipe.segmentFrames' must be a whole number.");
        }
    }
}
