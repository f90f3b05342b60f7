-- Evaluation runs (issue 12): one row per `loupe eval` run, per model version and data set.

CREATE TABLE "evaluations" (
    "id" UUID NOT NULL,
    "model_id" TEXT,
    "model_version" TEXT,
    "model_sha256" CHAR(64),
    "model_is_test_fixture" BOOLEAN NOT NULL DEFAULT false,
    "dataset_name" TEXT NOT NULL,
    "dataset_layout" TEXT NOT NULL,
    "dataset_fingerprint" CHAR(64) NOT NULL,
    "items" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "resamples" INTEGER NOT NULL,
    "metrics" JSONB NOT NULL,
    "plots" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "evaluations_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "evaluations_model_id_model_version_idx" ON "evaluations"("model_id", "model_version");
