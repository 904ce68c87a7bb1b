package io.darkroom.process.web;

import io.darkroom.security.Identity;
import io.darkroom.security.http.PermissionFilter;
import io.darkroom.security.http.PublicEndpoint;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Signing in through the site's OpenID provider (authorization-code flow with PKCE): {@code GET /ui/login/oidc}
 * keeps a fresh state, nonce and code verifier in the signed {@code darkroom_login} cookie and sends the browser to
 * the provider; the provider sends it back to {@code /ui/login/oidc/callback}, which checks the state, exchanges the
 * code, verifies the ID token and opens the same session as the form login. The sign-in is audited (action
 * {@code login}) under the provider's subject and name; a refused callback is audited as refused or rejected.
 */
@Path("/ui/login/oidc")
@Blocking
public class OidcLoginPage {
    static final String CALLBACK = "/ui/login/oidc/callback";
    private static final Logger LOG = Logger.getLogger(OidcLoginPage.class);

    private final OidcProvider provider;
    private final Sessions sessions;
    private final WebConfig web;

    public OidcLoginPage(OidcProvider provider, Sessions sessions, WebConfig web) {
        this.provider = provider;
        this.sessions = sessions;
        this.web = web;
    }

    @PublicEndpoint
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response start(@QueryParam("next") String next, @Context UriInfo uri) {
        requireEnabled();
        OidcFlow.Pending p = OidcFlow.start(
                LoginPage.safeNext(next), Instant.now(), provider.config().signInTimeout());
        String to = provider.authorizationUrl(redirectUri(uri), p);
        return Response.seeOther(URI.create(to))
                .cookie(sessions.cookie(Sessions.LOGIN_COOKIE, sessions.seal(p), (int)
                        provider.config().signInTimeout().toSeconds()))
                .build();
    }

    @PublicEndpoint(audit = "login")
    @GET
    @Path("/callback")
    @Produces(MediaType.TEXT_HTML)
    public Response callback(
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("iss") String iss,
            @QueryParam("error") String error,
            @QueryParam("error_description") String errorDescription,
            @CookieParam(Sessions.LOGIN_COOKIE) String pendingCookie,
            @Context UriInfo uri,
            @Context ContainerRequestContext request) {
        requireEnabled();
        OidcFlow.Pending p = OidcFlow.check(
                sessions.unseal(pendingCookie, OidcFlow.Pending.class),
                new OidcFlow.Callback(code, state, iss, error, errorDescription),
                provider.issuer(),
                Instant.now());
        OidcProvider.SignedIn in = provider.signIn(code, redirectUri(uri), p);
        Identity who = in.identity();
        // the audit row of this request names the person who just signed in
        request.setProperty(PermissionFilter.IDENTITY, who);
        Sessions.Session s = sessions.open(who, in.idToken());
        LOG.infof(
                "web monitor: %s (%s, %s) signed in through the OpenID provider (roles %s)",
                who.subject(), who.name(), who.issuer(), who.rolesText());
        return Response.seeOther(URI.create(p.next()))
                .cookie(
                        sessions.cookie(Sessions.COOKIE, sessions.encode(s), -1),
                        sessions.cookie(Sessions.LOGIN_COOKIE, "", 0))
                .build();
    }

    private void requireEnabled() {
        if (!provider.enabled()) {
            throw WebError.notFound("this site has no OpenID provider for the monitor (darkroom.security.oidc.issuer"
                    + " and darkroom.web.oidc.client-id): sign in with a Darkroom user name");
        }
    }

    private String redirectUri(UriInfo uri) {
        return base(web, uri) + CALLBACK;
    }

    /** The monitor's address: darkroom.web.public-url when set, else this request's; no trailing slash. */
    static String base(WebConfig web, UriInfo uri) {
        return web.publicUrl().orElse(uri.getBaseUri().toString()).replaceAll("/+$", "");
    }
}
