package io.darkroom.security.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.darkroom.contracts.Json;
import io.darkroom.recipe.ApiError;
import io.darkroom.recipe.Problem;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Security refusals that happen before REST (a token that does not verify: forged, expired, foreign issuer; the
 * HTTP permissions of /q/metrics and /q/openapi) answer JSON like every other Darkroom error, never a 500 and never
 * an empty body.
 */
@ApplicationScoped
public class AuthFailureHandler {
    private static final Logger LOG = Logger.getLogger(AuthFailureHandler.class);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        Throwable f = ctx.failure();
        ApiError body;
        int status;
        if (f instanceof AuthenticationFailedException
                || f instanceof AuthenticationCompletionException
                || f instanceof UnauthorizedException) {
            LOG.debugf(
                    "%s %s: authentication failed (%s)",
                    ctx.request().method(), ctx.request().path(), f.getMessage());
            status = Problem.UNAUTHORIZED.status();
            body = Refusals.unauthorized("The request carries no valid token (missing, expired, not signed by a"
                    + " trusted key, or from an unknown issuer): sign in again");
        } else if (f instanceof ForbiddenException) {
            status = Problem.FORBIDDEN.status();
            List<String> needed = rolesFor(ctx.request().path(), ConfigProvider.getConfig());
            body = Refusals.forbidden(
                    needed.isEmpty()
                            ? "Your roles do not allow this."
                            : "This needs the role " + String.join(" or ", needed) + "; your roles do not include it.",
                    needed);
        } else {
            ctx.next();
            return;
        }
        if (ctx.response().ended()) {
            return;
        }
        String json;
        try {
            json = Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            json = "{\"problem\":\"" + body.problem() + "\"}";
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        ctx.response().end(json);
    }

    /**
     * The roles the site's HTTP permissions ask of a path: the {@code quarkus.http.auth.permission.<name>} whose
     * {@code paths} match it most specifically (an exact path before the longest {@code /prefix/*}), through its
     * policy's {@code quarkus.http.auth.policy.<policy>.roles-allowed}; empty when none names roles.
     */
    static List<String> rolesFor(String path, Config config) {
        String bestPolicy = null;
        int bestScore = -1;
        for (String key : config.getPropertyNames()) {
            if (!key.startsWith(PERMISSION) || !key.endsWith(".paths")) {
                continue;
            }
            String name = key.substring(PERMISSION.length(), key.length() - ".paths".length());
            Optional<String> policy = config.getOptionalValue(PERMISSION + name + ".policy", String.class);
            if (policy.isEmpty()) {
                continue;
            }
            for (String pattern : config.getValue(key, String.class).split(",")) {
                int score = match(pattern.trim(), path);
                if (score > bestScore) {
                    bestScore = score;
                    bestPolicy = policy.get();
                }
            }
        }
        if (bestPolicy == null) {
            return List.of();
        }
        return config.getOptionalValue("quarkus.http.auth.policy." + bestPolicy + ".roles-allowed", String.class)
                .map(r -> Arrays.stream(r.split(","))
                        .map(String::trim)
                        .filter(x -> !x.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    /** How specifically a permission path pattern matches: -1 not at all, else longer is more specific. */
    static int match(String pattern, String path) {
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/") ? prefix.length() * 2 : -1;
        }
        return pattern.equals(path) ? pattern.length() * 2 + 1 : -1;
    }

    private static final String PERMISSION = "quarkus.http.auth.permission.";
}
