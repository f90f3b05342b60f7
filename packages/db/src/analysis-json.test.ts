import { describe, expect, it } from 'vitest';
import { checkAnalysisJson, readFaces, readSignals } from './analysis-json.ts';

const detector = { installed: true, subject: 'FACE', note: null };
const image = {
  detector,
  jpeg: { isJpeg: true, estimatedQuality: 90 },
  metadata: { software: null },
  maps: { ELA: { stats: { mean: 0.1, p99: 0.5, max: 1 }, params: { quality: 90, method: 'ela' } } },
  faceModel: { id: 'face-api', version: '1' },
  timingsMs: { decode: 12.5 },
  nearDuplicates: [{ knownFakeId: 'k1', space: 'PHASH', distance: 2, score: 0.97 }],
};
const faces = [{ box: { x: 1, y: 2, width: 3, height: 4 }, score: 0.9, primary: true, pFake: 0.2 }];
const video = {
  detector: { ...detector, rule: 'mean of 32 frames', threshold: 0.5 },
  video: {
    framesSampled: 32,
    framesWithoutFace: 3,
    primaryTrack: 0,
    mappedFrames: { top: [4, 9], poster: 16 },
  },
  faceModel: { id: 'face-api', version: '1' },
  timingsMs: {},
  nearDuplicates: [],
};

describe('the analysis JSON contract', () => {
  it('accepts what the image and video writers store', () => {
    expect(() => checkAnalysisJson('image', image, faces)).not.toThrow();
    expect(() =>
      checkAnalysisJson('video', video, [{ box: faces[0]!.box, score: 0.8, track: 0, pFake: null }]),
    ).not.toThrow();
    const noDetector = { ...image, detector: { installed: false, note: 'none installed', problems: [] } };
    expect(() => checkAnalysisJson('image', noDetector, [])).not.toThrow();
  });

  it('refuses a key or shape readers do not know, naming where', () => {
    expect(() => checkAnalysisJson('image', { ...image, surprise: 1 }, faces)).toThrow(/signals: .*surprise/);
    expect(() =>
      checkAnalysisJson(
        'image',
        { ...image, nearDuplicates: [{ knownFakeId: 'k', space: 'X', distance: 1, score: 1 }] },
        faces,
      ),
    ).toThrow(/signals\.nearDuplicates\.0\.space/);
    expect(() => checkAnalysisJson('image', image, [{ ...faces[0], score: '0.9' }])).toThrow(
      /faces\.0\.score/,
    );
    expect(() => checkAnalysisJson('video', image, faces)).toThrow(/signals/);
    expect(() => checkAnalysisJson('image', { ...image, detector: { installed: true } }, faces)).toThrow(
      /signals\.detector/,
    );
  });

  it('reads each part on its own, so an old or odd row loses only what does not fit', () => {
    const old = {
      detector: { installed: true, extra: 'dropped' },
      nearDuplicates: [{ knownFakeId: 'k1', space: 'PHASH', distance: 2, score: 0.9 }, { knownFakeId: 7 }],
      jpeg: 'not an object',
      video: { framesSampled: 'many' },
    };
    const read = readSignals(old)!;
    expect(read.detector).toEqual({ installed: true });
    expect(read.nearDuplicates).toEqual([{ knownFakeId: 'k1', space: 'PHASH', distance: 2, score: 0.9 }]);
    expect(read.jpeg).toBeNull();
    expect(read.video).toBeNull();
    expect(readSignals(image)!.maps).toEqual(image.maps);
    expect(readSignals(null)).toBeNull();
    expect(readSignals([1])).toBeNull();
    expect(readFaces([...faces, { box: null, score: 1 }, 'x'])).toEqual(faces);
    expect(readFaces(null)).toEqual([]);
  });
});
