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
            body = Refusals.forbidden("Your roles do not allow this.", null);
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
}
