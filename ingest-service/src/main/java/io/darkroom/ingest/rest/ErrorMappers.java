package io.darkroom.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.darkroom.contracts.FieldNames;
import io.darkroom.contracts.JsonPaths;
import io.darkroom.ingest.service.IngestMetrics;
import io.darkroom.ingest.service.JobPublishException;
import io.darkroom.ingest.service.JobRejectedException;
import io.darkroom.recipe.ApiError;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.Violation;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as JSON ({@link ApiError}); no stack trace and no HTML page ever reaches a client.
 * Request syntax problems are 400, broken rules 422, a reused Idempotency-Key with another body 409, an unreachable
 * broker 503, anything unexpected 500.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final Set<Problem> SYNTAX =
            Set.of(Problem.MALFORMED_JSON, Problem.WRONG_TYPE, Problem.INVALID_HEADER);
    static final int RETRY_AFTER_SECONDS = 5;

    private final IngestMetrics metrics;

    public ErrorMappers(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> rejected(JobRejectedException e) {
        boolean syntax = e.violations().stream().anyMatch(v -> SYNTAX.contains(v.problem()));
        boolean conflict = e.violations().stream().anyMatch(v -> v.problem() == Problem.IDEMPOTENCY_CONFLICT);
        return json(syntax ? 400 : conflict ? 409 : 422, ApiError.of(e.violations()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unavailable(JobPublishException e) {
        return RestResponse.ResponseBuilder.create(
                        Response.Status.SERVICE_UNAVAILABLE,
                        ApiError.of(
                                "The job queue did not confirm job " + e.jobId()
                                        + "; the job was NOT accepted. Retry later (the same Idempotency-Key is safe).",
                                "QUEUE_UNAVAILABLE"))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @ServerExceptionMapper({
        JsonProcessingException.class,
        StreamReadException.class,
        DatabindException.class,
        JsonMappingException.class,
        MismatchedInputException.class,
        InvalidFormatException.class
    })
    public RestResponse<ApiError> badJson(JsonProcessingException e) {
        Violation v = badJsonViolation(e);
        // an unknown or missing op name is a wrong field value (422), not broken JSON (400)
        return json(SYNTAX.contains(v.problem()) || v.problem() == Problem.MALFORMED_JSON ? 400 : 422, ApiError.of(v));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return badJson(jpe);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String reason = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return json(status, ApiError.of(reason + ".", "HTTP_" + status));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error, incident %s", incident);
        return json(
                500, ApiError.of("Internal error (incident " + incident + "); the job was not accepted.", "INTERNAL"));
    }

    /** Maps Jackson's complaint to a field path ({@code recipe.outputs[0].maxWidth}) and a problem. */
    Violation badJsonViolation(JsonProcessingException e) {
        Violation v;
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidTypeIdException tie
                && tie.getBaseType() != null
                && tie.getBaseType().getRawClass() == io.darkroom.contracts.ops.Op.class) {
            // {"op": "sharpen"} or no "op" at all: a field of the request is wrong (422), not the JSON syntax
            String field = path(tie.getPath()) + ".op";
            boolean missing = tie.getTypeId() == null;
            v = new Violation(
                    field,
                    missing ? Problem.MISSING : Problem.UNKNOWN_OP,
                    missing
                            ? "Every op needs an \"op\" name (one of " + String.join(", ", OP_NAMES) + ")."
                            : "Unknown op '" + tie.getTypeId() + "'; ops: " + String.join(", ", OP_NAMES) + ".",
                    OP_NAMES);
        } else if (e instanceof UnrecognizedPropertyException upe) {
            v = unknownField(upe);
        } else if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            String field = path(mie.getPath());
            String expected = mie.getTargetType() == null ? "another type" : typeName(mie.getTargetType());
            v = Violation.of(field, Problem.WRONG_TYPE, "Field '" + field + "' must be " + expected + ".");
        } else {
            v = Violation.of(
                    null,
                    Problem.MALFORMED_JSON,
                    "The request body is not a valid JSON job request: " + firstLine(e.getOriginalMessage()));
        }
        metrics.rejected(List.of(v));
        return v;
    }

    /** A field the object does not have: its path, the nearest known name when one is close, the known names. */
    static Violation unknownField(UnrecognizedPropertyException e) {
        return new Violation(
                path(e.getPath()),
                Problem.UNKNOWN_FIELD,
                FieldNames.unknown(e, "the job request"),
                FieldNames.known(e));
    }

    /** The JSON names of the ops, from the Op family's own annotations. */
    static final List<String> OP_NAMES = java.util.Arrays.stream(io.darkroom.contracts.ops.Op.class
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class)
                    .value())
            .map(com.fasterxml.jackson.annotation.JsonSubTypes.Type::name)
            .toList();

    static String path(List<JsonMappingException.Reference> refs) {
        return JsonPaths.of(refs);
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable.";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static RestResponse<ApiError> json(int status, ApiError body) {
        return RestResponse.ResponseBuilder.<ApiError>create(status)
                .entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
