import { describe, expect, it } from 'vitest';
import {
  computeMetrics,
  frameItems,
  frameRow,
  FRAMES_HEADER,
  groupItems,
  itemRow,
  ITEMS_HEADER,
  metricsTable,
  parseFramesCsv,
  parseItemsCsv,
  type ScoredFrame,
  type ScoredItem,
} from './report.ts';
import { detectorSpec, scoreAnalysis, SIGNAL_SPECS } from './signals.ts';

const item = (
  file: string,
  label: 0 | 1,
  family: string,
  detector: number | null,
  ela: number,
): ScoredItem => ({
  file,
  label,
  family,
  scores: { detector, ela, noise: 0.1, double_jpeg: 0, metadata: 0 },
  error: null,
});

describe('items_frames.csv', () => {
  it('round-trips frame rows of videos (quotes in names, empty scores), drops a torn line, and keys frames by video', () => {
    const frames: ScoredFrame[] = [0, 1].map((frame) => ({
      file: 'fake/x,"y".mp4',
      frame,
      timeSec: 0.25 + frame / 2,
      label: 1,
      family: 'swap',
      scores: { detector: frame ? 0.9 : 0.125, ela: null, noise: null, double_jpeg: null, metadata: null },
    }));
    const text = [FRAMES_HEADER.join(','), ...frames.map(frameRow)].join('\n');
    expect(FRAMES_HEADER.join(',')).toBe(
      'file,frame,timeSec,label,family,detector,ela,noise,double_jpeg,metadata',
    );
    expect(parseFramesCsv(text + '\n')).toEqual(frames);
    expect(parseFramesCsv(text + '\nfake/z.mp4,0,0.2')).toEqual(frames);
    expect(() => parseFramesCsv('file,label\n')).toThrow(/items_frames.csv has the header/);
    expect(frameItems(frames).map((f) => [f.file, f.scores.detector])).toEqual([
      ['fake/x,"y".mp4#0', 0.125],
      ['fake/x,"y".mp4#1', 0.9],
    ]);
  });
});

describe('items.csv', () => {
  it('round-trips rows, including commas and quotes in names, and drops a half-written last line', () => {
    const rows = [
      item('a,"b".jpg', 1, 'splice', 0.75, 3.5),
      { ...item('c.jpg', 0, 'real', null, 2), error: 'Cannot decode image: x' },
    ];
    const text = [ITEMS_HEADER.join(','), ...rows.map(itemRow), 'd.jpg,1,spl'].join('\n');
    expect(parseItemsCsv(text)).toEqual(rows);
  });
});

describe('computeMetrics', () => {
  it('measures each family against all reals and leaves failed items out', () => {
    const items = [
      item('r1', 0, 'real', 0.1, 1),
      item('r2', 0, 'real', 0.2, 5),
      item('r3', 0, 'real', 0.3, 2),
      item('s1', 1, 'splice', 0.9, 3),
      item('s2', 1, 'splice', 0.8, 4),
      item('f1', 1, 'face_swap', 0.25, 6),
      { ...item('bad', 1, 'face_swap', 0.99, 9), error: 'broken' },
    ];
    const report = computeMetrics(items, [detectorSpec(0.5), SIGNAL_SPECS.ela], { resamples: 0, seed: 1 });
    expect(report.detector!.overall!.n).toBe(6);
    // splice: both fakes above all reals; face_swap: 0.25 beats two of three reals.
    expect(report.detector!.families.splice!.auroc.value).toBe(1);
    expect(report.detector!.families.face_swap!.auroc.value).toBeCloseTo(2 / 3, 12);
    expect(report.detector!.overall!.accuracy!.value).toBeCloseTo(5 / 6, 12);
    // At 0.5: no real above it (FPR 0), two of three fakes (TPR 2/3).
    expect(report.detector!.overall!.fprAtThreshold!.value).toBe(0);
    expect(report.detector!.overall!.tprAtThreshold!.value).toBeCloseTo(2 / 3, 12);
    expect(report.ela!.overall!.brier).toBeNull();
    expect(metricsTable(report)).toMatch(/\| detector \| splice \| 5 \(2\/3\) \| 1\.000 \|/);
  });

  it('says why a signal has no metrics instead of inventing them', () => {
    const items = [item('r1', 0, 'real', null, 1), item('s1', 1, 'splice', null, 2)];
    const report = computeMetrics(items, [detectorSpec(0.5)], { resamples: 0, seed: 1 });
    expect(report.detector!.overall).toBeNull();
    expect(report.detector!.notes).toEqual(['no item has this score']);
  });
});

describe('scoreAnalysis', () => {
  it('reads one scalar per signal from a pipeline result', () => {
    const scores = scoreAnalysis({
      detector: { installed: true, pFake: 0.8 },
      forensics: {
        maps: [
          { kind: 'ELA', stats: { mean: 0.2 }, params: { p995Levels: 12, meanLevels: 2.5 } },
          { kind: 'NOISE', stats: { mean: 0.3 }, params: {} },
        ],
        jpeg: { doubleCompression: null },
        metadata: { contradictions: ['a', 'b'] },
      },
    });
    expect(scores).toEqual({ detector: 0.8, ela: 4, noise: 0.3, double_jpeg: 0, metadata: 2 });
  });
});

describe('groupItems', () => {
  it('scores a video by the mean of its analysed frames, and keeps a video whose frames all failed as failed', () => {
    const frames = [
      item('v1/0.png', 1, 'x', 0.2, 2),
      item('v1/1.png', 1, 'x', 0.6, 4),
      { ...item('v1/2.png', 1, 'x', 0.99, 9), error: 'broken' },
      { ...item('v2/0.png', 0, 'real', 0.5, 1), error: 'broken' },
    ];
    const videos = groupItems(frames, (f) => f.split('/')[0]!);
    expect(videos).toHaveLength(2);
    expect(videos[0]!.file).toBe('v1');
    expect(videos[0]!.scores.detector).toBeCloseTo(0.4, 12);
    expect(videos[0]!.scores.ela).toBe(3);
    expect(videos[1]!.error).toBe('none of its 1 frame(s) could be analysed');
  });

  it('refuses a video whose frames disagree on the label', () => {
    expect(() =>
      groupItems([item('v/0', 1, 'x', 0.1, 1), item('v/1', 0, 'real', 0.1, 1)], () => 'v'),
    ).toThrow(/labelled both real and fake/);
  });
});
