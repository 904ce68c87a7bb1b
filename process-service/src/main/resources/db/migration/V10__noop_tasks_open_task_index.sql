-- Issue 15: no-op tasks (kind NOOP) measure the dispatch path (bench/dispatch). Only process-service's bench endpoint
-- plans them (POST /bench/noop-jobs, off unless darkroom.bench.noop-jobs), never a submission; a worker completes
-- one only where darkroom.worker.noop-tasks is on.
ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_kind_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_kind_check CHECK (kind IN ('VIDEO_SEGMENT', 'AUDIO', 'NOOP'));

-- Every promotion asks whether its clip has a task left that is not DONE: with this index that is one probe, not a
-- count over the clip's tasks (thousands for a long clip, or a bench job).
CREATE INDEX tasks_open_by_clip ON tasks (clip_id) WHERE state <> 'DONE';
