package io.darkroom.process.web;

import io.darkroom.contracts.Actor;
import io.darkroom.process.auth.UserService;
import io.darkroom.security.Identity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Checks the sign-in form against the built-in users (issue 10: bcrypt hashes in the catalog). */
@ApplicationScoped
public class WebAccounts {
    private final UserService users;

    public WebAccounts(UserService users) {
        this.users = users;
    }

    /** The person, or empty for an unknown name or a wrong password (same time either way). */
    public Optional<Identity> authenticate(String username, String password) {
        return users.authenticate(username, password)
                .map(u -> new Identity(
                        u.username(),
                        u.displayName(),
                        Actor.DARKROOM_ISSUER,
                        u.roles().isEmpty() ? java.util.Set.of() : java.util.EnumSet.copyOf(u.roles())));
    }
}
