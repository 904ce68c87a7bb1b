package io.darkroom.process.auth;

import io.darkroom.security.Role;
import java.time.Instant;
import java.util.List;

/** A built-in user (table users); the password hash never leaves {@link UserRepository}. */
public record UserRow(String username, String displayName, List<Role> roles, Instant createdAt) {}
