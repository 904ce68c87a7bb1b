package io.darkroom.process.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/** The person looking at a monitor page (from the session cookie), and the checks every page and form makes. */
@RequestScoped
public class Viewer {
    private final HttpHeaders headers;
    private final Sessions sessions;
    private Optional<Sessions.Session> session;

    public Viewer(HttpHeaders headers, Sessions sessions) {
        this.headers = headers;
        this.sessions = sessions;
    }

    public Optional<Sessions.Session> session() {
        if (session == null) {
            Cookie c = headers.getCookies().get(Sessions.COOKIE);
            session = sessions.decode(c == null ? null : c.getValue());
        }
        return session;
    }

    /** The signed-in person (the request filter already sent everyone else away). */
    public WebUser user() {
        return session().map(Sessions.Session::user)
                .orElseThrow(() -> new WebError(401, "Sign in", "sign in to use the monitor"));
    }

    public String csrf() {
        return session().map(Sessions.Session::csrf).orElse("");
    }

    /** The person may do this; else a 403 page naming the roles that may. */
    public WebUser require(WebAction action) {
        WebUser u = user();
        if (!u.may(action)) {
            throw WebError.forbidden(u.name() + " (roles: " + u.rolesText() + ") may not " + action.description()
                    + "; that needs the role " + action.rolesText());
        }
        return u;
    }

    /** A form's CSRF token matches the session's; else 403. Every POST handler calls this first. */
    public WebUser checkForm(String csrfToken) {
        WebUser u = user();
        if (!Sessions.sameToken(csrfToken, csrf())) {
            throw WebError.forbidden("the form's CSRF token is missing or does not match this session; reload the "
                    + "page and try again");
        }
        return u;
    }
}
