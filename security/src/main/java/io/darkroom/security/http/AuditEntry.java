package io.darkroom.security.http;

import io.darkroom.security.Identity;
import java.time.Instant;

/**
 * One audited request: who (null when nobody signed in), what, on what, and how it ended.
 *
 * @param requestId the request's {@code X-Request-Id} (given or made here; echoed in the answer)
 * @param action    {@code submit}, {@code approve}, {@code cancel}, {@code drain}, {@code user.add}, {@code login}...
 * @param target    the path's {@code id} (job id, worker id, user name), else null
 * @param status    the HTTP status answered
 * @param outcome   {@code ok}, {@code refused} (401/403), {@code rejected} (other 4xx), {@code failed} (5xx)
 * @param detail    the error's detail for refusals, else null
 */
public record AuditEntry(
        Instant at,
        String requestId,
        String service,
        Identity actor,
        String action,
        String target,
        String method,
        String path,
        int status,
        String outcome,
        String detail) {

    public static String outcome(int status) {
        if (status < 400) {
            return "ok";
        }
        if (status == 401 || status == 403) {
            return "refused";
        }
        return status < 500 ? "rejected" : "failed";
    }
}
