'use client';

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { ZOOM_MAX, ZOOM_MIN, useZoomPan } from '@/lib/useZoomPan';
import styles from './CompareView.module.css';
import { PictureFrame, type PixelSize } from './PictureFrame';

export interface ComparePicture {
  /** Who the picture is, in the investigator's words: "This item", "Known fake"… */
  label: string;
  name: string;
  src: string;
  size: PixelSize | null;
}

type Mode = 'side' | 'swipe';

const WHEEL_STEP = 1.25;

/**
 * Two pictures driven by ONE zoom/pan state (lib/useZoomPan): zooming or dragging either pane moves
 * both, so the same region of each stays in view. Side by side, or one over the other with a
 * swipe line. Zoom: buttons, the mouse wheel over a pane, or +/− with a pane focused.
 */
export function CompareStage({ left, right }: { left: ComparePicture; right: ComparePicture }) {
  const { view, zoomBy, reset, handlers, transform } = useZoomPan();
  // A picture whose size the caller does not know is measured when it loads (a dropped file).
  const [measured, setMeasured] = useState<Record<string, PixelSize>>({});
  const sizeOf = (p: ComparePicture) => p.size ?? measured[p.src] ?? null;
  const measure = (src: string, image: HTMLImageElement) => {
    if (image.naturalWidth > 0 && !measured[src])
      setMeasured((m) => ({ ...m, [src]: { width: image.naturalWidth, height: image.naturalHeight } }));
  };
  const [mode, setMode] = useState<Mode>('side');
  const [swipe, setSwipe] = useState(50);
  const swipeId = useId();
  const modeName = useId();

  // Wheel zoom needs a non-passive listener (React's is passive, so the page would scroll too).
  const zoomRef = useRef(zoomBy);
  zoomRef.current = zoomBy;
  const panes = useRef<(HTMLDivElement | null)[]>([]);
  useEffect(() => {
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY === 0) return;
      event.preventDefault();
      zoomRef.current(event.deltaY < 0 ? WHEEL_STEP : 1 / WHEEL_STEP);
    };
    const elements = panes.current.filter((e): e is HTMLDivElement => e !== null);
    for (const e of elements) e.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      for (const e of elements) e.removeEventListener('wheel', onWheel);
    };
  }, [mode]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === '+' || event.key === '=') zoomBy(WHEEL_STEP);
    else if (event.key === '-' || event.key === '_') zoomBy(1 / WHEEL_STEP);
    else if (event.key === '0') reset();
    else return;
    event.preventDefault();
  };

  const layerClass = view.zoom > 1 ? `${styles.layer} ${styles.zoomed}` : styles.layer;
  const layer = (index: number, picture: ComparePicture, testId: string) => (
    <div
      ref={(e) => {
        panes.current[index] = e;
      }}
      className={layerClass}
      style={{ transform }}
      data-testid={testId}
      data-zoom={view.zoom.toFixed(3)}
      tabIndex={0}
      role="img"
      aria-label={`${picture.label}: ${picture.name}. Zoom with + and −, or the wheel; drag to pan.`}
      onKeyDown={onKeyDown}
      {...handlers}
    >
      <img
        className={styles.image}
        src={picture.src}
        alt=""
        draggable={false}
        onLoad={(event) => measure(picture.src, event.currentTarget)}
      />
    </div>
  );

  return (
    <div className={styles.stage}>
      <div className={styles.controls} role="group" aria-label="Comparison view">
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => zoomBy(1 / 1.5)}
          disabled={view.zoom <= ZOOM_MIN}
        >
          Zoom out
        </button>
        <span className={styles.zoom} data-testid="compare-zoom" aria-live="polite">
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
        <fieldset className={styles.modes}>
          <legend>Layout</legend>
          <label>
            <input type="radio" name={modeName} checked={mode === 'side'} onChange={() => setMode('side')} />
            Side by side
          </label>
          <label>
            <input
              type="radio"
              name={modeName}
              checked={mode === 'swipe'}
              onChange={() => setMode('swipe')}
            />
            Swipe
          </label>
        </fieldset>
        {mode === 'swipe' ? (
          <label className={styles.swipe} htmlFor={swipeId}>
            Swipe position
            <input
              id={swipeId}
              type="range"
              min={0}
              max={100}
              step={1}
              value={swipe}
              onChange={(event) => setSwipe(Number(event.target.value))}
            />
            <span className={styles.zoom}>{swipe}%</span>
          </label>
        ) : null}
      </div>
      {mode === 'side' ? (
        <div className={styles.panes}>
          {[left, right].map((picture, index) => (
            <figure key={index} className={styles.pane}>
              <figcaption className={styles.caption}>
                <strong>{picture.label}</strong> · {picture.name}
              </figcaption>
              <PictureFrame size={sizeOf(picture)}>
                {layer(index, picture, index === 0 ? 'compare-pane-left' : 'compare-pane-right')}
              </PictureFrame>
            </figure>
          ))}
        </div>
      ) : (
        <figure className={styles.pane}>
          <figcaption className={styles.caption}>
            Left of the line: <strong>{left.label}</strong> · {left.name}. Right of the line:{' '}
            <strong>{right.label}</strong> · {right.name}.
          </figcaption>
          <PictureFrame size={sizeOf(left)}>
            {layer(0, right, 'compare-pane-right')}
            {/* Clipped outside the zoom, so the line stays where the slider says whatever the zoom. */}
            <div className={styles.clip} style={{ clipPath: `inset(0 ${100 - swipe}% 0 0)` }}>
              {layer(1, left, 'compare-pane-left')}
            </div>
            <span className={styles.divider} style={{ left: `${swipe}%` }} aria-hidden="true" />
          </PictureFrame>
        </figure>
      )}
    </div>
  );
}
