package io.darkroom.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.process.auth.UserRow;
import io.darkroom.process.auth.UserService;
import io.darkroom.process.service.ControlRefusedException;
import io.darkroom.recipe.Problem;
import io.darkroom.security.Permission;
import io.darkroom.security.Role;
import io.darkroom.security.http.Requires;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Built-in users, for admins: list, add, change roles, remove ({@code ./darkroom users ...}). */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class UserResource {
    private final UserService users;

    public UserResource(UserService users) {
        this.users = users;
    }

    public record UserView(String username, String name, List<String> roles, Instant createdAt) {
        static UserView of(UserRow u) {
            return new UserView(
                    u.username(),
                    u.displayName(),
                    u.roles().stream().map(Role::id).toList(),
                    u.createdAt());
        }
    }

    @GET
    @Requires(Permission.USER_MANAGE)
    public List<UserView> list() {
        return users.list().stream().map(UserView::of).toList();
    }

    /** {@code {"username", "password", "roles": ["artist"], "name"?}}: 201, 409 when taken, 422 when invalid. */
    @POST
    @Requires(value = Permission.USER_MANAGE, audit = "user.add")
    public Response add(String body) {
        JsonBody read = JsonBody.of(body, "username", "name", "password", "roles");
        if (read.refusal() != null) {
            return read.refusal();
        }
        JsonNode b = read.json();
        if (b == null || !b.isObject()) {
            return ErrorResponses.refused(new ControlRefusedException(
                    ControlRefusedException.Kind.INVALID,
                    "body must be {\"username\", \"password\", \"roles\": [...]}"));
        }
        List<String> roles = new ArrayList<>();
        b.path("roles").forEach(r -> roles.add(r.asText()));
        String username = b.path("username").asText(null);
        try {
            if (!users.add(
                    username, b.path("name").asText(null), b.path("password").asText(null), roles)) {
                return ErrorResponses.response(Problem.ALREADY_EXISTS, "user " + username + " already exists");
            }
        } catch (ControlRefusedException e) {
            return ErrorResponses.refused(e);
        }
        return Response.status(Response.Status.CREATED)
                .entity(users.find(username).map(UserView::of).orElseThrow())
                .build();
    }

    /** {@code {"roles": ["supervisor", ...]}}: the user with their new roles; 404 unknown, 409 the last admin. */
    @PUT
    @Path("/{username}/roles")
    @Requires(value = Permission.USER_MANAGE, audit = "user.roles")
    public Response setRoles(@PathParam("username") String username, String body) {
        JsonBody read = JsonBody.of(body, "roles");
        if (read.refusal() != null) {
            return read.refusal();
        }
        JsonNode b = read.json();
        if (b == null || !b.path("roles").isArray()) {
            return ErrorResponses.refused(new ControlRefusedException(
                    ControlRefusedException.Kind.INVALID, "body must be {\"roles\": [...]}"));
        }
        List<String> roles = new ArrayList<>();
        b.path("roles").forEach(r -> roles.add(r.asText()));
        try {
            return Response.ok(UserView.of(users.setRoles(username, roles))).build();
        } catch (ControlRefusedException e) {
            return ErrorResponses.refused(e);
        }
    }

    /** Removes a built-in user: 204; 404 unknown, 409 the last admin. */
    @DELETE
    @Path("/{username}")
    @Requires(value = Permission.USER_MANAGE, audit = "user.remove")
    public Response remove(@PathParam("username") String username) {
        try {
            users.remove(username);
            return Response.noContent().build();
        } catch (ControlRefusedException e) {
            return ErrorResponses.refused(e);
        }
    }
}
