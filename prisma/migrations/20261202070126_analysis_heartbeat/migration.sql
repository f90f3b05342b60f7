-- Dead-worker recovery (issue 13): the worker running an analysis refreshes heartbeat_at; a sweep
-- re-queues RUNNING analyses whose heartbeat is stale, failing their pg-boss job (job_id).

ALTER TABLE "analyses" ADD COLUMN "heartbeat_at" TIMESTAMPTZ(3),
ADD COLUMN "worker_id" TEXT,
ADD COLUMN "job_id" TEXT;

CREATE INDEX "analyses_status_heartbeat_at_idx" ON "analyses"("status", "heartbeat_at");
