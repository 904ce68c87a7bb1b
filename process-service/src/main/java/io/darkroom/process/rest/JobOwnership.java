package io.darkroom.process.rest;

import io.darkroom.contracts.Actor;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.service.ControlRefusedException;
import io.darkroom.process.service.ControlRefusedException.Kind;
import io.darkroom.security.Identity;
import io.darkroom.security.Permission;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * "Own jobs only": a caller with {@link Permission#JOB_CONTROL_OWN} but not {@link Permission#JOB_CONTROL_ANY} (an
 * artist) may cancel, pause, resume or retry only a job they submitted themselves (same subject, same issuer).
 */
@ApplicationScoped
public class JobOwnership {
    private final Database db;
    private final JobRepository jobs;

    public JobOwnership(Database db, JobRepository jobs) {
        this.db = db;
        this.jobs = jobs;
    }

    /** Throws FORBIDDEN (403) when {@code who} may not {@code action} the job; unknown jobs pass (the action's 404). */
    public void check(UUID jobId, Identity who, String action) {
        if (who.may(Permission.JOB_CONTROL_ANY)) {
            return;
        }
        boolean exists = db.read(c -> jobs.find(c, jobId)).isPresent();
        if (!exists) {
            return;
        }
        Optional<Actor> submitter = db.read(c -> jobs.submitter(c, jobId));
        if (submitter.isPresent() && submitter.get().sameAs(who.actor())) {
            return;
        }
        throw new ControlRefusedException(
                Kind.FORBIDDEN,
                who.name() + " may " + action + " only their own jobs; job "
                        + jobId + " was submitted by "
                        + submitter.map(Actor::name).orElse("someone else")
                        + " (to " + action + " any job you need the role " + Permission.JOB_CONTROL_ANY.rolesText()
                        + ")");
    }
}
