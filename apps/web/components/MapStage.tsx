'use client';

import { useId, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { frameAt, type PicturePoint } from '@/lib/map-operations';
import { ZOOM_MAX, ZOOM_MIN, useZoomPan, type ZoomPan } from '@/lib/useZoomPan';
import { MapLegend } from './MapLegend';
import styles from './MapStage.module.css';
import { PictureFrame, type PixelSize } from './PictureFrame';

interface MapStageProps {
  size: PixelSize;
  src: string;
  alt: string;
  /** The original, shown under the map as its opacity is lowered, beside it, and in the magnifier. */
  originalUrl: string;
  overlay: boolean;
  /** Names this stage's tools when a page shows several, e.g. "frame 7". */
  label?: string;
}

/** Screen pixels per picture pixel in the magnifier: the picture's own pixels, doubled. */
const MAGNIFICATION = 2;
/** Side of each half of the magnifier, in CSS pixels. */
const LENS = 96;

/**
 * A map over the original: zoom, pan by dragging, map opacity and the colour legend; optionally the
 * original beside the map (one zoom and pan drives both panes) and a magnifier showing the
 * original's and the map's full-resolution pixels under the pointer (arrow keys move it too).
 */
export function MapStage({ size, src, alt, originalUrl, overlay, label }: MapStageProps) {
  const { view, zoomBy, reset, handlers, transform } = useZoomPan();
  const [opacity, setOpacity] = useState(100);
  const [split, setSplit] = useState(false);
  const [magnifier, setMagnifier] = useState(false);
  const [point, setPoint] = useState<PicturePoint>({ u: 0.5, v: 0.5 });
  // Unique per stage: a video page shows one stage per mapped frame.
  const opacityId = useId();
  const name = (what: string) => (label ? `${what}, ${label}` : what);

  function follow(event: PointerEvent<HTMLElement>) {
    handlers.onPointerMove(event);
    if (!magnifier) return;
    // The layer's box is the picture as displayed (zoom and pan included).
    const rect = event.currentTarget.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    setPoint({
      u: Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)),
      v: Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height)),
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.shiftKey ? 64 : 8;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (!move || !magnifier) return;
    event.preventDefault();
    setPoint((p) => ({
      u: Math.min(1, Math.max(0, p.u + move[0] / size.width)),
      v: Math.min(1, Math.max(0, p.v + move[1] / size.height)),
    }));
  }

  const layerClass = view.zoom > 1 ? 'map-stage__layer map-stage__layer--zoomed' : 'map-stage__layer';
  const lens = magnifier ? (
    <Lens view={view} point={point} size={size} originalUrl={originalUrl} mapUrl={src} />
  ) : null;
  // The epsilon keeps 8 px steps from landing a hair short of a whole pixel.
  const px = (fraction: number, of: number) => Math.min(of - 1, Math.floor(fraction * of + 1e-6));

  return (
    <div className="map-stage">
      <div className="map-stage__controls" role="group" aria-label={name('Map view')}>
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
      <div className={styles.tools} role="group" aria-label={name('Map tools')}>
        <label>
          <input type="checkbox" checked={split} onChange={(event) => setSplit(event.target.checked)} />
          Original beside the map
        </label>
        <label>
          <input
            type="checkbox"
            checked={magnifier}
            onChange={(event) => setMagnifier(event.target.checked)}
          />
          Magnifier
        </label>
      </div>
      <div
        className={split ? `${styles.panes} ${styles.split}` : styles.panes}
        data-testid="map-panes"
        {...(magnifier
          ? {
              tabIndex: 0,
              role: 'group',
              'aria-label': name('Pictures under the magnifier; arrow keys move it'),
              onKeyDown,
            }
          : {})}
      >
        {split ? (
          <div className={styles.pane}>
            <p className={styles.paneTitle}>Original</p>
            <PictureFrame size={size}>
              <div
                className={layerClass}
                style={{ transform }}
                data-testid="map-original-layer"
                {...handlers}
                onPointerMove={follow}
              >
                <img
                  className="map-stage__image"
                  src={originalUrl}
                  alt="Original, beside the map at the same zoom"
                  draggable={false}
                />
              </div>
              {lens}
            </PictureFrame>
          </div>
        ) : null}
        <div className={styles.pane}>
          {split ? <p className={styles.paneTitle}>Map</p> : null}
          <PictureFrame size={size}>
            <div
              className={layerClass}
              style={{ transform }}
              data-testid="map-layer"
              {...handlers}
              onPointerMove={follow}
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
            {lens}
          </PictureFrame>
        </div>
      </div>
      {magnifier ? (
        <p className="field__hint" data-testid="magnifier-position">
          Magnifier at x {px(point.u, size.width)}, y {px(point.v, size.height)} px: the original (left half)
          and the map (right half) at {MAGNIFICATION}× their full resolution. Move the pointer over the
          picture, or focus it and use the arrow keys (Shift for bigger steps).
        </p>
      ) : null}
      {view.zoom > 1 ? (
        <p className="field__hint">Drag the picture to move around{split ? '; both panes follow' : ''}.</p>
      ) : null}
      <MapLegend overlay={overlay} />
    </div>
  );
}

interface LensProps {
  view: ZoomPan;
  point: PicturePoint;
  size: PixelSize;
  originalUrl: string;
  mapUrl: string;
}

/** The magnifier over one pane: original | map, each centred on the point, picture pixels doubled. */
function Lens({ view, point, size, originalUrl, mapUrl }: LensProps) {
  const at = frameAt(view, point);
  if (at.u < 0 || at.u > 1 || at.v < 0 || at.v > 1) return null;
  const half = (url: string) => ({
    width: LENS,
    height: LENS,
    backgroundImage: `url("${url}")`,
    backgroundSize: `${size.width * MAGNIFICATION}px ${size.height * MAGNIFICATION}px`,
    backgroundPosition: `${LENS / 2 - point.u * size.width * MAGNIFICATION}px ${LENS / 2 - point.v * size.height * MAGNIFICATION}px`,
  });
  // Above the point when there is room, so the pointer does not hide what it magnifies.
  const above = at.v > 0.5;
  return (
    <>
      <span className={styles.crosshair} style={{ left: `${at.u * 100}%`, top: `${at.v * 100}%` }} />
      <div
        className={styles.lens}
        data-testid="magnifier"
        aria-hidden="true"
        style={{
          left: `clamp(0px, calc(${at.u * 100}% - ${LENS + 3}px), calc(100% - ${2 * LENS + 10}px))`,
          top: above ? `calc(${at.v * 100}% - ${LENS + 20}px)` : `calc(${at.v * 100}% + 14px)`,
        }}
      >
        <span className={styles.lensHalf} style={half(originalUrl)} data-testid="magnifier-original" />
        <span className={styles.lensHalf} style={half(mapUrl)} data-testid="magnifier-map" />
      </div>
    </>
  );
}
