-- Issue 13: what a job's Idempotency-Key stands for. The SHA-256 (hex) of the request as ingest accepted it, in
-- canonical form (JobSubmitted.requestSha256): a second submission under the same job id with another hash is a
-- different request under a reused key, kept out (the first stands) and recorded in audit_log. Null for jobs from
-- before it, and for submissions that carry none.
ALTER TABLE jobs ADD COLUMN request_sha256 text;
