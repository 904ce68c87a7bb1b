-- Pools a worker takes work from (heartbeat field "pools"): [{pool, slots, busy}], its own pool first. A worker of
-- pool gpu with darkroom.worker.also-pools=[cpu] lends its free slots to the cpu pool (see service/DESIGN.md).
-- Heartbeats of older workers (no "pools") are stored as [{pool: <its pool>, slots, busy}].
ALTER TABLE workers ADD COLUMN pools jsonb NOT NULL DEFAULT '[]';

-- The share-group delivery of the current attempt that last reported it started (TaskStarted.delivery). A lost
-- worker's record comes back with a higher delivery count; events of an older delivery of the same attempt then no
-- longer move the task (a late failure of the lost delivery does not retry what the new delivery is running).
ALTER TABLE tasks ADD COLUMN delivery int;
