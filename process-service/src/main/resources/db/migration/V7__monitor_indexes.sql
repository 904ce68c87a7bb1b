-- Issue 11: the web monitor's job list stays fast at 10,000+ jobs.

-- The text filter (name ILIKE '%text%') through a trigram index. pg_trgm ships with PostgreSQL (contrib) and is a
-- trusted extension since PostgreSQL 13 (a database owner may create it). Where it cannot be created the list still
-- works, by a scan, and a notice says why.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm not available (%): the job list''s text filter scans the jobs table', SQLERRM;
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX IF NOT EXISTS jobs_name_trgm ON jobs USING gin (name gin_trgm_ops);
    END IF;
END
$$;

-- The live-update mark reads max(updated_at) of jobs on every tick while a page listens.
CREATE INDEX IF NOT EXISTS jobs_updated_at ON jobs (updated_at);
