'use client';

import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { HEATMAP_KIND_EXPLANATIONS, HEATMAP_KIND_LABELS, HEATMAP_KINDS } from '@/lib/format';
import type { FragmentType } from '@/lib/gql';
import type { Heatmap, HeatmapKind } from '@/lib/types';
import { MapStage } from './MapStage';
import { MapStatsLine, type MapStatsLineMapFragment } from './MapStatsLine';
import type { PixelSize } from './PictureFrame';

type Mode = 'overlay' | 'map';

interface HeatmapViewerProps {
  heatmaps: Heatmap[];
  /** Displayed like the original: same frame, same size. */
  size: PixelSize | null;
  maps: Partial<Record<HeatmapKind, FragmentType<typeof MapStatsLineMapFragment>>>;
  /** The original, shown under the map when its opacity is lowered. */
  originalUrl: string;
  /** Keeps element ids unique when a page shows several viewers (a video's frames). */
  idPrefix?: string;
  /** Names the viewer's controls when a page shows several, e.g. "frame 7". */
  label?: string;
  /** Shown above the detector map while its tab is open (the choice of face, MapViewer). */
  detectorExtra?: ReactNode;
}

/** One tab per heatmap kind present (Detector, ELA, Noise), each as colour overlay or grey map. */
export function HeatmapViewer({
  heatmaps,
  size,
  maps,
  originalUrl,
  idPrefix = 'heatmap',
  label,
  detectorExtra,
}: HeatmapViewerProps) {
  const present = HEATMAP_KINDS.flatMap((kind) => heatmaps.filter((heatmap) => heatmap.kind === kind));
  const [selectedKind, setSelectedKind] = useState<HeatmapKind | null>(null);
  const [mode, setMode] = useState<Mode>('overlay');
  const tabRefs = useRef<Partial<Record<HeatmapKind, HTMLButtonElement | null>>>({});

  const selected = present.find((heatmap) => heatmap.kind === selectedKind) ?? present[0];
  if (!selected) return <p className="muted">No heatmaps were produced for this file.</p>;

  const showOverlay = mode === 'overlay' && selected.overlayUrl !== null;
  const src = showOverlay ? (selected.overlayUrl ?? selected.url) : selected.url;
  const kindLabel = HEATMAP_KIND_LABELS[selected.kind] ?? selected.kind;
  const stats = maps[selected.kind];

  function select(index: number) {
    const target = present[(index + present.length) % present.length];
    if (!target) return;
    setSelectedKind(target.kind);
    tabRefs.current[target.kind]?.focus();
  }

  function onTabKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: present.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(next);
  }

  return (
    <div className="heatmaps">
      <div className="heatmaps__controls">
        <div role="tablist" aria-label={label ? `Heatmap kind, ${label}` : 'Heatmap kind'} className="tabs">
          {present.map((heatmap, index) => {
            const active = heatmap.id === selected.id;
            return (
              <button
                key={heatmap.id}
                ref={(element) => {
                  tabRefs.current[heatmap.kind] = element;
                }}
                type="button"
                role="tab"
                id={`${idPrefix}-tab-${heatmap.kind}`}
                aria-selected={active}
                aria-controls={`${idPrefix}-panel`}
                tabIndex={active ? 0 : -1}
                className={active ? 'tabs__tab tabs__tab--active' : 'tabs__tab'}
                onClick={() => setSelectedKind(heatmap.kind)}
                onKeyDown={(event) => onTabKeyDown(event, index)}
              >
                {HEATMAP_KIND_LABELS[heatmap.kind] ?? heatmap.kind}
              </button>
            );
          })}
        </div>
        <div
          role="group"
          aria-label={label ? `Heatmap display, ${label}` : 'Heatmap display'}
          className="segmented"
        >
          <button
            type="button"
            className="segmented__option"
            aria-pressed={showOverlay}
            disabled={selected.overlayUrl === null}
            onClick={() => setMode('overlay')}
          >
            Overlay
          </button>
          <button
            type="button"
            className="segmented__option"
            aria-pressed={!showOverlay}
            onClick={() => setMode('map')}
          >
            Map
          </button>
        </div>
      </div>

      <div
        role="tabpanel"
        id={`${idPrefix}-panel`}
        aria-labelledby={`${idPrefix}-tab-${selected.kind}`}
        className="heatmaps__panel"
      >
        {selected.kind === 'DETECTOR' ? detectorExtra : null}
        <MapStage
          size={size ?? { width: selected.width, height: selected.height }}
          src={src}
          alt={`${kindLabel} heatmap, ${showOverlay ? 'overlay on the original' : 'grey-scale map'}`}
          originalUrl={originalUrl}
          overlay={showOverlay}
        />
        <p className="heatmaps__explanation" data-testid="heatmap-explanation">
          {HEATMAP_KIND_EXPLANATIONS[selected.kind] ?? selected.kind}
        </p>
        <p className="field__hint">
          Map computed at {selected.width} × {selected.height} px
          {selected.overlayUrl === null ? '; no colour overlay was rendered' : ''}.{' '}
          <a href={selected.url} target="_blank" rel="noopener">
            Open the grey map
          </a>
        </p>
        {stats ? <MapStatsLine signals={stats} /> : null}
      </div>
    </div>
  );
}
