package io.darkroom.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.process.auth.TokenService;
import io.darkroom.process.auth.UserRow;
import io.darkroom.process.auth.UserService;
import io.darkroom.recipe.Problem;
import io.darkroom.security.Identity;
import io.darkroom.security.Permission;
import io.darkroom.security.Role;
import io.darkroom.security.TokenSigner;
import io.darkroom.security.http.CurrentIdentity;
import io.darkroom.security.http.PublicEndpoint;
import io.darkroom.security.http.Requires;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Built-in users sign in here: {@code POST /auth/token {"username", "password"}} answers a signed, expiring bearer
 * token ({@code ./darkroom login}). {@code GET /auth/me}: who the caller's token says they are.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AuthResource {
    private static final Logger LOG = Logger.getLogger(AuthResource.class);

    private final UserService users;
    private final TokenService tokens;
    private final CurrentIdentity caller;

    public AuthResource(UserService users, TokenService tokens, CurrentIdentity caller) {
        this.users = users;
        this.tokens = tokens;
        this.caller = caller;
    }

    /** The answer to a sign-in. */
    public record TokenView(
            String token,
            String tokenType,
            Instant expiresAt,
            String subject,
            String name,
            String issuer,
            List<String> roles) {}

    /** The caller as the service sees them. */
    public record MeView(String subject, String name, String issuer, List<String> roles) {}

    @POST
    @Path("/token")
    @PublicEndpoint(audit = "login")
    public Response token(String body) {
        if (!tokens.enabled()) {
            return ErrorResponses.response(
                    Problem.NOT_ENABLED,
                    "Built-in users are off: this site signs in through its OpenID provider (no darkroom.security.private-key-file)");
        }
        JsonBody read = JsonBody.of(body, "username", "password");
        if (read.refusal() != null) {
            return read.refusal();
        }
        JsonNode b = read.json();
        String username = b == null ? null : b.path("username").asText(null);
        String password = b == null ? null : b.path("password").asText(null);
        if (username == null || password == null) {
            return ErrorResponses.response(
                    Problem.MISSING, "body must be {\"username\": \"...\", \"password\": \"...\"}");
        }
        UserRow user = users.authenticate(username, password).orElse(null);
        if (user == null) {
            LOG.infof("sign-in refused for user '%s'", username);
            return ErrorResponses.response(Problem.UNAUTHORIZED, "wrong user name or password");
        }
        TokenSigner.Issued t = tokens.issue(user);
        LOG.infof("user %s signed in (roles %s), token valid until %s", user.username(), user.roles(), t.expiresAt());
        return Response.ok(new TokenView(
                        t.token(),
                        "Bearer",
                        t.expiresAt(),
                        user.username(),
                        user.displayName(),
                        tokens.issuer(),
                        user.roles().stream().map(Role::id).toList()))
                .build();
    }

    @GET
    @Path("/me")
    @Requires(Permission.API_DOCS)
    public MeView me() {
        Identity id = caller.require();
        return new MeView(
                id.subject(),
                id.name(),
                id.issuer(),
                id.roles().stream().map(Role::id).toList());
    }
}
