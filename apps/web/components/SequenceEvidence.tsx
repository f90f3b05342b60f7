'use client';

import { useState } from 'react';
import { sequenceAxis, sequenceSpan } from '@/lib/frameAxis';
import type { MediaDetail } from '@/lib/types';
import { FrameEvidence } from './FrameEvidence';

/**
 * A face-sequence zip's page body: the video page's views without a player. The cursor is one
 * selected frame (first the primary sequence's first frame), moved by the timeline, its keys, the
 * strip, the segments and the map captions; x is the frame's position in its sequence.
 */
export function SequenceEvidence({ media, fixture }: { media: MediaDetail; fixture: boolean }) {
  const done = media.analysis?.status === 'DONE';
  const frames = done ? (media.analysis?.frames ?? []) : [];
  const tracks = done ? (media.analysis?.tracks ?? []) : [];
  const [selected, setSelected] = useState<number | null>(null);
  const primary = tracks.find((t) => t.primary)?.id ?? null;
  const inPrimary = frames.filter((f) => f.faces[0]?.track === primary);
  const current = frames.find((f) => f.index === selected) ?? inPrimary[0] ?? frames[0] ?? null;
  // The worker maps the primary sequence's middle frame whatever its score (sequence/pipeline.ts).
  const posterFrames = inPrimary.length > 0 ? inPrimary : frames;
  const poster = posterFrames[Math.floor(posterFrames.length / 2)]?.index ?? null;
  const axis = sequenceAxis(media.sequence, frames);
  const select = (index: number) => setSelected(index);

  return (
    <FrameEvidence
      media={media}
      fixture={fixture}
      axis={axis}
      spanSec={sequenceSpan(media.sequence, frames)}
      cursor={{ kind: 'frame', frame: current, onSelect: (frame) => select(frame.index) }}
      current={current}
      onChoose={(frame) => select(frame.index)}
      onChooseSegment={(segment) => select(segment.firstFrame)}
      poster={poster}
      player={null}
    />
  );
}
