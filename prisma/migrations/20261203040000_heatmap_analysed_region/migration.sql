-- Overlays on first view (issue 11): an image analysis no longer stores colour overlays, which were
-- about half of its CPU; they are rendered from the grey map and the original when first viewed.
-- A DETECTOR map's overlay needs the region the model saw ({left, top, width, height} in map pixels),
-- since inside it p(fake) = 0 and outside it "not analysed" share grey level 0. Null for other maps.

ALTER TABLE "heatmaps" ADD COLUMN "analysed_region" JSONB;
