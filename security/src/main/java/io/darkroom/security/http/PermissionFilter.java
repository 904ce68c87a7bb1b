package io.darkroom.security.http;

import io.darkroom.recipe.ApiError;
import io.darkroom.security.Identity;
import io.darkroom.security.Permission;
import io.darkroom.security.Role;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST call of a Darkroom service passes here: anonymous → 401, a caller without the endpoint's
 * {@link Requires permission} → 403 naming the roles that have it, an endpoint that names none → 403 (deny by
 * default). The identity and the permission are left on the request for the audit trail ({@link #IDENTITY},
 * {@link #REQUIRES}).
 */
public class PermissionFilter {
    private static final Logger LOG = Logger.getLogger(PermissionFilter.class);
    public static final String IDENTITY = "darkroom.identity";
    public static final String REQUIRES = "darkroom.requires";
    public static final String PUBLIC = "darkroom.public";

    private final CurrentIdentity current;

    public PermissionFilter(CurrentIdentity current) {
        this.current = current;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Optional<Response> check(ContainerRequestContext ctx, ResourceInfo info) {
        Requires requires = requires(info);
        if (requires != null) {
            ctx.setProperty(REQUIRES, requires);
        }
        Optional<Identity> who = current.get();
        who.ifPresent(id -> ctx.setProperty(IDENTITY, id));
        Method m = info == null ? null : info.getResourceMethod();
        if (m != null && m.isAnnotationPresent(PublicEndpoint.class)) {
            ctx.setProperty(PUBLIC, m.getAnnotation(PublicEndpoint.class));
            return Optional.empty();
        }
        if (who.isEmpty()) {
            return Optional.of(json(
                    401,
                    Refusals.unauthorized(
                            "sign in first: send 'Authorization: Bearer <token>' (./darkroom login, or a token of the site's"
                                    + " OpenID provider)")));
        }
        Identity id = who.get();
        if (requires == null) {
            LOG.warnf(
                    "%s %s has no declared permission: refused",
                    ctx.getMethod(), ctx.getUriInfo().getPath());
            return Optional.of(
                    json(403, Refusals.forbidden("this endpoint declares no permission", java.util.List.of())));
        }
        Permission p = requires.value();
        if (!id.may(p)) {
            return Optional.of(forbidden(p, id));
        }
        return Optional.empty();
    }

    /** The 403 for a caller lacking {@code p}: names the roles that have it and the caller's. */
    public static Response forbidden(Permission p, Identity id) {
        return json(
                403,
                Refusals.forbidden(
                        "to " + p.description() + " you need the role " + p.rolesText() + "; " + id.name() + " has "
                                + id.rolesText(),
                        p.roles().stream().map(Role::id).toList()));
    }

    /** A 403 for a rule beyond roles (separation of duties, own jobs only). */
    public static Response forbidden(String detail, Permission p) {
        return json(
                403, Refusals.forbidden(detail, p.roles().stream().map(Role::id).toList()));
    }

    private static Requires requires(ResourceInfo info) {
        if (info == null) {
            return null;
        }
        Method m = info.getResourceMethod();
        Requires r = m == null ? null : m.getAnnotation(Requires.class);
        if (r == null && info.getResourceClass() != null) {
            r = info.getResourceClass().getAnnotation(Requires.class);
        }
        return r;
    }

    static Response json(int status, ApiError body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(body)
                .build();
    }
}
