package io.darkroom.process.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.JobState;
import io.darkroom.contracts.Json;
import io.darkroom.process.domain.Approval;
import io.darkroom.process.rest.JobViews.JobListItem;
import io.darkroom.process.rest.JobViews.JobView;
import io.darkroom.process.service.ApprovalService;
import io.darkroom.process.service.ControlRefusedException;
import io.darkroom.process.service.JobChanges;
import io.darkroom.process.service.JobControlService;
import io.darkroom.process.service.JobQueryService;
import io.darkroom.process.service.JobQueryService.JobDetail;
import io.darkroom.recipe.Problem;
import io.darkroom.security.Identity;
import io.darkroom.security.Permission;
import io.darkroom.security.http.CurrentIdentity;
import io.darkroom.security.http.Requires;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The job API: reads, a person's control of a job (cancel, pause, resume, retry, priority) and the approval gate
 * (approval, approve, reject). Control answers are
 * the job as it is afterwards; errors are {@code ApiError} JSON (400 malformed, 404 unknown, 409 not in a state that
 * allows it, 422 invalid value).
 */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class JobResource {
    private final JobQueryService queries;
    private final JobControlService control;
    private final ApprovalService approvals;
    private final CurrentIdentity caller;
    private final JobOwnership ownership;
    private final JobChanges changes;

    public JobResource(
            JobQueryService queries,
            JobControlService control,
            ApprovalService approvals,
            CurrentIdentity caller,
            JobOwnership ownership,
            JobChanges changes) {
        this.changes = changes;
        this.queries = queries;
        this.control = control;
        this.approvals = approvals;
        this.caller = caller;
        this.ownership = ownership;
    }

    /** The approval gate: status, preview images, evaluation numbers, decision. 404 for a job without a gate. */
    @GET
    @Path("/{id}/approval")
    @Requires(Permission.JOB_READ)
    public Response approval(@PathParam("id") String id) {
        return withJob(id, jobId -> Response.ok(JobViews.ApprovalView.of(approvals.find(jobId)))
                .build());
    }

    /**
     * Approves a job AWAITING_APPROVAL whose preview is READY: {@code {"method": "model"|"lanczos", "note": "..."}}
     * (method defaults to model). The approver is the signed-in caller (a {@code by} field is refused, 422); 403 for
     * the job's own submitter (separation of duties), 422 with another method, 409 in another state.
     */
    @POST
    @Path("/{id}/approve")
    @Requires(value = Permission.JOB_APPROVE, audit = "approve")
    public Response approve(@PathParam("id") String id, String body) {
        return withJob(id, jobId -> {
            JsonNode b = only(body(body), "method", "note");
            String method = text(b, "method");
            Approval.Method m = method == null ? Approval.Method.MODEL : Approval.Method.parse(method);
            if (m == null) {
                throw new ControlRefusedException(
                        ControlRefusedException.Kind.INVALID,
                        "method must be \"model\" or \"lanczos\", was \"" + method + "\"");
            }
            approvals.approve(jobId, me().actor(), m, text(b, "note"));
            return view(jobId);
        });
    }

    /** Rejects a job AWAITING_APPROVAL: {@code {"note": "why"}} (required); it ends CANCELLED. */
    @POST
    @Path("/{id}/reject")
    @Requires(value = Permission.JOB_APPROVE, audit = "reject")
    public Response reject(@PathParam("id") String id, String body) {
        return withJob(id, jobId -> {
            JsonNode b = only(body(body), "note");
            approvals.reject(jobId, me().actor(), text(b, "note"));
            return view(jobId);
        });
    }

    /**
     * The request a job was stored for, to its own submitter only (same subject and issuer; 403 for anyone else's
     * job): {@code {"jobId", "requestSha256"}} (the hash null for a job stored without one). Ingest asks this with the
     * caller's own token before it publishes a submission under an Idempotency-Key, to answer the same key with
     * another request 409. Needs the right to submit, since only a submitter has a use for it.
     */
    @GET
    @Path("/{id}/request")
    @Requires(Permission.JOB_SUBMIT)
    public Response request(@PathParam("id") String id) {
        return withJob(id, jobId -> {
            var stored = queries.storedRequest(jobId);
            if (stored.isEmpty()) {
                return ErrorResponses.response(Problem.NOT_FOUND, "no job " + jobId);
            }
            if (stored.get().submitter() == null || !stored.get().submitter().sameAs(me().actor())) {
                throw new ControlRefusedException(
                        ControlRefusedException.Kind.FORBIDDEN,
                        me().name() + " may see the request of their own jobs only; job " + jobId
                                + " was submitted by someone else");
            }
            return Response.ok(new JobViews.StoredRequestView(
                            jobId.toString(), stored.get().requestSha256()))
                    .build();
        });
    }

    /** Jobs, newest first. */
    @GET
    @Requires(Permission.JOB_READ)
    public List<JobListItem> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        return queries.list(Math.max(1, Math.min(limit, 1000))).stream()
                .map(JobListItem::of)
                .toList();
    }

    /**
     * One job: state, clips with outputs and QC, tasks, promotions, history. With {@code whileState=S&wait=N}: while
     * the job is in state S, the answer waits up to N seconds (0 to {@value #MAX_WAIT_SECONDS}) for it to leave S,
     * and comes at once when it does (a client that waits for a job needs no quick polling). Whatever ends the wait,
     * the answer is the job as it is then; a state changed by another process-service instance is seen when the wait
     * ends. 422 for a state that does not exist or a wait out of range, 400 for a wait that is not a number.
     */
    @GET
    @Path("/{id}")
    @Requires(Permission.JOB_READ)
    @Blocking
    public Uni<Response> get(
            @PathParam("id") String id, @QueryParam("whileState") String whileState, @QueryParam("wait") String wait) {
        JobState state;
        Duration max;
        try {
            state = whileState == null
                    ? null
                    : JobState.valueOf(whileState.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom()
                    .item(ErrorResponses.response(
                            Problem.UNKNOWN_VALUE,
                            "whileState must be one of " + Arrays.toString(JobState.values()) + ", was '" + whileState
                                    + "'"));
        }
        try {
            max = waitOf(wait);
        } catch (ControlRefusedException e) {
            return Uni.createFrom().item(ErrorResponses.refused(e));
        } catch (NumberFormatException e) {
            return Uni.createFrom()
                    .item(ErrorResponses.response(
                            Problem.WRONG_TYPE, "wait must be a number of seconds, was '" + wait + "'"));
        }
        UUID jobId;
        try {
            jobId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(malformedId(id));
        }
        if (state == null || max.isZero()) {
            return Uni.createFrom().item(view(jobId));
        }
        // registered before the read: a change between the read and the wait still wakes it
        JobChanges.Waiter waiter = changes.next(jobId);
        Optional<JobDetail> now = queries.find(jobId);
        if (waiter == null || now.isEmpty() || now.get().job().state() != state) {
            if (waiter != null) {
                changes.forget(jobId, waiter);
            }
            return Uni.createFrom().item(view(now, jobId));
        }
        return Uni.createFrom()
                .completionStage(waiter.woken())
                .ifNoItem()
                .after(max)
                .recoverWithItem((Void) null)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(woken -> {
                    changes.forget(jobId, waiter);
                    return view(jobId);
                })
                .onCancellation()
                .invoke(() -> changes.forget(jobId, waiter));
    }

    /** The most a read waits for a job to leave a state. */
    static final int MAX_WAIT_SECONDS = 30;

    private static Duration waitOf(String wait) {
        if (wait == null || wait.isBlank()) {
            return Duration.ZERO;
        }
        double seconds = Double.parseDouble(wait.trim());
        if (!(seconds >= 0 && seconds <= MAX_WAIT_SECONDS)) {
            throw new ControlRefusedException(
                    ControlRefusedException.Kind.INVALID,
                    "wait must be 0 to " + MAX_WAIT_SECONDS + " seconds, was " + wait.trim());
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /**
     * Cancels a job that has not ended. Body (optional): {@code {"note": "wrong LUT"}}. 409 for a job that already
     * ended; an artist may cancel only their own jobs (403).
     */
    @POST
    @Path("/{id}/cancel")
    @Requires(value = Permission.JOB_CONTROL_OWN, audit = "cancel")
    public Response cancel(@PathParam("id") String id, String body) {
        return withJob(id, jobId -> {
            JsonNode b = only(body(body), "note");
            ownership.check(jobId, me(), "cancel");
            control.cancel(jobId, me().name(), text(b, "note"));
            return view(jobId);
        });
    }

    /** PLANNED or RUNNING -> PAUSED (nothing new is dispatched; running tasks finish). No body. */
    @POST
    @Path("/{id}/pause")
    @Requires(value = Permission.JOB_CONTROL_OWN, audit = "pause")
    public Response pause(@PathParam("id") String id, String body) {
        return withJob(id, jobId -> {
            only(body(body));
            ownership.check(jobId, me(), "pause");
            control.pause(jobId, me().name());
            return view(jobId);
        });
    }

    /** PAUSED -> RUNNING (PLANNED if nothing was dispatched yet). No body. */
    @POST
    @Path("/{id}/resume")
    @Requires(value = Permission.JOB_CONTROL_OWN, audit = "resume")
    public Response resume(@PathParam("id") String id, String body) {
        return withJob(id, jobId -> {
            only(body(body));
            ownership.check(jobId, me(), "resume");
            control.resume(jobId, me().name());
            return view(jobId);
        });
    }

    /** Retries a FAILED job; {@code failedOnly=true} retries only the clips that failed themselves. */
    @POST
    @Path("/{id}/retry")
    @Requires(value = Permission.JOB_CONTROL_OWN, audit = "retry")
    public Response retry(
            @PathParam("id") String id,
            @QueryParam("failedOnly") @DefaultValue("false") boolean failedOnly,
            String body) {
        return withJob(id, jobId -> {
            only(body(body));
            ownership.check(jobId, me(), "retry");
            control.retry(jobId, failedOnly, me().name());
            return view(jobId);
        });
    }

    /** Changes what can change while a job runs: {@code {"priority": 0..100}} (422 otherwise). */
    @PATCH
    @Path("/{id}")
    @Requires(value = Permission.JOB_PRIORITY, audit = "priority")
    public Response patch(@PathParam("id") String id, String body) {
        return withJob(id, jobId -> {
            JsonNode b = only(body(body), "priority");
            JsonNode p = b == null ? null : b.get("priority");
            if (p == null || !p.canConvertToInt() || !p.isIntegralNumber()) {
                throw new ControlRefusedException(
                        ControlRefusedException.Kind.INVALID,
                        "body must be {\"priority\": n} with an integer n in " + JobControlService.MIN_PRIORITY + ".."
                                + JobControlService.MAX_PRIORITY);
            }
            control.priority(jobId, p.intValue());
            return view(jobId);
        });
    }

    private Identity me() {
        return caller.require();
    }

    /**
     * Refuses a body that names who is acting (the submitter and the approver come from the signed-in caller only,
     * 422 NOT_ACCEPTED) or any field but {@code fields} (422 UNKNOWN_FIELD: a misspelt {@code "methd": "lanczos"}
     * must not approve with the default method).
     */
    private static JsonNode only(JsonNode body, String... fields) {
        if (body == null) {
            return null;
        }
        for (String field : new String[] {"by", "submittedBy", "approvedBy"}) {
            if (body.has(field)) {
                throw new ControlRefusedException(
                        ControlRefusedException.Kind.NOT_ACCEPTED,
                        "\"" + field
                                + "\" is not accepted: who acts is the signed-in caller (the token), never a field of the body");
            }
        }
        String unknown = JsonBody.unknownField(body, List.of(fields));
        if (unknown != null) {
            throw new ControlRefusedException(ControlRefusedException.Kind.UNKNOWN_FIELD, unknown);
        }
        return body;
    }

    private Response view(UUID jobId) {
        return view(queries.find(jobId), jobId);
    }

    private static Response view(Optional<JobDetail> job, UUID jobId) {
        return job.map(d -> Response.ok(JobView.of(d)).build())
                .orElseGet(() -> ErrorResponses.response(Problem.NOT_FOUND, "no job " + jobId));
    }

    /** What a handler does with a well-formed job id. */
    @FunctionalInterface
    private interface JobAction {
        Response run(UUID jobId);
    }

    private static Response withJob(String id, JobAction action) {
        UUID jobId;
        try {
            jobId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return malformedId(id);
        }
        try {
            return action.run(jobId);
        } catch (MalformedBody e) {
            return ErrorResponses.response(Problem.MALFORMED_JSON, e.getMessage());
        } catch (ControlRefusedException e) {
            return ErrorResponses.refused(e);
        }
    }

    private static Response malformedId(String id) {
        return ErrorResponses.response(Problem.MALFORMED_ID, "'" + id + "' is not a UUID");
    }

    /** The request body as JSON; null when empty. */
    private static JsonNode body(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (!node.isObject()) {
                throw new MalformedBody("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedBody("not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body == null ? null : body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static final class MalformedBody extends RuntimeException {
        MalformedBody(String message) {
            super(message);
        }
    }
}
