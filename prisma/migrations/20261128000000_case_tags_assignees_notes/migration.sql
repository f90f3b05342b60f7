-- Case working material: tags, assignees (a flag on membership, so leaving the case ends the
-- assignment) and notes on a case or on one of its media items.

ALTER TABLE "cases" ADD COLUMN "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "case_members" ADD COLUMN "assigned" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "notes" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "media_id" UUID,
    "author_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "notes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "notes_case_id_created_at_id_idx" ON "notes"("case_id", "created_at", "id");
CREATE INDEX "notes_media_id_idx" ON "notes"("media_id");

ALTER TABLE "notes" ADD CONSTRAINT "notes_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "notes" ADD CONSTRAINT "notes_media_id_fkey" FOREIGN KEY ("media_id") REFERENCES "media"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "notes" ADD CONSTRAINT "notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
