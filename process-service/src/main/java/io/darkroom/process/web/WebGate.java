package io.darkroom.process.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The monitor's door: every /ui request but the sign-in page needs a valid session (a page asked for without one
 * goes to the sign-in page; anything else is refused), a person without a Darkroom role gets the 403 page, and
 * every {@link WebError} becomes the error page with its status.
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
    public Response gate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.equals("/ui") && !path.startsWith("/ui/") || path.equals("/ui/login")) {
            return null;
        }
        if (viewer.session().isEmpty()) {
            String method = ctx.getMethod();
            if (("GET".equals(method) || "HEAD".equals(method)) && !"true".equals(ctx.getHeaderString("HX-Request"))
                    && !path.equals("/ui/events")) {
                String next = ctx.getUriInfo().getRequestUri().getRawPath()
                        + (ctx.getUriInfo().getRequestUri().getRawQuery() == null ? ""
                                : "?" + ctx.getUriInfo().getRequestUri().getRawQuery());
                return Response.seeOther(URI.create("/ui/login?next=" + URLEncoder.encode(next,
                        StandardCharsets.UTF_8))).build();
            }
            return page(new WebError(403, "Forbidden", "not signed in (or the session expired): sign in again"));
        }
        WebUser u = viewer.user();
        if (!u.hasAnyRole() && !path.equals("/ui/logout")) {
            LOG.infof("web monitor: %s has no Darkroom role, refused %s %s", u.subject(), ctx.getMethod(), path);
            return page(WebError.forbidden(u.name() + " is signed in but holds no Darkroom role (artist, "
                    + "supervisor, ops or admin); ask an admin for one"));
        }
        return null;
    }

    @ServerExceptionMapper
    public Response refused(WebError e) {
        return page(e);
    }

    private Response page(WebError e) {
        boolean signedIn = viewer.session().isPresent();
        String html = error.data("status", e.status()).data("title", e.title()).data("detail", e.getMessage())
                .data("me", signedIn ? viewer.user() : null).data("csrf", viewer.csrf())
                .data("nav", signedIn ? Nav.of(viewer.user()) : Nav.NONE).render();
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
