'use client';

import { useRef, useState, type PointerEvent } from 'react';

export const ZOOM_MIN = 1;
export const ZOOM_MAX = 8;

export interface ZoomPan {
  zoom: number;
  /** Offset in percent of the frame, applied before scaling. */
  x: number;
  y: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Keeps the zoomed picture covering the frame: at zoom z the offset may reach ±50·(1 − 1/z) %. */
function bounded(view: ZoomPan): ZoomPan {
  const limit = 50 * (1 - 1 / view.zoom);
  return { zoom: view.zoom, x: clamp(view.x, -limit, limit), y: clamp(view.y, -limit, limit) };
}

/** Zoom (buttons) and pan (dragging) for a picture frame, as a CSS transform. */
export function useZoomPan() {
  const [view, setView] = useState<ZoomPan>({ zoom: 1, x: 0, y: 0 });
  const drag = useRef<{ px: number; py: number; x: number; y: number; w: number; h: number } | null>(null);

  const zoomBy = (factor: number) =>
    setView((v) => bounded({ ...v, zoom: clamp(v.zoom * factor, ZOOM_MIN, ZOOM_MAX) }));
  const reset = () => setView({ zoom: 1, x: 0, y: 0 });

  const handlers = {
    onPointerDown(event: PointerEvent<HTMLElement>) {
      const rect = event.currentTarget.getBoundingClientRect();
      drag.current = {
        px: event.clientX,
        py: event.clientY,
        x: view.x,
        y: view.y,
        w: rect.width,
        h: rect.height,
      };
      event.currentTarget.setPointerCapture(event.pointerId);
    },
    onPointerMove(event: PointerEvent<HTMLElement>) {
      const d = drag.current;
      if (!d || d.w === 0 || d.h === 0) return;
      // A drag of the whole frame's width moves the picture by 100 % / zoom of its own width.
      const dx = ((event.clientX - d.px) / d.w) * (100 / view.zoom);
      const dy = ((event.clientY - d.py) / d.h) * (100 / view.zoom);
      setView((v) => bounded({ ...v, x: d.x + dx, y: d.y + dy }));
    },
    onPointerUp() {
      drag.current = null;
    },
  };

  const transform = `scale(${view.zoom}) translate(${view.x}%, ${view.y}%)`;
  return { view, zoomBy, reset, handlers, transform };
}
