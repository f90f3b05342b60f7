import { describe, expect, it } from 'vitest';
import {
  linkTracks,
  normalisedMean,
  summariseTracks,
  suspiciousSegments,
  type TrackFrame,
} from './tracks.ts';

const desc = (v: number) => new Float32Array(128).fill(v);
const face = (x: number, d: number | null, pFake: number | null, size = 50) => ({
  box: { x, y: 10, width: size, height: size },
  descriptor: d === null ? undefined : desc(d),
  pFake,
});
const frame = (index: number, faces: TrackFrame['faces']): TrackFrame => ({
  index,
  timeSec: index,
  width: 640,
  height: 480,
  faces,
});

describe('linkTracks', () => {
  it('follows each person by descriptor even when they swap places', () => {
    const frames = [
      frame(0, [face(0, 0, 0.1), face(300, 0.2, 0.9)]),
      frame(1, [face(300, 0.01, 0.2), face(0, 0.21, 0.8)]),
      frame(2, [face(150, 0.2, 0.7)]),
    ];
    expect(linkTracks(frames)).toEqual([[0, 1], [0, 1], [1]]);
  });

  it('starts a new track for a face unlike any seen', () => {
    expect(linkTracks([frame(0, [face(0, 0, 0.1)]), frame(1, [face(0, 0.5, 0.1)])])).toEqual([[0], [1]]);
  });

  it('links by box overlap when faces have no descriptors', () => {
    const frames = [
      frame(0, [face(0, null, 0.1), face(400, null, 0.1)]),
      frame(1, [face(405, null, 0.1), face(10, null, 0.1)]),
    ];
    expect(linkTracks(frames)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});

describe('summariseTracks', () => {
  it('scores each track and makes the largest total face area primary', () => {
    const frames = [
      frame(0, [face(0, 0, 0.2, 40), face(300, 0.2, 0.9, 60)]),
      frame(1, [face(0, 0, 0.4, 40)]),
      frame(2, [face(0, 0, 0.6, 40)]),
    ];
    const tracks = summariseTracks(frames, linkTracks(frames), 0.5);
    expect(tracks).toHaveLength(2);
    expect(tracks[0]).toMatchObject({ trackIndex: 0, primary: true, frames: [0, 1, 2], totalArea: 4800 });
    expect(tracks[0]!.meanPFake).toBeCloseTo(0.4);
    expect(tracks[0]!.maxPFake).toBeCloseTo(0.6);
    expect(tracks[0]!.fractionAbove).toBeCloseTo(1 / 3);
    expect(tracks[1]).toMatchObject({
      trackIndex: 1,
      primary: false,
      frames: [0],
      totalArea: 3600,
      meanPFake: 0.9,
    });
  });
});

describe('suspiciousSegments', () => {
  it('turns runs of frames at or above the threshold into time ranges', () => {
    // 8 samples over 8 s: sample i stands for [i, i+1) s, its centre at i + 0.5.
    const p = [0.1, 0.2, 0.7, 0.9, 0.6, 0.1, 0.8, null].map((pFake, index) => ({
      index,
      timeSec: index + 0.5,
      pFake,
    }));
    expect(suspiciousSegments(p, 0.5, 8)).toEqual([
      { startSec: 2, endSec: 5, firstFrame: 2, lastFrame: 4, peakPFake: 0.9 },
      { startSec: 6, endSec: 7, firstFrame: 6, lastFrame: 6, peakPFake: 0.8 },
    ]);
  });

  it('finds none below the threshold', () => {
    expect(suspiciousSegments([{ index: 0, timeSec: 0.5, pFake: 0.49 }], 0.5, 1)).toEqual([]);
  });
});

describe('normalisedMean', () => {
  it('is the unit-length mean, or null for nothing', () => {
    const m = normalisedMean([new Float32Array([1, 0]), new Float32Array([0, 1])])!;
    expect(m[0]).toBeCloseTo(Math.SQRT1_2);
    expect(m[1]).toBeCloseTo(Math.SQRT1_2);
    expect(normalisedMean([])).toBeNull();
  });
});
