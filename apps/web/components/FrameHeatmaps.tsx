import { formatPercent } from '@/lib/format';
import type { AnalysisFrame, Heatmap } from '@/lib/types';
import { formatTime, posterFrameIndex } from '@/lib/video';
import { FixtureMark } from './FixtureMark';
import { HeatmapViewer } from './HeatmapViewer';

interface FrameHeatmapsProps {
  heatmaps: Heatmap[];
  frames: AnalysisFrame[];
  onSeek: (seconds: number) => void;
  fixture: boolean;
}

/**
 * The maps the worker made for the most suspicious sampled frames and the poster frame, one viewer
 * per frame, most suspicious first. Each caption names the frame and its time and seeks there.
 */
export function FrameHeatmaps({ heatmaps, frames, onSeek, fixture }: FrameHeatmapsProps) {
  const byFrame = new Map<number, Heatmap[]>();
  for (const heatmap of heatmaps) {
    if (heatmap.frameIndex === null) continue;
    byFrame.set(heatmap.frameIndex, [...(byFrame.get(heatmap.frameIndex) ?? []), heatmap]);
  }
  const poster = posterFrameIndex(frames);
  const mapped = frames
    .filter((f) => byFrame.has(f.index))
    .sort((a, b) => (b.pFake ?? -1) - (a.pFake ?? -1) || a.index - b.index);
  if (mapped.length === 0) return <p className="muted">No maps were made for this video&rsquo;s frames.</p>;
  let rank = 0;
  return (
    <div className="frame-maps">
      {mapped.map((frame) => {
        const isPoster = frame.index === poster;
        // The poster is mapped whatever its score; the others are there for being the most suspicious.
        const role = isPoster ? null : ++rank;
        const time = formatTime(frame.timeSec);
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
                onClick={() => onSeek(frame.timeSec)}
                aria-label={`Frame ${frame.index} at ${time}: seek the video there`}
              >
                Frame {frame.index} at {time}
              </button>{' '}
              · p(fake) {frame.pFake === null ? '—' : formatPercent(frame.pFake)}{' '}
              {frame.pFake !== null ? <FixtureMark fixture={fixture} /> : null}
              <span className="muted">
                {role !== null ? ` · most suspicious #${role}` : ''}
                {isPoster ? ' · poster frame (the middle sample)' : ''}
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
