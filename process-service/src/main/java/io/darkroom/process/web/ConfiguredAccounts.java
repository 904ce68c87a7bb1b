package io.darkroom.process.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Optional;

/** Sign-in accounts from {@code darkroom.web.accounts.<name>.{password,name,roles}}. */
@ApplicationScoped
public class ConfiguredAccounts implements WebAccounts {
    private final WebConfig config;

    public ConfiguredAccounts(WebConfig config) {
        this.config = config;
    }

    @Override
    public Optional<WebUser> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        WebConfig.Account a = config.accounts().get(username);
        String expected = a == null ? "\u0000no such account" : a.password();
        boolean ok = MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
        if (!ok || a == null) {
            return Optional.empty();
        }
        return Optional.of(new WebUser(username, a.name().orElse(username), "darkroom", new HashSet<>(a.roles().orElse(java.util.List.of()))));
    }
}
