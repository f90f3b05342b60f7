// `npm run bench:upload`: streams a ~200 MB image through POST /api/cases/:id/media and reports
// throughput and this process's RSS growth — the API and, as in tests, the embedded database run
// here, so the figure is an upper bound for the API alone. The client is curl in another process,
// so its buffers are not counted. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startHarness } from '../test/harness.ts';

const runs = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'loupe-upload-bench-'));
// An uncompressed 8,160 × 8,160 RGB TIFF: 200 MB of real, decodable pixels.
const side = 8160;
const file = join(dir, 'big.tif');
await sharp({
  create: {
    width: side,
    height: side,
    channels: 3,
    background: '#000',
    noise: { type: 'gaussian', mean: 128, sigma: 40 },
  },
})
  .tiff({ compression: 'none' })
  .toFile(file);
const size = statSync(file).size;

const h = await startHarness({ LOUPE_UPLOAD_MAX_BYTES: String(size + 1_000_000) });
const token = await h.user('bench@example.test');
const r = await h.gql<{ createCase: { id: string } }>(
  'mutation { createCase(input: { title: "bench" }) { id } }',
  {},
  { token },
);
const caseId = r.data!.createCase.id;

console.log(`file: ${(size / 1e6).toFixed(1)} MB uncompressed TIFF (${side}×${side})`);
for (let i = 0; i < runs; i++) {
  // Each run uploads different bytes so none is a duplicate.
  if (i > 0) {
    await sharp({
      create: {
        width: side,
        height: side,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128 + i, sigma: 40 },
      },
    })
      .tiff({ compression: 'none' })
      .toFile(file);
  }
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  // curl runs asynchronously: the server under test shares this event loop.
  const httpStatus = await new Promise<string>((resolve) => {
    const c = spawn('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-H',
      `authorization: Bearer ${token}`,
      '-F',
      `file=@${file};type=image/tiff`,
      `${h.url}/api/cases/${caseId}/media`,
    ]);
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d));
    c.on('exit', () => resolve(out));
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  console.log(
    `run ${i + 1}: HTTP ${httpStatus} in ${seconds.toFixed(2)} s → ${(size / 1e6 / seconds).toFixed(0)} MB/s ` +
      `(includes SHA-256, disk write and full-decode validation); API RSS growth peak ${((peak - base) / 2 ** 20).toFixed(1)} MiB`,
  );
}
await h.stop();
rmSync(dir, { recursive: true, force: true });
