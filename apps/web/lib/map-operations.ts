/**
 * Issue 10 item 4, the map viewer: each scored face's detector map (GraphQL Analysis.faceHeatmaps),
 * and the geometry the magnifier shares with useZoomPan.
 */
import { graphql } from './gql';
import type { FaceHeatmapsQuery } from './gql/graphql';
import type { ZoomPan } from './useZoomPan';

export const FACE_HEATMAPS_QUERY = graphql(`
  query FaceHeatmaps($id: ID!) {
    media(id: $id) {
      analysis {
        status
        faceHeatmaps {
          id
          kind
          faceIndex
          url
          overlayUrl
          width
          height
          frameIndex
        }
      }
    }
  }
`);

/** A detector map of one face of an image: `faceIndex` indexes the analysis's faces (0 = primary). */
export type FaceHeatmap = NonNullable<
  NonNullable<FaceHeatmapsQuery['media']>['analysis']
>['faceHeatmaps'][number];

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
