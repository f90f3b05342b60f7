-- Loupe: initial schema. Hand-written in Prisma's layout; applied by packages/db's migrator.

CREATE EXTENSION IF NOT EXISTS "vector";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'INVESTIGATOR', 'REVIEWER');
CREATE TYPE "CaseRole" AS ENUM ('LEAD', 'INVESTIGATOR', 'REVIEWER');
CREATE TYPE "CaseStatus" AS ENUM ('OPEN', 'IN_REVIEW', 'CLOSED');
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');
CREATE TYPE "HeatmapKind" AS ENUM ('DETECTOR', 'ELA', 'NOISE');
CREATE TYPE "ManipulationFamily" AS ENUM ('FACE_SWAP', 'REENACTMENT', 'ATTRIBUTE_EDIT', 'FULL_SYNTHESIS_GAN', 'FULL_SYNTHESIS_DIFFUSION', 'SPLICE', 'OTHER');
CREATE TYPE "VerdictValue" AS ENUM ('AUTHENTIC', 'MANIPULATED', 'INCONCLUSIVE');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'INVESTIGATOR',
    "disabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email"))
);
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "client_address" TEXT,
    "user_agent" TEXT,
    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

CREATE TABLE "cases" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "CaseStatus" NOT NULL DEFAULT 'OPEN',
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "cases_created_at_id_idx" ON "cases"("created_at", "id");

CREATE TABLE "case_members" (
    "case_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "CaseRole" NOT NULL,
    "added_by_id" UUID,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "case_members_pkey" PRIMARY KEY ("case_id", "user_id")
);
CREATE INDEX "case_members_user_id_idx" ON "case_members"("user_id");

CREATE TABLE "media" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "original_name" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "storage_key" TEXT NOT NULL,
    "uploaded_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "media_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "media_case_id_sha256_key" ON "media"("case_id", "sha256");
CREATE INDEX "media_sha256_idx" ON "media"("sha256");
CREATE INDEX "media_case_id_created_at_id_idx" ON "media"("case_id", "created_at", "id");

CREATE TABLE "analyses" (
    "id" UUID NOT NULL,
    "media_id" UUID,
    "known_fake_id" UUID,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "model_id" TEXT,
    "model_version" TEXT,
    "model_sha256" CHAR(64),
    "model_is_test_fixture" BOOLEAN,
    "preprocessing" JSONB,
    "code_version" TEXT NOT NULL,
    "p_fake" DOUBLE PRECISION,
    "label" TEXT,
    "faces" JSONB,
    "signals" JSONB,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "analyses_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "analyses_subject_check" CHECK (num_nonnulls("media_id", "known_fake_id") = 1),
    CONSTRAINT "analyses_progress_check" CHECK ("progress" >= 0 AND "progress" <= 1)
);
CREATE INDEX "analyses_media_id_idx" ON "analyses"("media_id");
CREATE INDEX "analyses_known_fake_id_idx" ON "analyses"("known_fake_id");

