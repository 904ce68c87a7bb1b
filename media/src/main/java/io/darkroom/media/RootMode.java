package io.darkroom.media;

import java.util.Locale;

/**
 * What jobs may do with a storage root ({@code darkroom.storage.modes.<root>}). A job reads sources and recipe files
 * from read-only and writable roots and writes its outputs into writable roots only; an internal root holds the
 * services' own folders (attempt files, the site key, models, watch ledgers) and is never named by a job.
 */
public enum RootMode {
    /** Camera originals and references: jobs read, never write (the default for a root without a mode). */
    READ_ONLY,
    /** Deliveries: jobs read and write. */
    WRITABLE,
    /** The services' own folders: no job names it as source, file reference or destination. */
    INTERNAL;

    /** The mode a root has when its configuration names none: {@code work} internal, {@code out} writable. */
    public static RootMode defaultFor(String root) {
        return switch (root) {
            case "work" -> INTERNAL;
            case "out" -> WRITABLE;
            default -> READ_ONLY;
        };
    }

    /** Parses {@code read-only}, {@code writable} or {@code internal} (any case, '_' or '-'). */
    public static RootMode parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (RootMode m : values()) {
            if (m.name().equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a root mode (read-only, writable, internal)");
    }

    /** The configuration spelling: {@code read-only}, {@code writable}, {@code internal}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
