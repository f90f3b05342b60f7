'use client';

import { useState } from 'react';
import type { MediaDetail } from '@/lib/types';
import { FaceOverlayImage } from './FaceOverlayImage';
import { MapViewer } from './MapViewer';
import type { PixelSize } from './PictureFrame';

/** The original with its face boxes beside the heatmaps, both at the same displayed size. */
export function MediaPictures({ media }: { media: MediaDetail }) {
  const stored = media.width && media.height ? { width: media.width, height: media.height } : null;
  const [size, setSize] = useState<PixelSize | null>(stored);
  const analysis = media.analysis;
  const faces = analysis?.faces ?? [];
  const done = analysis?.status === 'DONE';

  return (
    <section className="card" aria-labelledby="pictures-heading">
      <h2 id="pictures-heading" className="card__title">
        Pictures
      </h2>
      <div className="pictures">
        <div className="picture">
          <h3 className="picture__title">Original</h3>
          <figure className="picture__figure">
            <FaceOverlayImage
              url={media.url}
              name={media.originalName}
              mimeType={media.mimeType}
              size={stored}
              faces={faces}
              onSize={setSize}
            />
            <figcaption className="picture__caption muted">
              {faces.length === 0
                ? done
                  ? 'No faces were detected.'
                  : analysis?.status === 'FAILED'
                    ? 'No face boxes: the analysis failed.'
                    : 'Face boxes appear when the analysis is done.'
                : `${faces.length === 1 ? '1 face' : `${faces.length} faces`} outlined; the primary (largest) face, the one the detector result is about, is highlighted. Numbers match the Faces table.`}
            </figcaption>
          </figure>
        </div>
        <div className="picture">
          <h3 className="picture__title">Heatmaps</h3>
          {done ? (
            <MapViewer
              mediaId={media.id}
              faces={faces}
              fixture={analysis.detector?.model?.isTestFixture === true}
              heatmaps={analysis.heatmaps}
              size={size}
              maps={Object.fromEntries((analysis.signals?.maps ?? []).map((map) => [map.kind, map]))}
              originalUrl={media.url}
            />
          ) : (
            <p className="picture__missing">
              {analysis?.status === 'FAILED'
                ? 'No heatmaps: the analysis failed.'
                : 'Heatmaps appear when the analysis is done.'}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
