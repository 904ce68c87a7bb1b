package io.darkroom.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The four roles of a Darkroom site. Tokens carry them by {@link #id()} (lower case). */
public enum Role {
    /** Submits jobs, sees jobs, cancels/pauses/resumes/retries their own jobs. */
    ARTIST,
    /** All of artist's on every job; priority; approves or rejects AI previews. */
    SUPERVISOR,
    /** Workers (drain/undrain), pools, DLQ, priority, metrics; cannot approve. */
    OPS,
    /** Users and roles, model registry import/register; reads the audit trail. */
    ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code id} (case-insensitive), empty for anything else. */
    public static Optional<Role> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String s = id.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.name().equals(s)).findFirst();
    }

    @Override
    public String toString() {
        return id();
    }
}
