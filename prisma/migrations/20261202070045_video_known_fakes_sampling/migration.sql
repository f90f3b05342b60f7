-- Issue 9: videos in the known-fakes library (probe facts, as on media) and a per-analysis
-- sampling request (dense mode). Both nullable/defaulted: existing rows are images / default sampling.
ALTER TABLE "known_fakes" ADD COLUMN "kind" "MediaKind" NOT NULL DEFAULT 'IMAGE';
ALTER TABLE "known_fakes" ADD COLUMN "duration_sec" DOUBLE PRECISION;
ALTER TABLE "known_fakes" ADD COLUMN "frame_rate" DOUBLE PRECISION;
ALTER TABLE "known_fakes" ADD COLUMN "video_codec" TEXT;
ALTER TABLE "known_fakes" ADD COLUMN "video_facts" JSONB;

ALTER TABLE "analyses" ADD COLUMN "sampling" JSONB;
