package io.darkroom.process.web;

import java.util.Set;

/**
 * The person signed in to the web monitor.
 *
 * @param subject stable id at the issuer (built-in users: the user name)
 * @param name    display name (what approvals and control requests are recorded under)
 * @param issuer  who vouches for the subject ({@code darkroom} for built-in users)
 * @param roles   Darkroom role ids (artist, supervisor, ops, admin); other names are ignored
 */
public record WebUser(String subject, String name, String issuer, Set<String> roles) {
    public static final Set<String> DARKROOM_ROLES = Set.of("artist", "supervisor", "ops", "admin");

    public WebUser {
        roles = roles == null ? Set.of() : Set.copyOf(roles.stream().filter(DARKROOM_ROLES::contains).toList());
        name = name == null || name.isBlank() ? subject : name;
    }

    /** Holds at least one Darkroom role (a signed-in person without one sees a 403 page). */
    public boolean hasAnyRole() {
        return !roles.isEmpty();
    }

    public boolean may(WebAction action) {
        return action.roles().stream().anyMatch(roles::contains);
    }

    /** Whether this person submitted a job stored with {@code submittedBy} (their subject or their name). */
    public boolean submitted(String submittedBy) {
        return submittedBy != null && (submittedBy.equals(subject) || submittedBy.equals(name));
    }

    public String rolesText() {
        return roles.isEmpty() ? "none" : String.join(", ", roles.stream().sorted().toList());
    }
}
