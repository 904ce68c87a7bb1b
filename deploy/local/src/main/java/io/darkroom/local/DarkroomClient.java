package io.darkroom.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The REST side of a running stack: submit through ingest-service, read through process-service. Shared by the
 * command line and the end-to-end tests.
 */
public final class DarkroomClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Between two status requests while waiting for a job: a GET of one job is cheap for process-service, and the wait
     * after a job ends is half of this on average (500 ms cost bench/e2e-vs-ffmpeg 0.66 s per job).
     */
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long one status read waits on process-service for the job's state to change (the progress refresh). */
    static final Duration WAIT = Duration.ofSeconds(1);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private final String ingestUrl;
    private final String processUrl;
    private final String token;

    /** A client that sends no token (only {@link #login} works against a stack that requires sign-in). */
    public DarkroomClient(String ingestUrl, String processUrl) {
        this(ingestUrl, processUrl, null);
    }

    /** A client that sends {@code Authorization: Bearer <token>} with every request. */
    public DarkroomClient(String ingestUrl, String processUrl, String token) {
        this.ingestUrl = strip(ingestUrl);
        this.processUrl = strip(processUrl);
        this.token = token;
    }

    /** The web monitor's approval page of a job: where a supervisor sees the preview and decides. */
    public String approvalPage(String jobId) {
        return processUrl + "/ui/jobs/" + jobId + "/approval";
    }

    /** The same services, another caller. */
    public DarkroomClient withToken(String bearer) {
        return new DarkroomClient(ingestUrl, processUrl, bearer);
    }

    /** This client signed in as a built-in user ({@code POST /auth/token}). */
    public DarkroomClient as(String username, String password) {
        return withToken(login(username, password).token());
    }

    /** The answer to a sign-in: the bearer token and who it names. */
    public record Login(
            String token,
            java.time.Instant expiresAt,
            String subject,
            String name,
            String issuer,
            java.util.List<String> roles) {}

    /** {@code POST <process>/auth/token}: a built-in user's token, or ApiException 401 for a wrong password. */
    public Login login(String username, String password) {
        java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        return Json.read(postJson(processUrl + "/auth/token", Json.write(body)).toString(), Login.class);
    }

    /** {@code GET <process>/auth/me}: who this client's token names. */
    public JsonNode me() {
        return getJson(processUrl + "/auth/me");
    }

    /** {@code POST <process>/users} (admin): adds a built-in user; ApiException 409 when the name is taken. */
    public JsonNode addUser(String username, String name, String password, java.util.List<String> roles) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("username", username);
        if (name != null) {
            body.put("name", name);
        }
        body.put("password", password);
        body.put("roles", roles);
        Http.Request req = postRequest(processUrl + "/users", Json.write(body));
        return readJson(req, send(req), 201);
    }

    /**
     * {@code POST <process>/models} (admin) with {@code {"name", "sha256", "fp16Sha256"?}}: trusts a model already
     * in the services' registry folder, when its file has {@code sha256} (its float16 variant {@code fp16Sha256}, null
     * = not trusted). The model with {@code trusted: true}; the same hashes again answer 200, which is fine too.
     */
    public JsonNode trustModel(String name, String sha256, String fp16Sha256) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("sha256", sha256);
        if (fp16Sha256 != null) {
            body.put("fp16Sha256", fp16Sha256);
        }
        Http.Request req = postRequest(processUrl + "/models", Json.write(body));
        Http.Reply r = send(req);
        return readJson(req, r, r.statusCode() == 200 ? 200 : 201);
    }

    /**
     * {@code POST <process>/bench/noop-jobs} (admin, on a stack started with bench jobs on): a job of {@code tasks}
     * no-op tasks; answers {@code {"jobId", "tasks", "pool"}}.
     */
    public JsonNode noopJob(int tasks) {
        Http.Request req = postRequest(processUrl + "/bench/noop-jobs", Json.write(java.util.Map.of("tasks", tasks)));
        return readJson(req, send(req), 201);
    }

    /** {@code PUT <process>/users/NAME/roles} (admin): the user with their new roles. */
    public JsonNode setRoles(String username, java.util.List<String> roles) {
        Http.Request req = request(URI.create(processUrl + "/users/" + pathSegment(username) + "/roles"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(Json.write(java.util.Map.of("roles", roles)));
        return readJson(req, send(req), 200);
    }

    /** {@code DELETE <process>/users/NAME} (admin). */
    public void removeUser(String username) {
        Http.Request req = request(URI.create(processUrl + "/users/" + pathSegment(username)))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .DELETE();
        Http.Reply r = send(req);
        if (r.statusCode() != 204) {
            throw new ApiException("DELETE " + req.uri(), r.statusCode(), r.body());
        }
    }

    private static String pathSegment(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** {@code GET <process>/users} (admin). */
    public JsonNode users() {
        return getJson(processUrl + "/users");
    }

    /** {@code GET <process>/audit?job=&since=&actor=} (supervisor, admin); null filters are left out. */
    public JsonNode audit(String job, java.time.Instant since, String actor) {
        StringBuilder q = new StringBuilder();
        if (job != null) {
            q.append("&job=").append(java.net.URLEncoder.encode(job, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (since != null) {
            q.append("&since=").append(since);
        }
        if (actor != null) {
            q.append("&actor=").append(java.net.URLEncoder.encode(actor, java.nio.charset.StandardCharsets.UTF_8));
        }
        return getJson(processUrl + "/audit" + (q.length() == 0 ? "" : "?" + q.substring(1)));
    }

    private JsonNode getJson(String url) {
        Http.Request req = request(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        return readJson(req, send(req), 200);
    }

    private Http.Request request(URI uri) {
        Http.Request b = new Http.Request(uri);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** ingest's 202 answer. */
    public record Submission(String jobId, String statusUrl, int clips) {}

    /** A non-2xx answer; {@code body} is the service's error JSON or text. */
    public static final class ApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String body;

        public ApiException(String what, int status, String body) {
            super(what + " answered " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }

        /**
         * What the service said went wrong: the {@code error} of its error JSON ({@code {"error", "field",
         * "problem"}}, every service's shape), else the body as is.
         */
        public String detail() {
            try {
                JsonNode n = Json.mapper().readTree(body);
                if (n != null && n.isObject()) {
                    for (String field : new String[] {"error", "message"}) {
                        String v = n.path(field).asText("");
                        if (!v.isBlank()) {
                            return v;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not JSON: the body as is
            }
            return body == null || body.isBlank() ? "HTTP " + status : body.strip();
        }
    }

    public Submission submit(JobSpec spec) {
        return submitJson(Json.write(spec));
    }

    /** POSTs a job file's JSON as is to {@code <ingest>/jobs}. */
    public Submission submitJson(String json) {
        Http.Request req = postRequest(ingestUrl + "/jobs", json);
        Http.Reply res = send(req);
        if (res.statusCode() != 202 && res.statusCode() != 200) {
            throw new ApiException("POST " + req.uri(), res.statusCode(), res.body());
        }
        return Json.read(res.body(), Submission.class);
    }

    public JobStatus job(String jobId) {
        return Json.read(jobText(jobId, ""), JobStatus.class);
    }

    /**
     * The job once it is no longer in {@code whileState}, or as it is after {@code wait} (process-service answers at
     * once when the state changes; a server that does not know the parameters answers at once in any case).
     */
    public JobStatus job(String jobId, String whileState, Duration wait) {
        String query = "?whileState=" + URLEncoder.encode(whileState, StandardCharsets.UTF_8) + "&wait="
                + String.format(Locale.ROOT, "%.3f", wait.toMillis() / 1000.0);
        return Json.read(jobText(jobId, query), JobStatus.class);
    }

    /** The job as process-service answers it, untyped (for fields this client does not model). */
    public JsonNode jobJson(String jobId) {
        String body = jobText(jobId, "");
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new ApiException("GET /jobs/" + jobId + " (not JSON)", 200, body);
        }
    }

    private String jobText(String jobId, String query) {
        Http.Request req = request(URI.create(processUrl + "/jobs/" + jobId + query))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        Http.Reply res = send(req);
        if (res.statusCode() != 200) {
            throw new ApiException("GET " + req.uri(), res.statusCode(), res.body());
        }
        return res.body();
    }

    /** {@code POST <process>/jobs/{id}/cancel}: the job view afterwards (CANCELLED), or ApiException (409: ended). */
    public JsonNode cancel(String jobId, String note) {
        java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
        putIfSet(body, "note", note);
        return postJson(processUrl + "/jobs/" + jobId + "/cancel", Json.write(body));
    }

    /**
     * {@code GET <process>/jobs/{id}/approval}: the approval gate of a job (preview, evaluation, decision), or
     * ApiException 404 when the job is unknown or its recipe asked for no approval.
     */
    public Approval approval(String jobId) {
        Http.Request req = request(URI.create(processUrl + "/jobs/" + jobId + "/approval"))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        return Json.read(readJson(req, send(req), 200).toString(), Approval.class);
    }

    /**
     * {@code POST <process>/jobs/{id}/approve} as this client's caller: the job view afterwards, or ApiException
     * (403: not a supervisor, or the job's own submitter; 422: {@code method} unknown; 409: not AWAITING_APPROVAL or
     * the preview is not READY).
     *
     * @param method {@code model} or {@code lanczos}; null = the service's default (model)
     * @param note   may be null
     */
    public JsonNode approve(String jobId, String method, String note) {
        java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
        putIfSet(body, "method", method);
        putIfSet(body, "note", note);
        return postJson(processUrl + "/jobs/" + jobId + "/approve", Json.write(body));
    }

    /**
     * {@code POST <process>/jobs/{id}/reject} as this client's caller: the job view afterwards (CANCELLED,
     * reason {@code rejected by <name>: <note>}), or ApiException (422: {@code note} missing; 403, 409 as approve).
     */
    public JsonNode reject(String jobId, String note) {
        java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
        putIfSet(body, "note", note);
        return postJson(processUrl + "/jobs/" + jobId + "/reject", Json.write(body));
    }

    private static void putIfSet(java.util.Map<String, String> body, String key, String value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    /** {@code GET <process>/workers}: every worker process-service knows, with its current tasks. */
    public JsonNode workers() {
        Http.Request req = request(URI.create(processUrl + "/workers"))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        return readJson(req, send(req), 200);
    }

    private JsonNode postJson(String url, String body) {
        Http.Request req = postRequest(url, body);
        return readJson(req, send(req), 200);
    }

    /** A JSON POST to {@code url} with this client's token and timeout. */
    private Http.Request postRequest(String url, String body) {
        return request(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(body);
    }

    private static JsonNode readJson(Http.Request req, Http.Reply res, int expected) {
        if (res.statusCode() != expected) {
            throw new ApiException(req.method() + " " + req.uri(), res.statusCode(), res.body());
        }
        try {
            return Json.mapper().readTree(res.body());
        } catch (IOException e) {
            throw new ApiException(req.method() + " " + req.uri() + " (not JSON)", res.statusCode(), res.body());
        }
    }

    /**
     * Polls the job until it reaches a terminal state; a 404 right after submission (process-service has not read
     * the submission yet) counts as "not there yet".
     *
     * @param onUpdate called with every answer (progress display)
     * @throws JobTimeoutException when the timeout passes first, carrying the last answer
     */
    public JobStatus awaitTerminal(String jobId, Duration timeout, Consumer<JobStatus> onUpdate) {
        return awaitGate(jobId, timeout, gate -> onUpdate.accept(gate.job()), gate -> false)
                .job();
    }

    /** A job and its approval gate as read together; {@code approval} is null while the gate does not exist yet. */
    public record Gate(JobStatus job, Approval approval) {}

    /**
     * Reads a job and, once it has one, its approval gate, until {@code done} holds or the job reaches a terminal
     * state (rejected: CANCELLED): each read after the first waits on process-service for the state to change, up to
     * {@link #WAIT} (so a new state is seen at once and {@code onUpdate} runs about once a second while it holds).
     * The gate is read while the job is AWAITING_APPROVAL or its view names one; a 404 of either counts as "not there
     * yet".
     *
     * @param onUpdate called with every answer (progress display)
     * @throws JobTimeoutException when the timeout passes first, carrying the last job answer
     */
    public Gate awaitGate(
            String jobId, Duration timeout, Consumer<Gate> onUpdate, java.util.function.Predicate<Gate> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobStatus last = null;
        while (true) {
            long asked = System.nanoTime();
            boolean unchanged = true;
            try {
                JobStatus before = last;
                // after the first answer, process-service holds each read until the state changes (or WAIT passed):
                // a terminal state is seen at once, with a request a second instead of five
                last = before == null || before.state() == null
                        ? job(jobId)
                        : job(jobId, before.state(), waitUntil(deadline));
                unchanged = before != null && Objects.equals(before.state(), last.state());
                Approval approval = null;
                if (last.gated() || "AWAITING_APPROVAL".equals(last.state())) {
                    try {
                        approval = approval(jobId);
                    } catch (ApiException e) {
                        if (e.status() != 404) {
                            throw e;
                        }
                    }
                }
                Gate gate = new Gate(last, approval);
                onUpdate.accept(gate);
                if (done.test(gate) || last.terminal()) {
                    return gate;
                }
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new JobTimeoutException(jobId, timeout, last);
            }
            if (unchanged) {
                // not there yet (404), or a server that answered without waiting (older, or at its limit of waiting
                // reads): one request per POLL at most
                pause(POLL.toNanos() - (System.nanoTime() - asked));
            }
        }
    }

    /** How long one read may wait: {@link #WAIT}, or less when the deadline comes first. */
    private static Duration waitUntil(long deadline) {
        long left = Math.max(0, deadline - System.nanoTime());
        return Duration.ofNanos(Math.min(WAIT.toNanos(), left));
    }

    /** The job did not reach a terminal state in time. */
    public static final class JobTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient JobStatus last;

        JobTimeoutException(String jobId, Duration timeout, JobStatus last) {
            super("job " + jobId + " did not finish within " + timeout.toSeconds() + " s"
                    + (last == null ? " (process-service never reported it)" : " (last state " + last.state() + ")"));
            this.last = last;
        }

        public JobStatus last() {
            return last;
        }
    }

    private static Http.Reply send(Http.Request req) {
        return Http.send(req, CONNECT_TIMEOUT);
    }

    /** Sleeps up to the poll interval between two status requests. */
    private static void pause(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(POLL.toMillis(), nanos / 1_000_000 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a job", e);
        }
    }

    private static String strip(String url) {
        if (url == null) {
            return null;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
