package io.darkroom.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What an endpoint lets a caller do, and the roles allowed to: the permission matrix (README "Roles"). Every HTTP
 * endpoint of the three services names exactly one permission; the check is {@link Identity#may(Permission)}.
 */
public enum Permission {
    /** GET /jobs, /jobs/{id}, /jobs/{id}/approval. */
    JOB_READ("see jobs", Role.ARTIST, Role.SUPERVISOR, Role.OPS, Role.ADMIN),
    /** POST /jobs (ingest). */
    JOB_SUBMIT("submit jobs", Role.ARTIST, Role.SUPERVISOR),
    /** cancel, pause, resume, retry a job one submitted oneself. */
    JOB_CONTROL_OWN("cancel, pause, resume or retry own jobs", Role.ARTIST, Role.SUPERVISOR),
    /** cancel, pause, resume, retry anyone's job. */
    JOB_CONTROL_ANY("cancel, pause, resume or retry any job", Role.SUPERVISOR),
    /** PATCH /jobs/{id} {"priority"}. */
    JOB_PRIORITY("change a job's priority", Role.SUPERVISOR, Role.OPS),
    /** approve / reject an AI preview. */
    JOB_APPROVE("approve or reject AI output", Role.SUPERVISOR),
    /** GET /workers, watch folder status, pools. */
    WORKER_READ("see workers and watch folders", Role.SUPERVISOR, Role.OPS, Role.ADMIN),
    /** drain / undrain, the render-worker's own HTTP endpoints. */
    WORKER_CONTROL("drain or undrain workers, use a worker's own endpoints", Role.OPS),
    /** GET /models, /presets, /roots (ingest). */
    CATALOG_READ("read the catalog (models, presets, roots)", Role.ARTIST, Role.SUPERVISOR, Role.OPS, Role.ADMIN),
    /** GET /audit. */
    AUDIT_READ("read the audit trail", Role.SUPERVISOR, Role.ADMIN),
    /** GET/POST /users. */
    USER_MANAGE("manage users and roles", Role.ADMIN),
    /** model registry import/register. */
    MODEL_MANAGE("import or register models", Role.ADMIN),
    /** POST /bench/noop-jobs: jobs of no-op tasks for bench/dispatch (off unless darkroom.bench.noop-jobs). */
    BENCH_RUN("make bench jobs of no-op tasks", Role.ADMIN),

    QUEUE_READ("see pools' queues and dead-letter topics", Role.SUPERVISOR, Role.OPS, Role.ADMIN),
    /** /q/metrics. */
    METRICS_READ("scrape metrics", Role.OPS, Role.ADMIN),
    /** /q/openapi, /q/swagger-ui: any signed-in user. */
    API_DOCS("read the API description", Role.ARTIST, Role.SUPERVISOR, Role.OPS, Role.ADMIN);

    private final String description;
    private final Set<Role> roles;

    Permission(String description, Role first, Role... rest) {
        this.description = description;
        this.roles = Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    /** The roles that hold this permission. */
    public Set<Role> roles() {
        return roles;
    }

    public String description() {
        return description;
    }

    /** "supervisor" or "supervisor or ops": the roles as a 403 names them. */
    public String rolesText() {
        StringBuilder b = new StringBuilder();
        Role[] rs = roles.toArray(Role[]::new);
        for (int i = 0; i < rs.length; i++) {
            if (i > 0) {
                b.append(i == rs.length - 1 ? " or " : ", ");
            }
            b.append(rs[i].id());
        }
        return b.toString();
    }
}
