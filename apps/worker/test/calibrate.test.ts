import { NO_DATABASE, onRealPostgres } from '@loupe/db/testing';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createOrtFaceDetector,
  ModelRegistry,
  writeFixtureDetector,
  type FaceDetector,
} from '@loupe/inference';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrateDetector } from '../src/eval/calibrate.ts';
import { chooseDetector } from '../src/worker.ts';

/**
 * `loupe calibrate` with the test-fixture detector: a new version folder beside the installed one,
 * which the worker's registry then uses. (The fixture's numbers mean nothing; the plumbing does.)
 */

const demo = join(
  dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);
let root: string;
let faces: FaceDetector;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'loupe-calibrate-'));
  await writeFixtureDetector(join(root, 'models'), { dim: 1024 });
  faces = await createOrtFaceDetector({ log: () => {} });
  mkdirSync(join(root, 'data'));
  const rows = ['file,label,family,split'];
  for (const i of [1, 2, 3, 4, 5, 6]) {
    for (const [k, q] of [60, 90].entries()) {
      const name = `s${i}-q${q}.jpg`;
      writeFileSync(
        join(root, 'data', name),
        await sharp(join(demo, `sample${i}.jpg`))
          .resize(400)
          .jpeg({ quality: q })
          .toBuffer(),
      );
      // Arbitrary labels (the fixture cannot tell anything apart); the test split is left out.
      rows.push(`${name},${k},${k ? 'x' : 'real'},${i <= 5 ? 'calibration' : 'test'}`);
    }
  }
  writeFileSync(join(root, 'data', 'labels.csv'), rows.join('\n') + '\n');
}, 120_000);

afterAll(async () => {
  await faces?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe.skipIf(onRealPostgres)(`${NO_DATABASE} calibrateDetector`, () => {
  it('writes a new version folder the registry prefers, leaving the installed one untouched', async () => {
    const modelsDir = join(root, 'models');
    const installedManifest = readFileSync(join(modelsDir, 'loupe-test-fixture', 'manifest.json'), 'utf8');
    const registry = await ModelRegistry.load(modelsDir);
    const detector = registry.primary()!;
    let c;
    try {
      c = await calibrateDetector(
        { faces, detector, maxMapSide: 512, batchSize: 4 },
        { data: join(root, 'data'), split: 'calibration', fpr: 0.2, now: new Date('2026-12-02T05:00:00Z') },
      );
    } finally {
      await registry.close();
    }
    expect(c.items).toBe(10);
    expect(c.temperature).toBeGreaterThan(0);
    expect(c.fprAtThreshold).toBeLessThanOrEqual(0.2);
    expect(c.version).toMatch(/\+cal\.20261202T050000Z$/);
    expect(readdirSync(modelsDir).sort()).toEqual([
      'loupe-test-fixture',
      'loupe-test-fixture@cal-20261202T050000Z',
    ]);
    expect(readFileSync(join(modelsDir, 'loupe-test-fixture', 'manifest.json'), 'utf8')).toBe(
      installedManifest,
    );

    const logs: string[] = [];
    const again = await ModelRegistry.load(modelsDir, { log: (m) => logs.push(m) });
    try {
      expect(again.problems).toEqual([]);
      const { detector: used } = chooseDetector(again, undefined);
      expect(used!.manifest.version).toBe(c.version);
      expect(used!.manifest.calibration).toMatchObject({
        temperature: c.temperature,
        threshold: c.threshold,
      });
      expect(used!.manifest.calibration.fittedOn).toMatch(/split calibration, 10 items/);
      expect(used!.manifest.isTestFixture).toBe(true);
      expect(logs.join('\n')).toMatch(/superseded by .*\+cal\.20261202T050000Z/);
    } finally {
      await again.close();
    }
  }, 180_000);

  it.each([
    ['an unknown split', { split: 'nope', fpr: 0.05 }, /no item has split 'nope'/],
    ['an FPR outside (0, 1)', { split: 'calibration', fpr: 1.5 }, /--fpr must be in \(0, 1\)/],
  ])('refuses %s', async (_name, opts, message) => {
    const registry = await ModelRegistry.load(join(root, 'models'));
    try {
      await expect(
        calibrateDetector(
          { faces, detector: registry.primary()!, maxMapSide: 512, batchSize: 4 },
          { data: join(root, 'data'), ...opts },
        ),
      ).rejects.toThrow(message);
    } finally {
      await registry.close();
    }
  });
});
