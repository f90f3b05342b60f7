-- Per-face detector maps (issue 10): an image with several scored faces gets one DETECTOR map per
-- face, each carrying the index of its face in analyses.faces (0 is the primary, largest face).
-- Null for maps that are not about one face (forensic maps, whole-image scores, video frames).

ALTER TABLE "heatmaps" ADD COLUMN "face_index" INTEGER;
DROP INDEX "heatmaps_analysis_id_kind_frame_index_key";
CREATE UNIQUE INDEX "heatmaps_analysis_id_kind_frame_index_face_index_key" ON "heatmaps"("analysis_id", "kind", "frame_index", "face_index");
