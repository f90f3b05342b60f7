'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { ELA_QUALITY_MAX, ELA_QUALITY_MIN, ELA_SCALE_MAX, ELA_SCALE_MIN, errorLevels } from '@/lib/ela';
import { errorMessage } from '@/lib/graphql';
import { MapStage } from './MapStage';
import styles from './MapViewer.module.css';
import type { PixelSize } from './PictureFrame';

/** Longest side computed; larger originals are scaled down first (said in the caption). */
const MAX_SIDE = 4096;

interface Computed {
  url: string;
  quality: number;
  scale: number;
  size: PixelSize;
  downscaled: boolean;
  mean: number;
  max: number;
}

const loadImage = (url: string) =>
  new Promise<HTMLImageElement>((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The original could not be decoded by this browser.'));
    image.src = url;
  });

const toBlob = (canvas: HTMLCanvasElement, type: string, quality?: number) =>
  new Promise<Blob>((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error(`This browser cannot encode ${type}.`))),
      type,
      quality,
    ),
  );

/** Re-encodes the original as JPEG at `quality` and draws the amplified difference as a PNG. */
async function computeEla(originalUrl: string, quality: number, scale: number): Promise<Computed> {
  const image = await loadImage(originalUrl);
  const ratio = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
  const size = {
    width: Math.max(1, Math.round(image.naturalWidth * ratio)),
    height: Math.max(1, Math.round(image.naturalHeight * ratio)),
  };
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser has no 2D canvas.');
  context.drawImage(image, 0, 0, size.width, size.height);
  const original = context.getImageData(0, 0, size.width, size.height);
  const jpeg = await toBlob(canvas, 'image/jpeg', quality / 100);
  const bitmap = await createImageBitmap(jpeg);
  context.clearRect(0, 0, size.width, size.height);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const recompressed = context.getImageData(0, 0, size.width, size.height);
  const levels = errorLevels(original.data, recompressed.data, scale);
  context.putImageData(new ImageData(levels.pixels, size.width, size.height), 0, 0);
  const png = await toBlob(canvas, 'image/png');
  return {
    url: URL.createObjectURL(png),
    quality,
    scale,
    size,
    downscaled: ratio < 1,
    mean: levels.mean,
    max: levels.max,
  };
}

/**
 * Error level analysis computed in the investigator's browser at the quality they pick (as
 * Forensically does), beside the worker's stored ELA map whose parameters are fixed.
 */
export function BrowserEla({ originalUrl }: { originalUrl: string }) {
  const [open, setOpen] = useState(false);
  const [quality, setQuality] = useState(75);
  const [scale, setScale] = useState(20);
  const [result, setResult] = useState<Computed | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const previous = useRef<string | null>(null);
  const qualityId = useId();
  const scaleId = useId();

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setBusy(true);
    // A short pause lets a dragged slider settle before the picture is re-encoded.
    const timer = setTimeout(() => {
      computeEla(originalUrl, quality, scale)
        .then((computed) => {
          if (cancelled) return URL.revokeObjectURL(computed.url);
          if (previous.current) URL.revokeObjectURL(previous.current);
          previous.current = computed.url;
          setResult(computed);
          setError(null);
        })
        .catch((e: unknown) => {
          if (!cancelled) setError(errorMessage(e));
        })
        .finally(() => {
          if (!cancelled) setBusy(false);
        });
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [open, originalUrl, quality, scale]);

  useEffect(
    () => () => {
      if (previous.current) URL.revokeObjectURL(previous.current);
    },
    [],
  );

  return (
    <section className={styles.ela} aria-labelledby={`${qualityId}-heading`} data-testid="browser-ela">
      <h3 id={`${qualityId}-heading`} className="picture__title">
        ELA at a quality you choose
      </h3>
      {!open ? (
        <>
          <p className="field__hint">
            Re-encodes the original as JPEG in this browser at a quality you pick and shows how much each
            pixel changes. Nothing is sent or stored.
          </p>
          <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
            Compute ELA in this browser
          </button>
        </>
      ) : (
        <>
          <div className="map-stage__controls" role="group" aria-label="Browser ELA settings">
            <label className="map-stage__opacity" htmlFor={qualityId}>
              JPEG quality
              <input
                id={qualityId}
                type="range"
                min={ELA_QUALITY_MIN}
                max={ELA_QUALITY_MAX}
                step={1}
                value={quality}
                onChange={(event) => setQuality(Number(event.target.value))}
              />
              <span className="map-stage__zoom">{quality}</span>
            </label>
            <label className="map-stage__opacity" htmlFor={scaleId}>
              Error scale
              <input
                id={scaleId}
                type="range"
                min={ELA_SCALE_MIN}
                max={ELA_SCALE_MAX}
                step={1}
                value={scale}
                onChange={(event) => setScale(Number(event.target.value))}
              />
              <span className="map-stage__zoom">×{scale}</span>
            </label>
          </div>
          <p className="field__hint" role="status" data-testid="browser-ela-status">
            {error
              ? `Could not compute ELA: ${error}`
              : busy
                ? `Computing ELA at quality ${quality}…`
                : result
                  ? `Done at quality ${result.quality}.`
                  : ''}
          </p>
          {result ? (
            <>
              <MapStage
                size={result.size}
                src={result.url}
                alt={`Error level map computed in this browser at JPEG quality ${result.quality}, scale ×${result.scale}`}
                originalUrl={originalUrl}
                overlay={false}
                label="browser ELA"
              />
              <p className="field__hint" data-testid="browser-ela-caption">
                This ELA is computed in your browser at JPEG quality {result.quality}: each pixel is the
                absolute difference, per colour channel, between the original and its re-encoding at that
                quality, multiplied by {result.scale}
                {result.downscaled
                  ? ` (on a copy scaled to ${result.size.width} × ${result.size.height} px)`
                  : ''}
                . Mean difference {result.mean.toFixed(2)}, largest {result.max} (of 255). It is not the
                worker&apos;s stored ELA map (the ELA tab above), whose parameters are listed under it; your
                browser&apos;s JPEG encoder also differs from the worker&apos;s.
              </p>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
