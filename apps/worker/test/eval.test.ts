import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createOrtFaceDetector,
  ModelRegistry,
  writeFixtureDetector,
  type FaceDetector,
} from '@loupe/inference';
import { loadWorkerConfig } from '@loupe/config';
import { createPrismaClient } from '@loupe/db';
import { NO_DATABASE, onRealPostgres, startTestDatabase } from '@loupe/db/testing';
import { makeClip } from '@loupe/video/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalCommand } from '../src/eval/cli.ts';
import { recordEvaluation } from '../src/eval/record.ts';
import { runEvaluation, type EvalDeps } from '../src/eval/run.ts';

/**
 * `loupe eval` through the worker's own pipeline, with the test-fixture detector (whose numbers
 * mean nothing: this checks the plumbing, and that the fixture is labelled as such).
 */

const demo = join(
  dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);
let root: string;
let faces: FaceDetector;
let registry: ModelRegistry;
let deps: EvalDeps;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'loupe-eval-'));
  await writeFixtureDetector(join(root, 'models'), { dim: 1024 });
  registry = await ModelRegistry.load(join(root, 'models'));
  faces = await createOrtFaceDetector({ log: () => {} });
  deps = { faces, detector: registry.primary(), maxMapSide: 512, batchSize: 4 };
  const data = join(root, 'data');
  mkdirSync(join(data, 'real'), { recursive: true });
  mkdirSync(join(data, 'fake', 'double_jpeg'), { recursive: true });
  for (const i of [1, 2, 3]) {
    const small = await sharp(join(demo, `sample${i}.jpg`))
      .resize(480)
      .jpeg({ quality: 90 })
      .toBuffer();
    writeFileSync(join(data, 'real', `s${i}.jpg`), small);
    const low = await sharp(small).jpeg({ quality: 60 }).toBuffer();
    writeFileSync(
      join(data, 'fake', 'double_jpeg', `s${i}.jpg`),
      await sharp(low).jpeg({ quality: 90 }).toBuffer(),
    );
  }
  writeFileSync(join(data, 'real', 'broken.jpg'), Buffer.from('not an image'));
}, 120_000);

