-- Video evidence (issue 9): media kind and probe facts, per-frame results, face tracks,
-- suspicious segments, frame perceptual hashes; heatmaps carry the frame they belong to.

CREATE TYPE "MediaKind" AS ENUM ('IMAGE', 'VIDEO');

ALTER TABLE "media" ADD COLUMN "kind" "MediaKind" NOT NULL DEFAULT 'IMAGE',
    ADD COLUMN "duration_sec" DOUBLE PRECISION,
    ADD COLUMN "frame_rate" DOUBLE PRECISION,
    ADD COLUMN "video_codec" TEXT,
    ADD COLUMN "video_facts" JSONB;

ALTER TABLE "heatmaps" ADD COLUMN "frame_index" INTEGER;
DROP INDEX "heatmaps_analysis_id_kind_key";
CREATE UNIQUE INDEX "heatmaps_analysis_id_kind_frame_index_key" ON "heatmaps"("analysis_id", "kind", "frame_index");

CREATE TABLE "analysis_frames" (
    "id" UUID NOT NULL,
    "analysis_id" UUID NOT NULL,
    "frame_index" INTEGER NOT NULL,
    "time_sec" DOUBLE PRECISION NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "p_fake" DOUBLE PRECISION,
    "subject" TEXT NOT NULL,
    "faces" JSONB NOT NULL,
    "thumbnail_storage_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "analysis_frames_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "analysis_frames_analysis_id_frame_index_key" ON "analysis_frames"("analysis_id", "frame_index");

CREATE TABLE "face_tracks" (
    "id" UUID NOT NULL,
    "analysis_id" UUID NOT NULL,
    "track_index" INTEGER NOT NULL,
    "primary" BOOLEAN NOT NULL,
    "frame_count" INTEGER NOT NULL,
    "total_area" DOUBLE PRECISION NOT NULL,
    "mean_p_fake" DOUBLE PRECISION,
    "max_p_fake" DOUBLE PRECISION,
    "fraction_above" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "face_tracks_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "face_tracks_analysis_id_track_index_key" ON "face_tracks"("analysis_id", "track_index");

CREATE TABLE "suspicious_segments" (
    "id" UUID NOT NULL,
    "analysis_id" UUID NOT NULL,
    "track_index" INTEGER,
    "start_sec" DOUBLE PRECISION NOT NULL,
    "end_sec" DOUBLE PRECISION NOT NULL,
    "first_frame" INTEGER NOT NULL,
    "last_frame" INTEGER NOT NULL,
    "peak_p_fake" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "suspicious_segments_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "suspicious_segments_analysis_id_idx" ON "suspicious_segments"("analysis_id");

CREATE TABLE "frame_hashes" (
    "id" UUID NOT NULL,
    "analysis_id" UUID NOT NULL,
    "media_id" UUID,
    "known_fake_id" UUID,
    "case_id" UUID,
    "frame_index" INTEGER NOT NULL,
    "time_sec" DOUBLE PRECISION NOT NULL,
    "phash" BIT(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "frame_hashes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "frame_hashes_subject_check" CHECK (num_nonnulls("media_id", "known_fake_id") = 1)
);
CREATE UNIQUE INDEX "frame_hashes_analysis_id_frame_index_key" ON "frame_hashes"("analysis_id", "frame_index");
CREATE INDEX "frame_hashes_case_id_idx" ON "frame_hashes"("case_id");
-- Hamming distance (<~>) on 64-bit hashes, as for perceptual_hashes.
CREATE INDEX "frame_hashes_phash_hnsw_idx" ON "frame_hashes" USING hnsw ("phash" bit_hamming_ops);

ALTER TABLE "analysis_frames" ADD CONSTRAINT "analysis_frames_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "analyses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "face_tracks" ADD CONSTRAINT "face_tracks_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "analyses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "suspicious_segments" ADD CONSTRAINT "suspicious_segments_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "analyses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "frame_hashes" ADD CONSTRAINT "frame_hashes_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "analyses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
