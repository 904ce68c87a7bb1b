package io.darkroom.contracts;

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

    public Actor {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("actor subject is required");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("actor issuer is required");
        }
        if (name == null || name.isBlank()) {
            name = subject;
        }
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
