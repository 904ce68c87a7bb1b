-- Darkroom job catalog. process-service is its only writer. Every state value is documented in the
-- CHECK constraint's comment and in the domain enums (JobState in contracts, ClipState, TaskState, WorkerStatus).

-- Jobs: one submission (a batch of sources and one recipe).
-- state: SUBMITTED  stored, not yet planned
--        PLANNED    tasks exist, none dispatched yet
--        AWAITING_APPROVAL reserved for approval-gated recipes
--        RUNNING    at least one task was published to a pool topic
--        PAUSED     held by a person; nothing new is dispatched (reserved)
--        ASSEMBLING every clip's render tasks are done; segments are being joined and checked
--        SUCCEEDED  every output of every clip exists and passed QC (terminal)
--        FAILED     a task failed permanently, retries ran out, or an output failed QC; reason says which (terminal)
--        CANCELLED  stopped by a person (terminal)
CREATE TABLE jobs (
    id            uuid PRIMARY KEY,
    name          text        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('SUBMITTED', 'PLANNED', 'AWAITING_APPROVAL', 'RUNNING', 'PAUSED',
                                                        'ASSEMBLING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    priority      int         NOT NULL DEFAULT 0,
    pool          text        NOT NULL,
    recipe        jsonb       NOT NULL,
    destination   jsonb       NOT NULL,           -- SourceRef {root, path}: folder the outputs go to
    submitted_by  text,
    submitted_at  timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    promotions    int         NOT NULL DEFAULT 0, -- task results promoted (exactly one per task when all is well)
    reason        text
);
CREATE INDEX jobs_submitted_at ON jobs (submitted_at DESC);
CREATE INDEX jobs_state ON jobs (state);

-- Clips: one source of a job.
-- state: PLANNED    tasks exist, none finished yet or some still rendering
--        ASSEMBLING every task is DONE; outputs are being joined and verified
--        DONE       every output exists and passed QC (terminal)
--        FAILED     a task failed for good or an output failed QC; reason says which (terminal)
--        CANCELLED  the job failed or was cancelled before this clip finished (terminal)
CREATE TABLE clips (
    id             uuid PRIMARY KEY,
    job_id         uuid  NOT NULL REFERENCES jobs (id),
    idx            int   NOT NULL,
    clip_name      text  NOT NULL,
    source_root    text  NOT NULL,
    source_path    text  NOT NULL,
    media          jsonb NOT NULL,                -- MediaInfo from ingest's probe
    render_outputs jsonb NOT NULL,                -- [RenderOutput {name, preset, width, height, crf}] (geometry from Fit)
    outputs        jsonb NOT NULL DEFAULT '{}',   -- {outputName: {path (absolute), qc (QcReport) | null}}
    state          text  NOT NULL CHECK (state IN ('PLANNED', 'ASSEMBLING', 'DONE', 'FAILED', 'CANCELLED')),
    reason         text,
    UNIQUE (job_id, idx)
);

-- Tasks: one segment of one clip, or the clip's audio.
-- state: PENDING    waiting in the backlog (not_before says from when: retry back-off)
--        PUBLISHED  a RenderTask of the current attempt was acknowledged by the broker; no worker reported yet
--        RUNNING    a worker reported TaskStarted for the current attempt
--        DONE       a result was promoted (promoted holds its files); never overwritten (terminal)
--        FAILED     failed permanently, or retries ran out (terminal)
--        CANCELLED  the job failed or was cancelled first (terminal)
CREATE TABLE tasks (
    id              uuid PRIMARY KEY,
    job_id          uuid        NOT NULL REFERENCES jobs (id),
    clip_id         uuid        NOT NULL REFERENCES clips (id),
    kind            text        NOT NULL CHECK (kind IN ('VIDEO_SEGMENT', 'AUDIO')),
    seg_index       int         NOT NULL,        -- segment number; 0 for AUDIO
    start_us        bigint      NOT NULL,
    end_us          bigint      NOT NULL,
    expected_frames bigint      NOT NULL,        -- 0 for AUDIO
    state           text        NOT NULL CHECK (state IN ('PENDING', 'PUBLISHED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED')),
    attempt         int         NOT NULL DEFAULT 1,
    not_before      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz,
    started_at      timestamptz,
    finished_at     timestamptz,
    last_event_at   timestamptz,                 -- last started/progress event of the current attempt (stall detection)
    worker_id       text,
    progress_frames bigint      NOT NULL DEFAULT 0,
    promoted        jsonb,                       -- [SegmentFile] of the accepted attempt
    reason          text,
    UNIQUE (clip_id, kind, seg_index)
);
CREATE INDEX tasks_job ON tasks (job_id);
CREATE INDEX tasks_pending ON tasks (state, not_before) WHERE state = 'PENDING';
CREATE INDEX tasks_inflight ON tasks (state) WHERE state IN ('PUBLISHED', 'RUNNING');

-- Job history and outbox of JobEvents: one row per job state change; published_at is set once the
-- JobEvent was acknowledged by the broker (a relay re-sends rows left unpublished, consumers dedup by event_id).
CREATE TABLE job_history (
    id           bigserial PRIMARY KEY,
    job_id       uuid        NOT NULL REFERENCES jobs (id),
    event_id     uuid        NOT NULL UNIQUE,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    from_state   text,
    to_state     text        NOT NULL,
    reason       text,
    published_at timestamptz
);
CREATE INDEX job_history_job ON job_history (job_id, id);
CREATE INDEX job_history_unpublished ON job_history (id) WHERE published_at IS NULL;

-- Workers, from heartbeats. state is what the worker reports: UP (taking work), DRAINING (finishing, taking
-- nothing new), STOPPING (shutting down), GONE (it sent a tombstone). LOST is derived when read: no heartbeat
-- for darkroom.dispatch.heartbeat-timeout.
CREATE TABLE workers (
    id             text PRIMARY KEY,
    host           text,
    pool           text        NOT NULL,
    slots          int         NOT NULL,
    busy           int         NOT NULL,
    state          text        NOT NULL CHECK (state IN ('UP', 'DRAINING', 'STOPPING', 'GONE')),
    capabilities   jsonb,
    current_tasks  jsonb       NOT NULL DEFAULT '[]',
    last_heartbeat timestamptz NOT NULL
);
CREATE INDEX workers_pool ON workers (pool);
