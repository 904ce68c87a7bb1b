package io.darkroom.security;

import io.darkroom.contracts.Actor;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is acting: one model for both ways in (Darkroom's built-in users and an OIDC provider).
 *
 * @param subject stable id at the issuer
 * @param name    display name
 * @param issuer  {@code darkroom} or the OIDC issuer URL
 * @param roles   the Darkroom roles the token grants (names that are no role are ignored)
 */
public record Identity(String subject, String name, String issuer, Set<Role> roles) {

    public Identity {
        Actor check = new Actor(subject, name, issuer);
        name = check.name();
        roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    /** From role names as a token carries them; unknown names are dropped. */
    public static Identity of(String subject, String name, String issuer, Iterable<String> roleNames) {
        Set<Role> rs = EnumSet.noneOf(Role.class);
        for (String r : roleNames) {
            Role.parse(r).ifPresent(rs::add);
        }
        return new Identity(subject, name, issuer, rs);
    }

    public boolean may(Permission p) {
        return roles.stream().anyMatch(p.roles()::contains);
    }

    public boolean has(Role r) {
        return roles.contains(r);
    }

    /** The identity as data names it (jobs, approvals, manifests, audit rows). */
    public Actor actor() {
        return new Actor(subject, name, issuer);
    }

    /** "artist, supervisor" (or "none"). */
    public String rolesText() {
        return roles.isEmpty() ? "none" : roles.stream().map(Role::id).collect(Collectors.joining(", "));
    }
}
