-- Issue 9: face sequences (a zip of face-crop images, one folder per sequence) as one evidence
-- item. ADD VALUE is allowed inside the migration's transaction as long as nothing here uses it.
ALTER TYPE "MediaKind" ADD VALUE 'SEQUENCE';

-- What reading the zip found at intake: sequences in order, their frames' member names in order.
ALTER TABLE "media" ADD COLUMN "sequence_facts" JSONB;

-- The zip member a sequence frame was read from (null for a video's decoded frames).
ALTER TABLE "analysis_frames" ADD COLUMN "member_name" TEXT;
