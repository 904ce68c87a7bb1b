-- The approval gate of AI recipes (recipe approval: required): one row per gated job. The preview images and the
-- evaluation numbers are written by process-service while the job is AWAITING_APPROVAL; a person's decision
-- (approve with model or lanczos, or reject) is kept here and in the job history.
CREATE TABLE job_approvals (
    job_id      uuid        PRIMARY KEY REFERENCES jobs (id),
    status      text        NOT NULL CHECK (status IN ('RENDERING_PREVIEW', 'READY', 'APPROVED', 'REJECTED', 'FAILED')),
    model       text        NOT NULL,
    scale       int         NOT NULL,
    previews    jsonb       NOT NULL DEFAULT '[]',
    evaluation  jsonb       NOT NULL DEFAULT '[]',
    method      text        CHECK (method IN ('model', 'lanczos')),
    decided_by  text,
    note        text,
    decided_at  timestamptz,
    error       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE job_artifacts DROP CONSTRAINT IF EXISTS job_artifacts_kind_check;
ALTER TABLE job_artifacts ADD CONSTRAINT job_artifacts_kind_check
    CHECK (kind IN ('poster', 'contactSheet', 'ale', 'provenance', 'preview'));
