-- What each worker loaded at start-up (issue 10, administration): detectors and the face models,
-- with the model file's SHA-256, the manifest, the fixture flag and the execution providers asked
-- for and actually used. The API runs in another container and cannot read the models folder.
CREATE TYPE "InstalledModelKind" AS ENUM ('DETECTOR', 'FACE');

CREATE TABLE "installed_models" (
    "id" UUID NOT NULL,
    "worker_id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "kind" "InstalledModelKind" NOT NULL,
    "model_id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "sha256" CHAR(64),
    "manifest" JSONB NOT NULL,
    "fixture" BOOLEAN NOT NULL DEFAULT false,
    "in_use" BOOLEAN NOT NULL DEFAULT false,
    "providers_requested" TEXT[],
    "providers_used" TEXT[],
    "loaded_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "installed_models_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "installed_models_worker_id_kind_model_id_key" ON "installed_models"("worker_id", "kind", "model_id");
CREATE INDEX "installed_models_loaded_at_idx" ON "installed_models"("loaded_at");
