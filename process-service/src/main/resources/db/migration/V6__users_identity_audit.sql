-- Issue 10: who is acting.

-- Built-in users (the single-machine default; an OpenID provider's users are not stored here). password_hash is a
-- bcrypt modular-crypt string ($2a$...), never the password. roles: artist, supervisor, ops, admin.
CREATE TABLE users (
    username      text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    display_name  text NOT NULL,
    password_hash text NOT NULL,
    roles         text[] NOT NULL CHECK (roles <@ ARRAY['artist', 'supervisor', 'ops', 'admin']::text[]),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The submitter and the approver as identities: submitted_by / decided_by keep the name, these the subject and the
-- issuer (null for rows written before issue 10).
ALTER TABLE jobs ADD COLUMN submitted_by_subject text, ADD COLUMN submitted_by_issuer text;
ALTER TABLE job_approvals ADD COLUMN decided_by_subject text, ADD COLUMN decided_by_issuer text;

-- The audit trail: one row per state-changing request, refusals included. Append-only: the trigger below refuses
-- UPDATE, DELETE and TRUNCATE for every role, the application's included.
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    request_id     text NOT NULL,
    service        text NOT NULL,
    actor_subject  text,
    actor_name     text,
    actor_issuer   text,
    actor_roles    text,
    action         text NOT NULL,
    target         text,
    job_id         uuid,
    method         text,
    path           text,
    status         int NOT NULL,
    outcome        text NOT NULL,
    detail         text
);
-- one row per request: a row that arrives twice (the audit topic is at-least-once) is stored once
CREATE UNIQUE INDEX audit_log_request ON audit_log (service, request_id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_job ON audit_log (job_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_subject, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
