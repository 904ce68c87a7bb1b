package io.darkroom.process.web;

import io.darkroom.security.Identity;
import io.darkroom.security.Permission;
import io.darkroom.security.http.CurrentIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/**
 * The person looking at a monitor page: from the session cookie of the sign-in form, else from a bearer token the
 * security module accepted (issue 10), and the checks every page and form makes.
 */
@RequestScoped
public class Viewer {
    private final HttpHeaders headers;
    private final Sessions sessions;
    private final CurrentIdentity bearer;
    private Optional<Sessions.Session> session;

    public Viewer(HttpHeaders headers, Sessions sessions, CurrentIdentity bearer) {
        this.headers = headers;
        this.sessions = sessions;
        this.bearer = bearer;
    }

    /** The session of the sign-in form; empty for a request without (or with an expired or forged) cookie. */
    public Optional<Sessions.Session> session() {
        if (session == null) {
            Cookie c = headers.getCookies().get(Sessions.COOKIE);
            session = sessions.decode(c == null ? null : c.getValue());
        }
        return session;
    }

    /** Who is asking: the session's person, else the bearer token's; empty when neither. */
    public Optional<WebUser> who() {
        Optional<WebUser> fromSession = session().map(Sessions.Session::user);
        if (fromSession.isPresent()) {
            return fromSession;
        }
        Optional<Identity> token = bearer.get();
        return token.map(WebUser::new);
    }

    /** The signed-in person (the request filter already sent everyone else away). */
    public WebUser user() {
        return who().orElseThrow(() -> new WebError(403, "Forbidden", "sign in to use the monitor"));
    }

    public String csrf() {
        return session().map(Sessions.Session::csrf).orElse("");
    }

    /** The person may do this; else a 403 page naming the roles that may. */
    public WebUser require(Permission p) {
        WebUser u = user();
        if (!u.may(p)) {
            throw WebError.forbidden("to " + p.description() + " you need the role " + p.rolesText() + "; " + u.name()
                    + " has " + u.rolesText());
        }
        return u;
    }

    /**
     * A form's CSRF token matches the session's; else 403. Every POST handler calls this first. A request
     * authenticated by a bearer token (never sent by a browser on its own) needs none.
     */
    public WebUser checkForm(String csrfToken) {
        WebUser u = user();
        if (session().isPresent() && !Sessions.sameToken(csrfToken, csrf())) {
            throw WebError.forbidden("the form's CSRF token is missing or does not match this session; reload the "
                    + "page and try again");
        }
        return u;
    }
}
