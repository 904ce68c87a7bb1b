package io.darkroom.process.web;

import java.util.Optional;

/** Checks a user name and password typed into the sign-in form. */
public interface WebAccounts {
    /** The person, or empty for an unknown name or a wrong password. */
    Optional<WebUser> authenticate(String username, String password);
}
