package io.darkroom.process.web;

import io.darkroom.contracts.Actor;
import io.darkroom.security.Identity;
import io.darkroom.security.Permission;

/**
 * The person looking at the monitor: Darkroom's {@link Identity} (issue 10) as the pages show it. Signed in through
 * the form (built-in users, session cookie) or carrying a bearer token of the site or its OpenID provider.
 */
@io.quarkus.qute.TemplateData
public record WebUser(Identity identity) {

    public String subject() {
        return identity.subject();
    }

    public String name() {
        return identity.name();
    }

    public String rolesText() {
        return identity.rolesText();
    }

    public boolean hasAnyRole() {
        return !identity.roles().isEmpty();
    }

    public boolean may(Permission p) {
        return identity.may(p);
    }

    public Actor actor() {
        return identity.actor();
    }
}
