import { describe, expect, it } from 'vitest';
import {
  reportOptions,
  TEST_FIXTURE_WARNING,
  type ReportBundle,
  type ReportVideoAnalysis,
} from './bundle.ts';
import { renderCasePdf } from './render.ts';
import { poppler, testBundle } from './testing.ts';

// 32 frames over 8 s; track 0 (primary) high in [3 s, 5 s), track 1 low throughout.
const frames: ReportVideoAnalysis['frames'] = Array.from({ length: 32 }, (_, i) => {
  const t = (i + 0.5) * 0.25;
  const high = t >= 3 && t < 5;
  return {
    index: i,
    timeSec: t,
    pFake: high ? 0.9 : 0.1,
    subject: i === 31 ? 'WHOLE_FRAME' : 'FACE',
    faces:
      i === 31
        ? []
        : [
            { track: 0, pFake: high ? 0.9 : 0.1 },
            { track: 1, pFake: 0.2 },
          ],
    thumbnailStorageKey: null,
  };
});

function bundle(fixture: boolean): ReportBundle {
  return testBundle({
    options: reportOptions({ includeAuditTrail: false }),
    case: { title: 'Video case' },
    evidence: [
      {
        id: '00000000-0000-4000-8000-000000000003',
        originalName: 'clip.mp4',
        sha256: 'b'.repeat(64),
        sizeBytes: 1000,
        mimeType: 'video/mp4',
        width: 320,
        height: 240,
        storageKey: 'k',
        kind: 'VIDEO',
        video: {
          container: 'MP4',
          codec: 'h264',
          profile: 'High',
          durationSec: 8,
          fps: 25,
          variableFrameRate: false,
          width: 320,
          height: 240,
          rotation: 0,
          frameCount: 200,
          audio: [{ codec: 'aac', channels: 2, sampleRate: 48000 }],
        },
        acquiredAt: '2026-12-01T00:00:00.000Z',
        uploadedBy: null,
        analyses: [
          {
            id: 'a1',
            status: 'DONE',
            error: null,
            codeVersion: '0.1.0',
            finishedAt: '2026-12-02T00:00:00.000Z',
            model: { id: 'det', version: '1', sha256: 'a'.repeat(64), isTestFixture: fixture },
            pFake: 0.3,
            label: 'real',
            evaluation: null,
            detectorNote: null,
            signals: null,
            heatmaps: [],
            video: {
              rule: 'Mean p(fake) over the 31 of 32 uniformly sampled frames in which the primary face track (largest total face area) appears.',
              threshold: 0.5,
              mappedFrame: 14,
              frames,
              tracks: [
                {
                  trackIndex: 0,
                  primary: true,
                  frameCount: 31,
                  meanPFake: 0.3,
                  maxPFake: 0.9,
                  fractionAbove: 0.25,
                },
                {
                  trackIndex: 1,
                  primary: false,
                  frameCount: 31,
                  meanPFake: 0.2,
                  maxPFake: 0.2,
                  fractionAbove: 0,
                },
              ],
              segments: [
                { trackIndex: 0, startSec: 3, endSec: 5, firstFrame: 12, lastFrame: 19, peakPFake: 0.9 },
              ],
            },
          },
        ],
        verdicts: [],
      },
    ],
  });
}

describe('a video item in the PDF', () => {
  it('shows probe facts, the video score and rule, the timeline, frames, tracks and segments', async () => {
    const pdf = await renderCasePdf(bundle(false), { thumbnails: new Map(), maps: new Map() });
    const text = poppler('pdftotext', pdf, ['-layout']).replace(/\s+/g, ' ');
    expect(text).toContain('Container / codec: MP4, h264 (High)');
    expect(text).toContain('Duration: 8.00 s, 200 frames, 25.000 fps');
    expect(text).toContain('Resolution: 320 × 240 px');
    expect(text).toContain('Audio: aac, 2 ch, 48000 Hz');
    expect(text).toContain('Video score: p(fake) 0.3000 (real)');
    expect(text).toContain('Rule: Mean p(fake) over the 31 of 32 uniformly sampled frames');
    expect(text).toContain('Timeline: p(fake) of each sampled frame');
    expect(text).toContain('time (s)');
    expect(text).toContain('track 0 (primary)');
    expect(text).toContain('threshold 0.50');
    expect(text).toContain('suspicious segment (1)');
    // Frame strip captions: time and score of each sampled frame.
    expect(text).toContain('3.13 s · 0.90');
    expect(text).toContain('0.13 s · 0.10');
    // Track and segment tables.
    expect(text).toMatch(/0 \(primary\) 31 0\.300 0\.900 25 %/);
    expect(text).toMatch(/1 31 0\.200 0\.200 0 ?%/);
    expect(text).toMatch(/3\.00 s – 5\.00 s 12–19 0\.900 0/);
    expect(text).not.toContain(TEST_FIXTURE_WARNING);
    // Cover, contents, summary, one or two pages for the item, the audit trail's (left out) page.
    const pages = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf, []))![1]);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(pages).toBeLessThanOrEqual(6);
  });

  it("marks every score of a test fixture's video analysis", async () => {
    const pdf = await renderCasePdf(bundle(true), { thumbnails: new Map(), maps: new Map() });
    const text = poppler('pdftotext', pdf, []).replace(/\s+/g, ' ');
    expect(text).toContain(`Video score: p(fake) 0.3000 (real) [${TEST_FIXTURE_WARNING}]`);
    expect(text).toContain(`Timeline: p(fake) of each sampled frame [${TEST_FIXTURE_WARNING}]`);
    expect(text).toContain(`Face tracks [${TEST_FIXTURE_WARNING}]`);
    expect(text).toContain(`Suspicious segments [${TEST_FIXTURE_WARNING}]`);
  });
});
