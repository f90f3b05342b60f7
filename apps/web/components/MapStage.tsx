'use client';

import { useId, useState } from 'react';
import { ZOOM_MAX, ZOOM_MIN, useZoomPan } from '@/lib/useZoomPan';
import { MapLegend } from './MapLegend';
import { PictureFrame, type PixelSize } from './PictureFrame';

interface MapStageProps {
  size: PixelSize;
  src: string;
  alt: string;
  /** The original, shown under the map as its opacity is lowered. */
  originalUrl: string;
  overlay: boolean;
}

/** A map over the original: zoom, pan by dragging, map opacity, and the colour legend. */
export function MapStage({ size, src, alt, originalUrl, overlay }: MapStageProps) {
  const { view, zoomBy, reset, handlers, transform } = useZoomPan();
  const [opacity, setOpacity] = useState(100);
  // Unique per stage: a video page shows one stage per mapped frame.
  const opacityId = useId();

  return (
    <div className="map-stage">
      <div className="map-stage__controls" role="group" aria-label="Map view">
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => zoomBy(1 / 1.5)}
          disabled={view.zoom <= ZOOM_MIN}
        >
          Zoom out
        </button>
        <span className="map-stage__zoom" data-testid="map-zoom">
          {view.zoom.toFixed(1)}×
        </span>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => zoomBy(1.5)}
          disabled={view.zoom >= ZOOM_MAX}
        >
          Zoom in
        </button>
        <button type="button" className="button button--secondary button--small" onClick={reset}>
          Reset view
        </button>
        <label className="map-stage__opacity" htmlFor={opacityId}>
          Map opacity
          <input
            id={opacityId}
            type="range"
            min={0}
            max={100}
            step={5}
            value={opacity}
            onChange={(event) => setOpacity(Number(event.target.value))}
          />
          <span className="map-stage__zoom">{opacity}%</span>
        </label>
      </div>
      <PictureFrame size={size}>
        <div
          className={view.zoom > 1 ? 'map-stage__layer map-stage__layer--zoomed' : 'map-stage__layer'}
          style={{ transform }}
          data-testid="map-layer"
          {...handlers}
        >
          {opacity < 100 ? (
            <img className="map-stage__image" src={originalUrl} alt="" draggable={false} />
          ) : null}
          <img
            key={src}
            className="map-stage__image picture__image--map"
            src={src}
            alt={alt}
            draggable={false}
            style={{ opacity: opacity / 100 }}
            data-testid="heatmap-image"
          />
        </div>
      </PictureFrame>
      {view.zoom > 1 ? <p className="field__hint">Drag the picture to move around.</p> : null}
      <MapLegend overlay={overlay} />
    </div>
  );
}
