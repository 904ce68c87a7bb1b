package io.darkroom.process.web;

import io.darkroom.security.http.PermissionFilter;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The monitor's door. Every /ui endpoint is a {@code @PublicEndpoint} to the security module's filter (a browser
 * sends no bearer token); here every /ui request but the sign-in page needs a person: a valid session cookie or a
 * bearer token. A page asked for without one goes to the sign-in page, anything else is refused; a person without a
 * Darkroom role gets the 403 page. The person is left on the request for the audit trail, so that the monitor's
 * controls are audited like the API's. Every {@link WebError} becomes the error page with its status.
 */
public class WebGate {
    private static final Logger LOG = Logger.getLogger(WebGate.class);

    private final Viewer viewer;
    private final Template error;

    public WebGate(Viewer viewer, @Location("web/error.html") Template error) {
        this.viewer = viewer;
        this.error = error;
    }

    @ServerRequestFilter
    public Optional<Response> gate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.equals("/ui") && !path.startsWith("/ui/")
                || path.equals("/ui/login")
                || path.startsWith("/ui/login/")) {
            return Optional.empty();
        }
        Optional<WebUser> who = viewer.who();
        if (who.isEmpty()) {
            String method = ctx.getMethod();
            if (("GET".equals(method) || "HEAD".equals(method))
                    && !"true".equals(ctx.getHeaderString("HX-Request"))
                    && !path.equals("/ui/events")) {
                URI uri = ctx.getUriInfo().getRequestUri();
                String next = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                return Optional.of(Response.seeOther(
                                URI.create("/ui/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)))
                        .build());
            }
            return Optional.of(
                    page(new WebError(403, "Forbidden", "not signed in (or the session expired): sign in again")));
        }
        WebUser u = who.get();
        ctx.setProperty(PermissionFilter.IDENTITY, u.identity());
        if (!u.hasAnyRole() && !path.equals("/ui/logout")) {
            LOG.infof("web monitor: %s has no Darkroom role, refused %s %s", u.subject(), ctx.getMethod(), path);
            return Optional.of(page(WebError.forbidden(u.name() + " is signed in but holds no Darkroom role "
                    + "(artist, supervisor, ops or admin); ask an admin for one")));
        }
        return Optional.empty();
    }

    @ServerExceptionMapper
    public Response refused(WebError e) {
        return page(e);
    }

    private Response page(WebError e) {
        Optional<WebUser> who = viewer.who();
        String html = error.data("status", e.status())
                .data("title", e.title())
                .data("detail", e.getMessage())
                .data("me", who.orElse(null))
                .data("csrf", viewer.csrf())
                .data("nav", who.map(Nav::of).orElse(Nav.NONE))
                .render();
        return Response.status(e.status())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(new ErrorPage(html, e.status(), e.title(), e.getMessage()))
                .build();
    }
}
