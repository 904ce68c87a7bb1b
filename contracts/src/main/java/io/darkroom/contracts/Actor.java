package io.darkroom.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A person or service as the data names them: who submitted a job, who approved it. Carried in
 * {@link JobSubmitted}, stored with jobs and approvals, signed into manifests.
 *
 * @param subject the identity provider's stable id (built-in users: the user name; OIDC: the {@code sub} claim)
 * @param name    a name for people (display name or user name)
 * @param issuer  who vouches for the subject: {@code darkroom} for built-in users and service identities, else the
 *                OIDC issuer URL
 */
public record Actor(String subject, String name, String issuer) {

    /** The issuer of Darkroom's own identities (built-in users, watch-folder service identities). */
    public static final String DARKROOM_ISSUER = "darkroom";
    /** The issuer of a name read from data written before identities existed (a bare string). */
    public static final String UNRECORDED = "unrecorded";

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public Actor(
            @JsonProperty("subject") String subject,
            @JsonProperty("name") String name,
            @JsonProperty("issuer") String issuer) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("actor subject is required");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("actor issuer is required");
        }
        this.subject = subject;
        this.name = name == null || name.isBlank() ? subject : name;
        this.issuer = issuer;
    }

    /** A bare name from data written before identities existed: subject = name, issuer {@value #UNRECORDED}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Actor legacy(String name) {
        return new Actor(name, name, UNRECORDED);
    }

    /** A service identity of this site (watch folders): issuer {@value #DARKROOM_ISSUER}, subject {@code service:<name>}. */
    public static Actor service(String name) {
        return new Actor("service:" + name, name, DARKROOM_ISSUER);
    }

    /** Same subject at the same issuer (names may differ). */
    public boolean sameAs(Actor other) {
        return other != null && subject.equals(other.subject) && issuer.equals(other.issuer);
    }

    @Override
    public String toString() {
        return name + " (" + subject + "@" + issuer + ")";
    }
}
