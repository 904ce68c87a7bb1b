-- Provenance manifests (<output>.provenance.json) are listed with the job's artifacts.
ALTER TABLE job_artifacts DROP CONSTRAINT IF EXISTS job_artifacts_kind_check;
ALTER TABLE job_artifacts ADD CONSTRAINT job_artifacts_kind_check
    CHECK (kind IN ('poster', 'contactSheet', 'ale', 'provenance'));