afterAll(async () => {
  await faces?.close();
  await registry?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('runEvaluation', () => {
  it.skipIf(onRealPostgres)(
    `${NO_DATABASE} scores every item through the pipeline and writes items.csv, metrics.json, summary.md and plots`,
    async () => {
      const out = join(root, 'out');
      const lines: string[] = [];
      const r = await runEvaluation(deps, {
        data: join(root, 'data'),
        out,
        resamples: 50,
        progress: (l) => lines.push(l),
      });
      expect(r.items).toHaveLength(7);
      const broken = r.items.find((i) => i.file === 'real/broken.jpg')!;
      expect(broken.error).toMatch(/decode|image/i);
      for (const it of r.items.filter((i) => i.error === null)) {
        expect(it.scores.detector).toBeGreaterThanOrEqual(0);
        expect(it.scores.detector).toBeLessThanOrEqual(1);
        expect(it.scores.ela).toBeGreaterThan(0);
      }
      // The double-JPEG signal separates these fakes from single-compressed reals.
      expect(r.report.double_jpeg!.families.double_jpeg!.auroc.value).toBe(1);
      expect(r.report.detector!.overall!.n).toBe(6);
      expect(r.info.failed).toBe(1);
      expect(r.info.warnings.join(' ')).toMatch(/TEST FIXTURE/);
      const csv = readFileSync(join(out, 'items.csv'), 'utf8').trim().split('\n');
      expect(csv[0]).toBe('file,label,family,detector,ela,noise,double_jpeg,metadata,error');
      expect(csv).toHaveLength(8);
      const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
        run: { model: { isTestFixture: boolean } };
        signals: Record<string, { overall: { auroc: { value: number; ci95: number[] } } }>;
      };
      expect(metrics.run.model.isTestFixture).toBe(true);
      expect(Object.keys(metrics.signals)).toEqual(['detector', 'ela', 'noise', 'double_jpeg', 'metadata']);
      expect(metrics.signals.ela!.overall.auroc.ci95).toHaveLength(2);
      expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(
        /TEST FIXTURE: its numbers are not evidence/,
      );
      for (const plot of ['roc', 'pr', 'reliability', 'histograms']) {
        expect(readFileSync(join(out, 'plots', `${plot}.svg`), 'utf8')).toMatch(/^<svg/);
        expect(
          readFileSync(join(out, 'plots', `${plot}.png`))
            .subarray(1, 4)
            .toString(),
        ).toBe('PNG');
      }
      expect(lines.at(-1)).toMatch(/7\/7 100%.*items\/s · ETA/);
    },
    180_000,
  );

  it.skipIf(onRealPostgres)(
    `${NO_DATABASE} resumes: rows already in items.csv are not scored again, a torn last line is`,
    async () => {
      const out = join(root, 'out');
      const csv = readFileSync(join(out, 'items.csv'), 'utf8').trim().split('\n');
      // Keep the header and 4 rows, plus half of the 5th, as a crash would leave them.
      writeFileSync(join(out, 'items.csv'), [...csv.slice(0, 5), csv[5]!.slice(0, 12)].join('\n'));
      rmSync(join(out, 'metrics.json'));
      const lines: string[] = [];
      const r = await runEvaluation(deps, {
        data: join(root, 'data'),
        out,
        resamples: 0,
        progress: (l) => lines.push(l),
      });
      expect(lines[0]).toBe(`resuming: 4 of 7 items already scored in ${join(out, 'items.csv')}`);
      expect(r.items).toHaveLength(7);
      expect(readFileSync(join(out, 'items.csv'), 'utf8').trim().split('\n')).toHaveLength(8);
      expect(existsSync(join(out, 'metrics.json'))).toBe(true);
    },
    180_000,
  );

  it.skipIf(onRealPostgres)(`${NO_DATABASE} refuses to mix another model into an out folder`, async () => {
    await expect(
      runEvaluation(
        { ...deps, detector: null },
        { data: join(root, 'data'), out: join(root, 'out'), resamples: 0 },
      ),
    ).rejects.toThrow(/holds a run of another data set or model/);
  });

  it('records a run in the database with its model, data fingerprint, metrics and plot specs', async () => {
    const db = await startTestDatabase();
    const prisma = createPrismaClient({ url: db.url });
    try {
      const r = await runEvaluation(deps, {
        data: join(root, 'data'),
        out: join(root, 'out-db'),
        resamples: 20,
      });
      const id = await recordEvaluation(prisma, r, 'tiny set');
      const row = await prisma.evaluation.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({
        modelId: 'loupe-test-fixture',
        modelVersion: deps.detector!.manifest.version,
        modelSha256: deps.detector!.manifest.sha256,
        modelIsTestFixture: true,
        datasetName: 'tiny set',
        datasetLayout: 'folders',
        datasetFingerprint: r.info.dataset.fingerprint,
        items: 7,
        failed: 1,
        resamples: 20,
      });
      const metrics = row.metrics as { signals: { detector: { overall: { auroc: { value: number } } } } };
      expect(metrics.signals.detector.overall.auroc.value).toBe(r.report.detector!.overall!.auroc.value);
      expect(Object.keys(row.plots as object).sort()).toEqual(['histograms', 'pr', 'reliability', 'roc']);
      const audit = await prisma.auditEvent.findFirstOrThrow({
        where: { action: 'evaluation.record', targetId: id },
      });
      expect(audit.details).toMatchObject({
        dataset: { name: 'tiny set', fingerprint: r.info.dataset.fingerprint },
      });
    } finally {
      await prisma.$disconnect();
      await db.stop();
    }
  }, 180_000);
});

describe.skipIf(onRealPostgres)(`${NO_DATABASE} video-level scores`, () => {
  it('scores WildDeepfake face sequences per frame and per sequence (mean of its frames)', async () => {
    const data = join(root, 'wdf');
    for (const [top, seqs] of [
      ['real_test', ['r1', 'r2']],
      ['fake_test', ['f1', 'f2']],
    ] as const) {
      for (const [k, seq] of seqs.entries()) {
        mkdirSync(join(data, top, seq), { recursive: true });
        for (const f of [0, 1]) {
          const q = top === 'fake_test' ? 60 + 10 * f : 90;
          const img = await sharp(join(demo, `sample${k + 1 + f}.jpg`))
            .resize(240)
            .jpeg({ quality: q })
            .toBuffer();
          writeFileSync(join(data, top, seq, `${f}.jpg`), img);
        }
      }
    }
    const r = await runEvaluation(deps, { data, out: join(root, 'out-wdf'), resamples: 0 });
    expect(r.set.layout).toBe('wilddeepfake');
    expect(r.items).toHaveLength(8);
    expect(r.videoLevel!.ela!.overall!.n).toBe(4);
    const mean = (seq: string) => {
      const frames = r.items.filter((i) => i.file.includes(`/${seq}/`));
      return (frames[0]!.scores.ela! + frames[1]!.scores.ela!) / 2;
    };
    expect(mean('f1')).toBeGreaterThan(0);
    const metrics = JSON.parse(readFileSync(join(root, 'out-wdf', 'metrics.json'), 'utf8')) as {
      levels: Record<string, string>;
      videoLevel: unknown;
    };
    expect(metrics.videoLevel).toBeTruthy();
    expect(metrics.levels).toEqual({ signals: 'frame', videoLevel: 'video' });
    expect(readFileSync(join(root, 'out-wdf', 'summary.md'), 'utf8')).toMatch(/## Video level/);
  }, 180_000);
});

describe.skipIf(onRealPostgres)(`${NO_DATABASE} videos`, () => {
  it('scores the videos of a Celeb-DF v2 list through the video pipeline (primary-track mean)', async () => {
    const data = join(root, 'celeb');
    mkdirSync(join(data, 'YouTube-real'), { recursive: true });
    mkdirSync(join(data, 'Celeb-synthesis'), { recursive: true });
    await makeClip(join(data, 'YouTube-real', '00001.mp4'), {
      photo: 1,
      seconds: 2,
      width: 480,
      height: 320,
    });
    await makeClip(join(data, 'Celeb-synthesis', 'id0_id1_0000.mp4'), {
      photo: 2,
      seconds: 2,
      width: 480,
      height: 320,
    });
    writeFileSync(
      join(data, 'List_of_testing_videos.txt'),
      '1 YouTube-real/00001.mp4\n0 Celeb-synthesis/id0_id1_0000.mp4\n0 Celeb-synthesis/not-here.mp4\n',
    );
    const r = await runEvaluation(
      { ...deps, sampleFrames: 4 },
      { data, out: join(root, 'out-celeb'), resamples: 0 },
    );
    expect(r.items.map((i) => [i.file, i.label, i.error])).toEqual([
      ['YouTube-real/00001.mp4', 0, null],
      ['Celeb-synthesis/id0_id1_0000.mp4', 1, null],
    ]);
    for (const it of r.items) {
      expect(it.scores.detector).toBeGreaterThanOrEqual(0);
      expect(it.scores.detector).toBeLessThanOrEqual(1);
      expect(it.scores.ela).toBeNull();
    }
    expect(r.report.detector!.overall!.n).toBe(2);
    expect(r.report.ela!.notes).toEqual(['no item has this score']);
    expect(r.info.warnings.join(' ')).toMatch(/1 listed video\(s\) are neither on disk/);
  }, 180_000);
});

describe.skipIf(onRealPostgres)(`${NO_DATABASE} video files: video level and frame level`, () => {
  // The marker fixture scores green-tinted frames high, so a clip tinted for its first half is
  // "fake" at the video level and half fake at the frame level.
  let markerRegistry: ModelRegistry;
  beforeAll(async () => {
    await writeFixtureDetector(join(root, 'marker-models'), { dim: 1024, marker: true });
    markerRegistry = await ModelRegistry.load(join(root, 'marker-models'));
  });
  afterAll(async () => {
    await markerRegistry?.close();
  });

  it('writes a video row per file in items.csv, its sampled frames in items_frames.csv, and both levels in metrics.json', async () => {
    const data = join(root, 'videos');
    mkdirSync(join(data, 'real'), { recursive: true });
    mkdirSync(join(data, 'fake', 'tint'), { recursive: true });
    const clip = { seconds: 2, fps: 5, width: 240, height: 180 } as const;
    await makeClip(join(data, 'real', 'a.mp4'), { ...clip, photo: 1 });
    await makeClip(join(data, 'real', 'b.webm'), { ...clip, photo: 3, codec: 'vp9', container: 'webm' });
    await makeClip(join(data, 'fake', 'tint', 'c.mov'), {
      ...clip,
      photo: 2,
      container: 'mov',
      alter: { startSec: 0, endSec: 2 },
    });
    await makeClip(join(data, 'fake', 'tint', 'd.mkv'), {
      ...clip,
      photo: 4,
      container: 'mkv',
      alter: { startSec: 0, endSec: 1 },
    });
    const out = join(root, 'out-videos');
    const vdeps = { ...deps, detector: markerRegistry.primary(), sampleFrames: 4 };
    const r = await runEvaluation(vdeps, { data, out, resamples: 0 });

    expect(r.level).toBe('video');
    expect(r.items.map((i) => [i.file, i.label, i.error])).toEqual([
      ['real/a.mp4', 0, null],
      ['real/b.webm', 0, null],
      ['fake/tint/c.mov', 1, null],
      ['fake/tint/d.mkv', 1, null],
    ]);
    // Frame level: 4 uniformly sampled frames per video; d is tinted in its first second only.
    expect(r.frames).toHaveLength(16);
    const d = r.frames.filter((f) => f.file === 'fake/tint/d.mkv');
    expect(d.map((f) => f.frame)).toEqual([0, 1, 2, 3]);
    for (const f of d) expect(f.scores.detector! >= 0.5, `d at ${f.timeSec}s`).toBe(f.timeSec < 1);
    for (const f of r.frames.filter((x) => x.label === 0)) expect(f.scores.detector!).toBeLessThan(0.5);
    // Video level: one score per video, the primary track's mean, so within its frames' range;
    // the wholly tinted fake scores above both reals.
    expect(r.report.detector!.overall!.n).toBe(4);
    for (const it of r.items) {
      const own = r.frames.filter((f) => f.file === it.file).map((f) => f.scores.detector!);
      expect(it.scores.detector!).toBeGreaterThanOrEqual(Math.min(...own) - 1e-9);
      expect(it.scores.detector!).toBeLessThanOrEqual(Math.max(...own) + 1e-9);
    }
    expect(r.items[2]!.scores.detector!).toBeGreaterThan(0.5);
    for (const it of r.items.slice(0, 2)) expect(it.scores.detector!).toBeLessThan(0.5);
    // Frame level: d's untinted frames fall among the reals.
    expect(r.frameLevel!.detector!.overall).toMatchObject({ n: 16, fakes: 8, reals: 8 });
    expect(r.frameLevel!.detector!.overall!.auroc.value).toBeLessThan(1);
    expect(r.frameLevel!.ela!.notes).toEqual(['no item has this score']);

    const frameCsv = readFileSync(join(out, 'items_frames.csv'), 'utf8').trim().split('\n');
    expect(frameCsv[0]).toBe('file,frame,timeSec,label,family,detector,ela,noise,double_jpeg,metadata');
    expect(frameCsv).toHaveLength(17);
    expect(frameCsv.filter((l) => l.startsWith('fake/tint/d.mkv,2,'))).toHaveLength(1);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
      levels: Record<string, string>;
      frameLevel: { detector: { overall: { n: number } } };
    };
    expect(metrics.levels).toEqual({ signals: 'video', frameLevel: 'frame' });
    expect(metrics.frameLevel.detector.overall.n).toBe(16);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/## Frame level/);

    // Resuming after a crash between a video's frame rows and its item row: the video is scored
    // again and its frames are not counted twice.
    const items = readFileSync(join(out, 'items.csv'), 'utf8').trim().split('\n');
    writeFileSync(join(out, 'items.csv'), items.slice(0, -1).join('\n') + '\n');
    const again = await runEvaluation(vdeps, { data, out, resamples: 0 });
    expect(again.frames).toHaveLength(16);
    expect(readFileSync(join(out, 'items_frames.csv'), 'utf8').trim().split('\n')).toHaveLength(17);
    expect(again.frameLevel!.detector!.overall!.auroc.value).toBe(
      r.frameLevel!.detector!.overall!.auroc.value,
    );
  }, 300_000);
});

describe.skipIf(onRealPostgres)(`${NO_DATABASE} loupe eval (command)`, () => {
  const config = loadWorkerConfig({
    DATABASE_URL: 'postgres://unused.invalid/',
    LOUPE_MODELS_DIR: '/nonexistent',
  });
  it.each([
    ['no arguments', [], /^usage: loupe eval --data/],
    ['--data without --out', ['--data', '/tmp'], /^usage: loupe eval/],
    ['an unknown option', ['--data', '/tmp', '--out', '/tmp/x', '--bogus'], /Unknown option '--bogus'/],
    [
      'a missing data folder',
      ['--data', '/nonexistent/set', '--out', '/tmp/x'],
      /--data \/nonexistent\/set: no such file or folder/,
    ],
  ])('answers %s with exit code 2 and a message', async (_name, argv, message) => {
    const lines: string[] = [];
    const code = await evalCommand(
      argv,
      config,
      null,
      (l) => lines.push(l),
      () => {},
    );
    expect(code).toBe(2);
    expect(lines.join('\n')).toMatch(message);
  });
});