CREATE TABLE "heatmaps" (
    "id" UUID NOT NULL,
    "analysis_id" UUID NOT NULL,
    "kind" "HeatmapKind" NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "storage_key" TEXT NOT NULL,
    "overlay_storage_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "heatmaps_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "heatmaps_analysis_id_kind_key" ON "heatmaps"("analysis_id", "kind");

CREATE TABLE "detector_embeddings" (
    "id" UUID NOT NULL,
    "analysis_id" UUID NOT NULL,
    "media_id" UUID,
    "known_fake_id" UUID,
    "case_id" UUID,
    "model_id" TEXT NOT NULL,
    "model_version" TEXT NOT NULL,
    "face_index" INTEGER,
    "embedding" vector(1024) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "detector_embeddings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "detector_embeddings_subject_check" CHECK (num_nonnulls("media_id", "known_fake_id") = 1)
);
CREATE INDEX "detector_embeddings_model_id_model_version_idx" ON "detector_embeddings"("model_id", "model_version");
CREATE INDEX "detector_embeddings_case_id_idx" ON "detector_embeddings"("case_id");
-- Cosine distance on L2-normalised CLIP features.
CREATE INDEX "detector_embeddings_embedding_hnsw_idx" ON "detector_embeddings" USING hnsw ("embedding" vector_cosine_ops);

CREATE TABLE "face_embeddings" (
    "id" UUID NOT NULL,
    "analysis_id" UUID NOT NULL,
    "media_id" UUID,
    "known_fake_id" UUID,
    "case_id" UUID,
    "model_id" TEXT NOT NULL,
    "face_index" INTEGER NOT NULL,
    "box" JSONB NOT NULL,
    "embedding" vector(128) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "face_embeddings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "face_embeddings_subject_check" CHECK (num_nonnulls("media_id", "known_fake_id") = 1)
);
CREATE INDEX "face_embeddings_model_id_idx" ON "face_embeddings"("model_id");
CREATE INDEX "face_embeddings_case_id_idx" ON "face_embeddings"("case_id");
-- face-api descriptors are compared by Euclidean distance.
CREATE INDEX "face_embeddings_embedding_hnsw_idx" ON "face_embeddings" USING hnsw ("embedding" vector_l2_ops);

CREATE TABLE "perceptual_hashes" (
    "id" UUID NOT NULL,
    "analysis_id" UUID NOT NULL,
    "media_id" UUID,
    "known_fake_id" UUID,
    "case_id" UUID,
    "phash" BIT(64) NOT NULL,
    "dhash" BIT(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "perceptual_hashes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "perceptual_hashes_subject_check" CHECK (num_nonnulls("media_id", "known_fake_id") = 1)
);
CREATE UNIQUE INDEX "perceptual_hashes_analysis_id_key" ON "perceptual_hashes"("analysis_id");
CREATE INDEX "perceptual_hashes_case_id_idx" ON "perceptual_hashes"("case_id");
-- Hamming distance (<~>) on 64-bit hashes.
CREATE INDEX "perceptual_hashes_phash_hnsw_idx" ON "perceptual_hashes" USING hnsw ("phash" bit_hamming_ops);

CREATE TABLE "known_fakes" (
    "id" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "original_name" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "storage_key" TEXT NOT NULL,
    "family" "ManipulationFamily" NOT NULL,
    "generator" TEXT,
    "source" TEXT,
    "dataset" TEXT,
    "notes" TEXT,
    "promoted_from_media_id" UUID,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "known_fakes_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "known_fakes_sha256_key" ON "known_fakes"("sha256");
CREATE INDEX "known_fakes_family_idx" ON "known_fakes"("family");

CREATE TABLE "verdicts" (
    "id" UUID NOT NULL,
    "media_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "value" "VerdictValue" NOT NULL,
    "rationale" TEXT NOT NULL,
    "analysis_ids" UUID[],
    "given_by_id" UUID NOT NULL,
    "supersedes_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "verdicts_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "verdicts_supersedes_id_key" ON "verdicts"("supersedes_id");
CREATE INDEX "verdicts_media_id_created_at_idx" ON "verdicts"("media_id", "created_at");

CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "case_id" UUID,
    "request_id" TEXT,
    "client_address" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "audit_events_hash_key" ON "audit_events"("hash");
CREATE INDEX "audit_events_case_id_id_idx" ON "audit_events"("case_id", "id");
CREATE INDEX "audit_events_actor_id_id_idx" ON "audit_events"("actor_id", "id");

-- The audit trail is append-only: refuse UPDATE, DELETE and TRUNCATE for every role that owns no
-- superuser escape hatch. Verification (hash chain) catches what is done behind this trigger's back.
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_events_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();

CREATE TABLE "reports" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "error" TEXT,
    "options" JSONB NOT NULL DEFAULT '{}',
    "requested_by_id" UUID NOT NULL,
    "pdf_storage_key" TEXT,
    "pdf_sha256" CHAR(64),
    "json_storage_key" TEXT,
    "json_sha256" CHAR(64),
    "generator_version" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "reports_case_id_created_at_idx" ON "reports"("case_id", "created_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cases" ADD CONSTRAINT "cases_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "case_members" ADD CONSTRAINT "case_members_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "case_members" ADD CONSTRAINT "case_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "case_members" ADD CONSTRAINT "case_members_added_by_id_fkey" FOREIGN KEY ("added_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "media" ADD CONSTRAINT "media_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "media" ADD CONSTRAINT "media_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_media_id_fkey" FOREIGN KEY ("media_id") REFERENCES "media"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_known_fake_id_fkey" FOREIGN KEY ("known_fake_id") REFERENCES "known_fakes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "heatmaps" ADD CONSTRAINT "heatmaps_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "analyses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "detector_embeddings" ADD CONSTRAINT "detector_embeddings_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "analyses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "face_embeddings" ADD CONSTRAINT "face_embeddings_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "analyses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "perceptual_hashes" ADD CONSTRAINT "perceptual_hashes_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "analyses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "known_fakes" ADD CONSTRAINT "known_fakes_promoted_from_media_id_fkey" FOREIGN KEY ("promoted_from_media_id") REFERENCES "media"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "known_fakes" ADD CONSTRAINT "known_fakes_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "verdicts" ADD CONSTRAINT "verdicts_media_id_fkey" FOREIGN KEY ("media_id") REFERENCES "media"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "verdicts" ADD CONSTRAINT "verdicts_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "verdicts" ADD CONSTRAINT "verdicts_given_by_id_fkey" FOREIGN KEY ("given_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "verdicts" ADD CONSTRAINT "verdicts_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "verdicts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "reports" ADD CONSTRAINT "reports_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "reports" ADD CONSTRAINT "reports_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
