package io.darkroom.process.web;

import java.util.Set;

/** What the monitor lets a person do, and the roles allowed to (the permission matrix of the README's "Roles"). */
public enum WebAction {
    /** See jobs, a job, its approval page. */
    JOB_READ("see jobs", "artist", "supervisor", "ops", "admin"),
    /** Cancel, pause, resume or retry a job one submitted oneself. */
    JOB_CONTROL_OWN("cancel, pause, resume or retry own jobs", "artist", "supervisor"),
    /** Cancel, pause, resume or retry anyone's job. */
    JOB_CONTROL_ANY("cancel, pause, resume or retry any job", "supervisor"),
    /** Change a job's priority. */
    JOB_PRIORITY("change a job's priority", "supervisor", "ops"),
    /** Approve or reject an AI preview. */
    JOB_APPROVE("approve or reject AI output", "supervisor"),
    /** See workers. */
    WORKER_READ("see workers", "supervisor", "ops", "admin"),
    /** Drain or undrain workers. */
    WORKER_CONTROL("drain or undrain workers", "ops"),
    /** Read the audit trail. */
    AUDIT_READ("read the audit trail", "supervisor", "admin");

    private final String description;
    private final Set<String> roles;

    WebAction(String description, String... roles) {
        this.description = description;
        this.roles = Set.of(roles);
    }

    public Set<String> roles() {
        return roles;
    }

    public String description() {
        return description;
    }

    /** "supervisor or ops": for a 403 page. */
    public String rolesText() {
        var sorted = roles.stream().sorted().toList();
        return sorted.size() == 1 ? sorted.get(0)
                : String.join(", ", sorted.subList(0, sorted.size() - 1)) + " or " + sorted.get(sorted.size() - 1);
    }
}
