/**
 * Issue 10 item 4, the map viewer: each scored face's detector map (GraphQL Analysis.faceHeatmaps),
 * and the geometry the magnifier shares with useZoomPan.
 */
import type { Heatmap } from './types';
import type { ZoomPan } from './useZoomPan';

/** A detector map of one face of an image: `faceIndex` indexes the analysis's faces (0 = primary). */
export interface FaceHeatmap extends Heatmap {
  faceIndex: number | null;
}

export const FACE_HEATMAPS_QUERY = `query FaceHeatmaps($id: ID!) {
  media(id: $id) {
    analysis {
      status
      faceHeatmaps { id kind faceIndex url overlayUrl width height frameIndex }
    }
  }
}`;

export interface FaceHeatmapsResult {
  media: { analysis: { status: string; faceHeatmaps: FaceHeatmap[] } | null } | null;
}

/** A point of the picture as fractions of its width and height (0–1). */
export interface PicturePoint {
  u: number;
  v: number;
}

/** Where a picture point shows in the frame (fractions of the frame; outside 0–1 when panned away). */
export function frameAt(view: ZoomPan, point: PicturePoint): { u: number; v: number } {
  return {
    u: (point.u - 0.5 + view.x / 100) * view.zoom + 0.5,
    v: (point.v - 0.5 + view.y / 100) * view.zoom + 0.5,
  };
}
