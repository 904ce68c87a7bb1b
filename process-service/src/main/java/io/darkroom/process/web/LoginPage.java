package io.darkroom.process.web;

import io.darkroom.security.http.PublicEndpoint;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/** Signing in (built-in users, form login; the OpenID provider: {@link OidcLoginPage}) and out. */
@Path("/ui")
@Blocking
public class LoginPage {
    private static final Logger LOG = Logger.getLogger(LoginPage.class);

    private final Sessions sessions;
    private final WebAccounts accounts;
    private final Viewer viewer;
    private final Template login;
    private final OidcProvider provider;
    private final WebConfig web;

    public LoginPage(
            Sessions sessions,
            WebAccounts accounts,
            Viewer viewer,
            @Location("web/login.html") Template login,
            OidcProvider provider,
            WebConfig web) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.viewer = viewer;
        this.login = login;
        this.provider = provider;
        this.web = web;
    }

    @PublicEndpoint
    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    public Response form(@QueryParam("next") String next) {
        return form(next, null, 200);
    }

    private Response form(String next, String problem, int status) {
        return form(next, problem, status, null);
    }

    private Response form(String next, String problem, int status, String providerLogout) {
        String token = Sessions.newToken();
        String html = login.data("csrf", token)
                .data("next", safeNext(next))
                .data("problem", problem)
                .data("oidc", provider.enabled() ? provider.name() : null)
                .data("providerLogout", providerLogout)
                .data("oidcHref", "/ui/login/oidc?next=" + URLEncoder.encode(safeNext(next), StandardCharsets.UTF_8))
                .data("me", null)
                .data("nav", Nav.NONE)
                .render();
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html)
                .cookie(cookie(Sessions.LOGIN_COOKIE, token, -1))
                .build();
    }

    @PublicEndpoint(audit = "login")
    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(
            @FormParam("csrf") String csrf,
            @CookieParam(Sessions.LOGIN_COOKIE) String expected,
            @FormParam("username") String username,
            @FormParam("password") String password,
            @FormParam("next") String next) {
        if (!Sessions.sameToken(csrf, expected)) {
            throw WebError.forbidden("the sign-in form's CSRF token is missing or does not match; reload the "
                    + "sign-in page and try again");
        }
        var user = accounts.authenticate(username == null ? null : username.trim(), password);
        if (user.isEmpty()) {
            LOG.infof("web monitor: sign-in refused for '%s'", username);
            return form(next, "Unknown user name or wrong password.", 401);
        }
        Sessions.Session s = sessions.open(user.get());
        LOG.infof(
                "web monitor: %s signed in (roles %s)", s.subject(), user.get().rolesText());
        return Response.seeOther(URI.create(safeNext(next)))
                .cookie(cookie(Sessions.COOKIE, sessions.encode(s), -1), cookie(Sessions.LOGIN_COOKIE, "", 0))
                .build();
    }

    @PublicEndpoint(audit = "logout")
    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@FormParam("csrf") String csrf, @Context UriInfo uri) {
        WebUser me = viewer.checkForm(csrf);
        LOG.infof("web monitor: %s signed out", me.subject());
        // signed in through the OpenID provider: the sign-in page offers to end the provider's session too (a link,
        // not a redirect: the pages' CSP form-action 'self' would stop this form's redirect to another site)
        String providerLogout = viewer.session()
                .filter(s -> s.idToken() != null
                        && provider.enabled()
                        && provider.issuer().equals(s.issuer()))
                .flatMap(s -> provider.logoutUrl(s.idToken(), OidcLoginPage.base(web, uri) + "/ui/login"))
                .orElse(null);
        if (providerLogout == null) {
            return Response.seeOther(URI.create("/ui/login?bye=1"))
                    .cookie(cookie(Sessions.COOKIE, "", 0))
                    .build();
        }
        Response page = form(null, null, 200, providerLogout);
        return Response.fromResponse(page)
                .cookie(cookie(Sessions.COOKIE, "", 0))
                .build();
    }

    /** Only a path of the monitor itself (never another site): /ui/... */
    static String safeNext(String next) {
        if (next == null
                || !next.startsWith("/ui/")
                || next.startsWith("//")
                || next.contains("\\")
                || next.startsWith("/ui/login")) {
            return "/ui/jobs";
        }
        return next;
    }

    private NewCookie cookie(String name, String value, int maxAge) {
        return sessions.cookie(name, value, maxAge);
    }
}
