-- Per-clip outcomes (issue 3): a job whose clips partly failed ends PARTIAL.
-- state: ... as in V1, plus
--        PARTIAL    some clips DONE, some FAILED; reason "k of n clips failed: ..." (terminal)
ALTER TABLE jobs DROP CONSTRAINT jobs_state_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_state_check CHECK (state IN ('SUBMITTED', 'PLANNED', 'AWAITING_APPROVAL',
    'RUNNING', 'PAUSED', 'ASSEMBLING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'PARTIAL'));

-- The job's date, fixed when it was planned (JobSubmitted.jobDate, else submitted_at's UTC date): burn-in field
-- {date} of every task (RenderTask.jobDate) and output name field {date}. Null for jobs planned before V3
-- (submitted_at's UTC date is used then).
ALTER TABLE jobs ADD COLUMN job_date date;

-- Files made per job once its clips ended: a poster frame per DONE clip, a contact sheet, an Avid ALE.
-- kind: poster | contactSheet | ale. clip_id: the clip of a poster, null otherwise. path: absolute.
CREATE TABLE job_artifacts (
    id      bigserial PRIMARY KEY,
    job_id  uuid NOT NULL REFERENCES jobs (id),
    kind    text NOT NULL CHECK (kind IN ('poster', 'contactSheet', 'ale')),
    clip_id uuid REFERENCES clips (id),
    path    text NOT NULL,
    made_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_artifacts_job ON job_artifacts (job_id, id);
