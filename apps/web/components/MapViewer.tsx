'use client';

import { useEffect, useId, useState, type ComponentProps } from 'react';
import { formatPercent } from '@/lib/format';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { FACE_HEATMAPS_QUERY, type FaceHeatmap } from '@/lib/map-operations';
import type { Face } from '@/lib/types';
import { BrowserEla } from './BrowserEla';
import { FixtureMark } from './FixtureMark';
import { HeatmapViewer } from './HeatmapViewer';
import styles from './MapViewer.module.css';

type MapViewerProps = ComponentProps<typeof HeatmapViewer> & {
  mediaId: string;
  faces: Face[];
  /** The detector is Loupe's test fixture: every score it made carries the marker. */
  fixture: boolean;
};

/**
 * An image's maps: the heatmap viewer, with a choice of face for the detector map when several
 * faces were scored (each has its own map and score), and ELA computed in the browser.
 */
export function MapViewer({ mediaId, faces, fixture, ...viewer }: MapViewerProps) {
  const [faceMaps, setFaceMaps] = useState<FaceHeatmap[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState(0);
  const groupName = useId();
  // A new analysis has new maps: fetch again when the viewer's maps change.
  const mapsKey = viewer.heatmaps.map((h) => h.id).join(',');

  useEffect(() => {
    let cancelled = false;
    graphqlRequest(FACE_HEATMAPS_QUERY, { id: mediaId })
      .then((data) => {
        if (cancelled) return;
        setFaceMaps(data.media?.analysis?.faceHeatmaps ?? []);
        setProblem(null);
      })
      .catch((error: unknown) => {
        if (!cancelled) setProblem(errorMessage(error));
      });
    return () => {
      cancelled = true;
    };
  }, [mediaId, mapsKey]);

  const mapped = faceMaps.filter(
    (m): m is FaceHeatmap & { faceIndex: number } => m.kind === 'DETECTOR' && m.faceIndex !== null,
  );
  const current = mapped.find((m) => m.faceIndex === chosen) ?? null;
  const heatmaps = current
    ? viewer.heatmaps.map((h) => (h.kind === 'DETECTOR' ? current : h))
    : viewer.heatmaps;
  const face = current ? faces[current.faceIndex] : undefined;

  const picker =
    mapped.length > 1 ? (
      <fieldset className={styles.picker} data-testid="face-picker">
        <legend className="picture__title">Detector map of face</legend>
        <div className={styles.options}>
          {mapped.map((m) => {
            const f = faces[m.faceIndex];
            return (
              <label key={m.id} className={styles.option}>
                <input
                  type="radio"
                  name={groupName}
                  value={m.faceIndex}
                  checked={m.faceIndex === (current?.faceIndex ?? 0)}
                  onChange={() => setChosen(m.faceIndex)}
                />
                Face {m.faceIndex + 1}
                {f?.primary ? ' (primary)' : ''}
                {f?.pFake != null ? ` · p(fake) ${formatPercent(f.pFake)}` : ''}
              </label>
            );
          })}
        </div>
        <p className="field__hint" data-testid="face-map-caption">
          Showing the detector map of face {(current?.faceIndex ?? 0) + 1}
          {face?.primary ? ', the primary (largest) face' : ''}
          {face?.pFake != null ? `: p(fake) ${formatPercent(face.pFake)}` : ''}.{' '}
          <FixtureMark fixture={fixture && face?.pFake != null} /> Numbers match the face boxes and the Faces
          table.
        </p>
      </fieldset>
    ) : null;

  return (
    <>
      <HeatmapViewer {...viewer} heatmaps={heatmaps} detectorExtra={picker} />
      {problem ? (
        <p className="muted">Other faces&apos; detector maps could not be loaded: {problem}</p>
      ) : null}
      <BrowserEla originalUrl={viewer.originalUrl} />
    </>
  );
}
