package io.darkroom.security.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.security.Identity;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The audit trail's tap: every request to an endpoint whose {@link Requires#audit()} (or
 * {@link PublicEndpoint#audit()}) names an action becomes one {@link AuditEntry}, whatever the answer: done,
 * refused (401/403) or rejected (4xx). Also gives every request an {@code X-Request-Id} (made here, answered in
 * the response header, stored with the audit row).
 */
public class AuditFilter {
    private static final Logger LOG = Logger.getLogger(AuditFilter.class);
    public static final String REQUEST_ID = "X-Request-Id";
    static final String REQUEST_ID_PROPERTY = "darkroom.request-id";

    private final Instance<AuditSink> sinks;
    private final String service;

    public AuditFilter(
            Instance<AuditSink> sinks,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "darkroom") String service) {
        this.sinks = sinks;
        this.service = service;
    }

    @ServerRequestFilter(preMatching = true)
    public void requestId(ContainerRequestContext req) {
        // always our own: a client's id could collide with another request's audit row
        req.setProperty(REQUEST_ID_PROPERTY, UUID.randomUUID().toString());
    }

    @ServerResponseFilter
    public void audit(ContainerRequestContext req, ContainerResponseContext res) {
        Object rid = req.getProperty(REQUEST_ID_PROPERTY);
        if (rid != null) {
            res.getHeaders().putSingle(REQUEST_ID, rid);
        }
        String action = action(req);
        if (action == null || action.isEmpty() || !sinks.isResolvable()) {
            return;
        }
        Identity who = (Identity) req.getProperty(PermissionFilter.IDENTITY);
        int status = res.getStatus();
        String target = req.getUriInfo().getPathParameters().getFirst("id");
        if (target == null) {
            target = field(res.getEntity(), "jobId");
        }
        AuditEntry e = new AuditEntry(
                Instant.now(),
                rid == null ? UUID.randomUUID().toString() : rid.toString(),
                service,
                who,
                action,
                target,
                req.getMethod(),
                "/" + req.getUriInfo().getPath().replaceFirst("^/", ""),
                status,
                AuditEntry.outcome(status),
                status >= 400 ? detail(res.getEntity()) : null);
        try {
            sinks.get().record(e);
        } catch (RuntimeException ex) {
            LOG.errorf(
                    ex,
                    "audit row not written: %s %s by %s -> %d",
                    action,
                    target,
                    who == null ? "anonymous" : who.subject(),
                    status);
        }
    }

    private static String action(ContainerRequestContext req) {
        Object r = req.getProperty(PermissionFilter.REQUIRES);
        if (r instanceof Requires requires) {
            return requires.audit();
        }
        Object p = req.getProperty(PermissionFilter.PUBLIC);
        return p instanceof PublicEndpoint pub ? pub.audit() : null;
    }

    private static String field(Object entity, String name) {
        if (entity == null) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().valueToTree(entity);
            return n.hasNonNull(name) ? n.get(name).asText() : null;
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private static String detail(Object entity) {
        if (entity == null) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().valueToTree(entity);
            for (String f : new String[] {"detail", "error"}) {
                if (n.hasNonNull(f)) {
                    return n.get(f).asText();
                }
            }
            return n.toString();
        } catch (RuntimeException ex) {
            return String.valueOf(entity);
        }
    }
}
