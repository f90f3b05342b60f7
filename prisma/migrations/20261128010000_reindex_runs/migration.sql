-- Re-indexing after a detector change: one row per run, with progress.

CREATE TABLE "reindex_runs" (
    "id" UUID NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "model_id" TEXT,
    "model_version" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "requested_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "reindex_runs_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "reindex_runs_created_at_idx" ON "reindex_runs"("created_at");

ALTER TABLE "reindex_runs" ADD CONSTRAINT "reindex_runs_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
