import { formatPercent } from '@/lib/format';
import type { FrameAxis } from '@/lib/frameAxis';
import type { AnalysisFrame, Heatmap } from '@/lib/types';
import { FixtureMark } from './FixtureMark';
import { HeatmapViewer } from './HeatmapViewer';

interface FrameHeatmapsProps {
  heatmaps: Heatmap[];
  frames: AnalysisFrame[];
  /** The frame the worker mapped whatever its score (the middle sample of the video or primary sequence). */
  poster: number | null;
  /** Seeks the player to the frame (a video) or selects it (a face sequence). */
  onChoose: (frame: AnalysisFrame) => void;
  axis: FrameAxis;
  fixture: boolean;
}

/**
 * The maps the worker made for the most suspicious sampled frames and the poster frame, one viewer
 * per frame, most suspicious first. Each caption names the frame and its time and seeks there.
 */
export function FrameHeatmaps({ heatmaps, frames, poster, onChoose, axis, fixture }: FrameHeatmapsProps) {
  const byFrame = new Map<number, Heatmap[]>();
  for (const heatmap of heatmaps) {
    if (heatmap.frameIndex === null) continue;
    byFrame.set(heatmap.frameIndex, [...(byFrame.get(heatmap.frameIndex) ?? []), heatmap]);
  }
  const mapped = frames
    .filter((f) => byFrame.has(f.index))
    .sort((a, b) => (b.pFake ?? -1) - (a.pFake ?? -1) || a.index - b.index);
  if (mapped.length === 0) return <p className="muted">No maps were made for these frames.</p>;
  let rank = 0;
  return (
    <div className="frame-maps">
      {mapped.map((frame) => {
        const isPoster = frame.index === poster;
        // The poster is mapped whatever its score; the others are there for being the most suspicious.
        const role = isPoster ? null : ++rank;
        const place = axis.place(frame);
        return (
          <figure
            key={frame.index}
            className="frame-map"
            data-testid="frame-heatmap"
            data-frame={frame.index}
          >
            <figcaption className="frame-map__caption">
              <button
                type="button"
                className="link-button"
                data-testid="frame-heatmap-caption"
                onClick={() => onChoose(frame)}
                aria-label={`Frame ${frame.index} ${place}: ${axis.kind === 'video' ? 'seek the video there' : 'select it'}`}
              >
                Frame {frame.index} {place}
              </button>{' '}
              · p(fake) {frame.pFake === null ? '—' : formatPercent(frame.pFake)}{' '}
              {frame.pFake !== null ? <FixtureMark fixture={fixture} /> : null}
              <span className="muted">
                {role !== null ? ` · most suspicious #${role}` : ''}
                {isPoster
                  ? ` · poster frame (the middle sample${axis.kind === 'sequence' ? ' of the primary sequence' : ''})`
                  : ''}
              </span>
            </figcaption>
            <HeatmapViewer
              heatmaps={byFrame.get(frame.index) ?? []}
              size={{ width: frame.width, height: frame.height }}
              maps={{}}
              originalUrl={frame.thumbnailUrl ?? ''}
              idPrefix={`frame-${frame.index}-heatmap`}
              label={`frame ${frame.index}`}
            />
          </figure>
        );
      })}
    </div>
  );
}
