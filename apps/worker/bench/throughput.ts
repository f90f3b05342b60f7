/**
 * npm run bench:throughput [-- fixture|fixture-wide|int8|fp32|fp16|all [N]]   (all: fixture, int8, fp32; fp16 is for GPUs)
 *
 * N photos of ~2 Mpx (face-api's demo photos, resized and each cropped a little differently so
 * every copy has its own SHA-256) analysed end to end through the queue: seeded as an upload
 * leaves them (evidence file adopted by EvidenceStore, Media + QUEUED Analysis rows — not through
 * the HTTP API), N analyze-media jobs sent at once to the real worker (startWorker, its own
 * config from the environment), timed until every analysis is DONE. Then, in the same run, the
 * ONNX-only bound: the worker's own detector session (same threads) alone over the very inputs
 * the pipeline gave it, one run after another, twice (the faster pass counts) — decoding, face
 * detection and preprocessing excluded. Prints images/s, end-to-end ÷ bound, p50/p95 latency per
 * item and where the time went. Goals (issue 11): ratio ≥ 0.7 with int8; ≥ 4 photos/s with the test fixture.
 *
 * `fixture` is the test fixture with a 32-wide trunk and the real 1024-wide outputs (about
 * 14 M multiply-adds per image), so that its own cost is negligible, as the goal assumes;
 * `fixture-wide` is the full-width one the product's tests install (about 420 M per image,
 * 20–30 ms on 2 cores, 3.5 images per photo here), for comparison with earlier figures.
 *
 * The database is the embedded one in its own process, as `npm start` runs it, or a real
 * PostgreSQL when LOUPE_TEST_DATABASE_URL names one (node scripts/real-postgres.mjs -- npm run
 * bench:throughput). Printed, not asserted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadWorkerConfig, projectRoot } from '@loupe/config';
import { createPrismaClient, migrate, type PrismaClient } from '@loupe/db';
import { startTestDatabase } from '@loupe/db/testing';
import {
  createOrtFaceDetector,
  openSessionLike,
  writeFixtureDetector,
  type DetectorSession,
  type LoadedDetector,
} from '@loupe/inference';
import { QUEUES } from '@loupe/queue';
import { EvidenceStore } from '@loupe/storage';
import { storeOriginalBytes } from '@loupe/storage/testing';
import { installBenchVitL14 } from './bench-model.ts';
import { startWorker } from '../src/worker.ts';

type Mode = 'fixture' | 'fixture-wide' | 'int8' | 'fp32' | 'fp16';
const isFixture = (mode: Mode) => mode === 'fixture' || mode === 'fixture-wide';
/** Passes of the ONNX-only bound over the pipeline's detector inputs. */
const BOUND_PASSES = 2;
const arg = process.argv[2] ?? 'fixture';
if (!['fixture', 'fixture-wide', 'int8', 'fp32', 'fp16', 'all'].includes(arg)) {
  console.error(`usage: bench:throughput [fixture|fixture-wide|int8|fp32|fp16|all] [N]; got ${arg}`);
  process.exit(2);
}
const modes: Mode[] = arg === 'all' ? ['fixture', 'int8', 'fp32'] : [arg as Mode];
const givenN = process.argv[3] ? Number(process.argv[3]) : undefined;
if (givenN !== undefined && !(Number.isInteger(givenN) && givenN > 0 && givenN <= 2000)) {
  console.error(`N must be an integer from 1 to 2000; got ${process.argv[3]}`);
  process.exit(2);
}
// The issue's 200 photos where its goals are set (the fixture, int8: about 7 minutes with the bound
// and the all-cores passes on 2 cores; at 40 the threads' start and V8's first compilations weigh
// on the ratio). fp32 and fp16 stay bounded: fp32 takes about a CPU-second per photo here.
const countFor = (mode: Mode) => givenN ?? (isFixture(mode) || mode === 'int8' ? 200 : 40);
const GOAL_RATIO = 0.7;
const GOAL_FIXTURE_PER_S = 4;

const root = projectRoot();
const quiet = { info: () => undefined, error: (...a: unknown[]) => console.error(...a) };
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
/** CPU ms (user + system) of a process from /proc: on a shared machine wall time alone misleads. */
const procCpuMs = (pid: number | undefined | 'self'): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
};

console.log(
  `bench:throughput ${modes.join(', ')} — ${availableParallelism()} cores, load average at start ${load()}`,
);
const work = mkdtempSync(join(tmpdir(), 'loupe-throughput-bench-'));
const cleanups: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];

/** The embedded database in a process of its own (as `npm start`), or the real server's. */
async function startDatabase(): Promise<{ url: string; pid?: number; kind: string }> {
  if (process.env.LOUPE_TEST_DATABASE_URL) {
    const db = await startTestDatabase();
    cleanups.push(() => db.stop());
    return { url: db.url, kind: 'PostgreSQL (LOUPE_TEST_DATABASE_URL; its CPU is not counted here)' };
  }
  const port = await new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
  const dir = join(work, 'pglite');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/db/src/embedded/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      LOUPE_DB_HOST: '127.0.0.1',
      LOUPE_DB_PORT: String(port),
      LOUPE_DB_DIR: dir,
      LOUPE_DATA_DIR: dir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let output = '';
  const [, url, passwordFile] = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`embedded database not ready in 120 s:\n${output}`)),
      120_000,
    );
    const onData = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
      const m = /ready at (postgres:\/\/\S+) .*password in (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded database exited (${code}):\n${output}`));
    });
  });
  const withPassword = new URL(url!);
  withPassword.password = readFileSync(passwordFile!, 'utf8').trim();
  await migrate(withPassword.toString());
  return { url: withPassword.toString(), pid: child.pid, kind: 'embedded PGlite in its own process' };
}

/** N distinct ~2 Mpx JPEGs: demo photo i % 6, 1632×1224 cut at an offset of its own from 1700×1280. */
async function makePhotos(n: number): Promise<Buffer[]> {
  const bases = await Promise.all(
    [1, 2, 3, 4, 5, 6].map((i) =>
      sharp(join(root, `node_modules/@vladmandic/face-api/demo/sample${i}.jpg`))
        .resize(1700, 1280, { fit: 'cover' })
        .raw()
        .toBuffer({ resolveWithObject: true }),
    ),
  );
  const photos: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const { data, info } = bases[i % 6]!;
    const k = Math.floor(i / 6);
    photos.push(
      await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
        .extract({ left: k % 64, top: Math.floor(k / 64) % 56, width: 1632, height: 1224 })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
  }
  return photos;
}

async function seed(prisma: PrismaClient, store: EvidenceStore, photos: Buffer[], mode: Mode) {
  const user = await prisma.user.create({
    data: { email: `bench-${mode}-${Date.now()}@example.test`, displayName: 'Bench', passwordHash: 'x' },
  });
  const caseId = (await prisma.case.create({ data: { title: `Throughput ${mode}`, createdById: user.id } }))
    .id;
  const ids: string[] = [];
  for (const [i, bytes] of photos.entries()) {
    const media = await prisma.media.create({
      data: {
        caseId,
        ...(await storeOriginalBytes(store, bytes)),
        mimeType: 'image/jpeg',
        originalName: `bench-${i}.jpg`,
        width: 1632,
        height: 1224,
        uploadedById: user.id,
      },
    });
    ids.push((await prisma.analysis.create({ data: { mediaId: media.id, codeVersion: 'bench' } })).id);
  }
  return ids;
}

async function benchMode(
  mode: Mode,
  db: { url: string; pid?: number },
  prisma: PrismaClient,
  photos: Buffer[],
) {
  const n = photos.length;
  console.log(`\n== ${mode}: ${n} photos of 1632×1224 (2.0 Mpx) ==`);
  const dataDir = join(work, mode);
  const modelsDir = join(dataDir, 'models');
  const t0 = performance.now();
  if (isFixture(mode)) {
    await writeFixtureDetector(modelsDir, { dim: 1024, ...(mode === 'fixture' ? { width: 32 } : {}) });
  } else await installBenchVitL14(modelsDir, mode);
  console.log(`model ready in ${secs(performance.now() - t0)}`);
  const store = new EvidenceStore(dataDir);
  const t1 = performance.now();
  const ids = await seed(prisma, store, photos, mode);
  console.log(
    `seeded ${n} as an upload leaves them (evidence file + Media + QUEUED Analysis; not through the HTTP API) in ${secs(performance.now() - t1)}`,
  );

  const config = loadWorkerConfig({
    ...process.env,
    DATABASE_URL: db.url,
    LOUPE_DATA_DIR: dataDir,
    LOUPE_MODELS_DIR: modelsDir,
    LOUPE_AUDIT_PUBLIC_KEY_FILE: join(dataDir, 'audit-pub', 'audit-ed25519.pub.pem'),
  });
  // The face detector the worker would make, passed in so its time can be counted.
  const faces = await createOrtFaceDetector({
    executionProviders: config.models.executionProviders,
    ...(config.models.threads > 0 ? { threads: config.models.threads } : {}),
    spin: config.models.spin,
  });
  let facesMs = 0;
  const detect = faces.detect.bind(faces);
  faces.detect = (async (...args: Parameters<typeof detect>) => {
    const t = performance.now();
    try {
      return await detect(...args);
    } finally {
      facesMs += performance.now() - t;
    }
  }) as typeof faces.detect;
  // The pipeline reports progress at each step's end (0.15 decoded, 0.35 faces found, 0.6
  // detector and its map done, 0.9 forensics in); noting when lets the wall time be split by step.
  const marks = new Map<string, Map<number, number>>();
  const tracing = prisma.$extends({
    query: {
      analysis: {
        async updateMany({ args, query }) {
          const id = args.where?.id;
          const p = args.data?.progress;
          if (typeof id === 'string' && typeof p === 'number') {
            if (!marks.has(id)) marks.set(id, new Map());
            marks.get(id)!.set(p, Date.now());
          }
          return query(args);
        },
      },
    },
  }) as unknown as PrismaClient;
  const worker = await startWorker(config, { prisma: tracing, faces, log: quiet });
  const detector = worker.detector;
  if (!detector) throw new Error('the worker loaded no detector');
  console.log(
    `worker: concurrency ${config.concurrency}, ORT threads ${config.models.threads || 'default'}${config.models.spin ? ' (spinning)' : ' (no spinning)'}, detector batch ${config.models.batchSize}, detector sessions ${config.models.sessions}, pixel threads ${config.forensicsThreads} (nice ${config.forensicsNice}), DB pool ${config.database.poolSize}`,
  );
  // Time every detector run, on each of the worker's detector sessions, and keep its inputs for the
  // bound (up to 512 MB; past that the first input of the same shape stands in — ONNX cost depends
  // on the shape, not the values).
  const sessions = worker.batcher?.sessions ?? [detector.session];
  const bare = sessions.map((s) => s.run.bind(s));
  type Feeds = Parameters<DetectorSession['run']>[0];
  const replay: Feeds[] = [];
  const byShape = new Map<string, Feeds>();
  let keptBytes = 0;
  let substituted = 0;
  let onnxMs = 0;
  let onnxRuns = 0;
  let fetches: string[] = [];
  sessions.forEach((session, i) => {
    session.run = async (...args: Parameters<DetectorSession['run']>) => {
      const feeds = args[0];
      fetches = args[1];
      const tensors = Object.values(
        feeds as Record<string, { dims: readonly number[]; data: { byteLength: number } }>,
      );
      const shape = tensors.map((t) => t.dims.join('×')).join(',');
      const bytes = tensors.reduce((s, t) => s + t.data.byteLength, 0);
      if (keptBytes + bytes <= 512 * 2 ** 20) {
        keptBytes += bytes;
        replay.push(feeds);
        if (!byShape.has(shape)) byShape.set(shape, feeds);
      } else {
        substituted++;
        replay.push(byShape.get(shape) ?? feeds);
      }
      const t = performance.now();
      try {
        return await bare[i]!(...args);
      } finally {
        onnxMs += performance.now() - t;
        onnxRuns++;
      }
    };
  });

  const cpu0 = procCpuMs('self');
  const dbCpu0 = procCpuMs(db.pid);
  const sentAt = Date.now();
  const start = performance.now();
  await Promise.all(ids.map((analysisId) => worker.boss.send(QUEUES.analyzeMedia.name, { analysisId })));
  const sendMs = performance.now() - start;
  let finished = 0;
  const deadline = Date.now() + Math.max(600_000, n * 60_000);
  while (finished < n) {
    if (Date.now() > deadline) throw new Error(`only ${finished}/${n} finished in time`);
    await new Promise((r) => setTimeout(r, 200));
    finished = await prisma.analysis.count({
      where: { id: { in: ids }, status: { in: ['DONE', 'FAILED'] } },
    });
  }
  const wallMs = performance.now() - start;
  const cpuMs = procCpuMs('self') - cpu0;
  const dbCpuMs = procCpuMs(db.pid) - dbCpu0;
  const e2eOnnxMs = onnxMs;
  const e2eRuns = onnxRuns;
  sessions.forEach((session, i) => (session.run = bare[i]!)); // the bound runs the bare sessions

  const rows = await prisma.analysis.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, error: true, startedAt: true, finishedAt: true, signals: true },
  });
  const failed = rows.filter((r) => r.status !== 'DONE');
  const latency = rows.map((r) => r.finishedAt!.getTime() - sentAt);
  const service = rows.map((r) => r.finishedAt!.getTime() - r.startedAt!.getTime());
  const waited = rows.map((r) => r.startedAt!.getTime() - sentAt);
  const forensicsMs = rows.reduce(
    (s, r) =>
      s + (((r.signals as { timingsMs?: { total?: number } } | null)?.timingsMs?.total ?? 0) as number),
    0,
  );
  const busyMs = service.reduce((a, b) => a + b, 0);
  const steps = [
    ['claim, read, decode', 'start', 0.15],
    ['face detection', 0.15, 0.35],
    ['preprocess, detector, its map', 0.35, 0.6],
    ['waiting for forensics', 0.6, 0.9],
    ['write maps + DB transaction', 0.9, 'end'],
  ] as const;
  const stepMs = steps.map(() => 0);
  let traced = 0;
  for (const r of rows) {
    const m = marks.get(r.id);
    if (!m || r.status !== 'DONE') continue;
    traced++;
    const at = (k: number | 'start' | 'end') =>
      k === 'start' ? r.startedAt!.getTime() : k === 'end' ? r.finishedAt!.getTime() : m.get(k);
    steps.forEach(([, from, to], j) => {
      const a = at(from);
      const b = at(to);
      if (a !== undefined && b !== undefined) stepMs[j]! += b - a;
    });
  }
  const perS = (n * 1000) / wallMs;

  // The bound: the worker's own detector sessions and thread settings, the same inputs, nothing
  // else running. (The worker's detector sessions live in threads of their own; the bound goes
  // through them too, side by side when LOUPE_DETECTOR_SESSIONS > 1.)
  // Two passes: the machine's speed drifts, and one pass hides by how much. The ratio is taken
  // against the faster pass, so drift can only make it look worse, never better.
  const passMs = await replayPasses(sessions, replay, fetches);
  const boundMs = Math.min(...passMs);
  const boundPerS = (n * 1000) / boundMs;
  await worker.stop();
  await faces.close();
  // The bound above uses the worker's own thread settings, and ONNX Runtime's default can be one
  // thread (it is on the 2-vCPU development machine: its sessions there start no pool threads).
  // So also measure what the detector alone does with every core, the machine's true ceiling.
  const ceiling = isFixture(mode) ? null : await detectorCeiling(detector, config, replay, fetches, n);

  console.log(
    `end to end: ${n} in ${secs(wallMs)} = ${perS.toFixed(2)} images/s` +
      (failed.length ? ` — ${failed.length} FAILED (${failed[0]?.error})` : '') +
      ` (sending the ${n} jobs took ${secs(sendMs)})`,
  );
  console.log(
    `latency per item, job sent → DONE: p50 ${secs(pct(latency, 50))}, p95 ${secs(pct(latency, 95))}; ` +
      `of which waiting in the queue p50 ${secs(pct(waited, 50))}; running (started → DONE) p50 ${secs(pct(service, 50))}, p95 ${secs(pct(service, 95))}`,
  );
  console.log(
    `ONNX-only bound (the worker's detector session${sessions.length > 1 ? `s (${sessions.length}, side by side)` : ''} alone, same threads, the ${replay.length} runs the pipeline made` +
      `${substituted ? `, ${substituted} replayed with a same-shape stand-in` : ''}; decoding, faces and preprocessing excluded): ` +
      `${secs(boundMs)} = ${boundPerS.toFixed(2)} images/s` +
      ` (the faster of ${BOUND_PASSES} passes: ${passMs.map((ms) => ((n * 1000) / ms).toFixed(2)).join(', ')} images/s)`,
  );
  const ratio = perS / boundPerS;
  console.log(
    `ratio end-to-end ÷ bound: ${ratio.toFixed(2)}` +
      (isFixture(mode)
        ? ' (the fixture costs little; the ratio means little here)'
        : `; goal ≥ ${GOAL_RATIO}`),
  );
  if (ceiling) {
    const best = Math.max(...ceiling.map((c) => c.perS));
    console.log(
      `the detector alone on all ${availableParallelism()} cores (same inputs, faster of ${BOUND_PASSES} passes each): ` +
        ceiling.map((c) => `${c.label} ${c.perS.toFixed(2)} images/s`).join(', ') +
        `; end-to-end ÷ the best: ${(perS / best).toFixed(2)}`,
    );
  }
  if (isFixture(mode))
    console.log(
      `photos/s end to end: ${perS.toFixed(2)}; goal ≥ ${GOAL_FIXTURE_PER_S} — ${perS >= GOAL_FIXTURE_PER_S ? 'met' : 'NOT met'}`,
    );
  const share = (ms: number) => `${secs(ms)} (${((100 * ms) / wallMs).toFixed(0)} % of wall)`;
  console.log('where the time went (sums over all items):');
  console.log(`  wall ${secs(wallMs)}; analyses running (sum of started → DONE) ${share(busyMs)}`);
  console.log(
    `  main thread: face detection ${share(facesMs)}, detector ONNX ${share(e2eOnnxMs)} in ${e2eRuns} runs${sessions.length > 1 ? ' (summed over its sessions)' : ''}, ` +
      `the rest of running (decode, preprocess, maps, forensics wait, storage, DB writes) ${share(busyMs - facesMs - e2eOnnxMs)}`,
  );
  console.log(
    `  by step, from the progress each analysis reports (${traced} analyses): ` +
      steps.map(([name], j) => `${name} ${share(stepMs[j]!)}`).join(', '),
  );
  const b = worker.batcher?.stats;
  if (b)
    console.log(
      `  detector queue: ${b.images} images in ${b.runs} session.runs (mean ${(b.images / Math.max(1, b.runs)).toFixed(2)}, largest ${b.largestBatch}; at most ${worker.batcher!.maxBatch} per run)`,
    );
  console.log(`  pixel pool (beside the main thread): forensics ${secs(forensicsMs)}`);
  console.log(
    `  no analysis running (queue polling, claim) ≈ ${share(Math.max(0, wallMs * config.concurrency - busyMs) / config.concurrency)}` +
      (config.concurrency > 1 ? ` per slot (${config.concurrency} slots)` : ''),
  );
  console.log(
    `  CPU: bench+worker process ${secs(cpuMs)} (${(cpuMs / n).toFixed(0)} ms/image)` +
      (db.pid ? `, database process ${secs(dbCpuMs)} (${(dbCpuMs / n).toFixed(0)} ms/image)` : '') +
      ` — ${((100 * (cpuMs + (Number.isNaN(dbCpuMs) ? 0 : dbCpuMs))) / (wallMs * availableParallelism())).toFixed(0)} % of ${availableParallelism()} cores`,
  );
  return { mode, n, perS, boundPerS, ratio, p50: pct(latency, 50), p95: pct(latency, 95) };
}

/**
 * BOUND_PASSES passes of `replay` through `sessions`, each taking the next input when free (after
 * one warm-up run each); the wall time of each pass.
 */
async function replayPasses(
  sessions: readonly Pick<DetectorSession, 'run'>[],
  replay: Parameters<DetectorSession['run']>[0][],
  fetches: string[],
): Promise<number[]> {
  await Promise.all(sessions.map((s) => s.run(replay[0]!, fetches))); // warm, as the worker's first job did
  const passMs: number[] = [];
  for (let pass = 0; pass < BOUND_PASSES; pass++) {
    let next = 0;
    const t = performance.now();
    await Promise.all(
      sessions.map(async (s) => {
        while (next < replay.length) await s.run(replay[next++]!, fetches);
      }),
    );
    passMs.push(performance.now() - t);
  }
  return passMs;
}

/**
 * The detector alone over the same inputs with every core: one session with an intra-op thread per
 * core, and one single-threaded session per core taking the inputs in turn (ONNX Runtime runs
 * sessions side by side; they skip the threads' hand-offs). Faster of BOUND_PASSES passes each.
 */
async function detectorCeiling(
  detector: LoadedDetector,
  config: ReturnType<typeof loadWorkerConfig>,
  replay: Parameters<DetectorSession['run']>[0][],
  fetches: string[],
  photos: number,
): Promise<{ label: string; perS: number }[]> {
  const cores = availableParallelism();
  // Made as the worker makes its sessions (openSessionLike), only the thread count differs.
  const open = (threads: number) =>
    openSessionLike(detector, { sessionThread: true, intraOpNumThreads: threads, spin: config.models.spin });
  const layouts = [
    { label: `1 session × ${cores} threads`, sessions: 1, threads: cores },
    { label: `${cores} sessions × 1 thread`, sessions: cores, threads: 1 },
  ];
  const results = [];
  for (const l of layouts) {
    const sessions = await Promise.all(Array.from({ length: l.sessions }, () => open(l.threads)));
    try {
      const best = Math.min(...(await replayPasses(sessions, replay, fetches)));
      // photos per second, as the bound: a photo's detector runs are among the replayed ones
      results.push({ label: l.label, perS: (photos * 1000) / best });
    } finally {
      await Promise.all(sessions.map((s) => s.release()));
    }
  }
  return results;
}

try {
  const maxN = Math.max(...modes.map(countFor));
  const t = performance.now();
  const photos = await makePhotos(maxN);
  console.log(
    `made ${maxN} distinct 2.0 Mpx JPEGs from face-api's 6 demo photos in ${secs(performance.now() - t)}`,
  );
  const db = await startDatabase();
  console.log(`database: ${db.kind}`);
  const prisma = createPrismaClient({ url: db.url, poolSize: 2 });
  cleanups.push(() => prisma.$disconnect());
  const results = [];
  for (const mode of modes) results.push(await benchMode(mode, db, prisma, photos.slice(0, countFor(mode))));
  console.log('\nmode     N    images/s  bound/s  ratio  p50 latency  p95 latency');
  for (const r of results) {
    console.log(
      `${r.mode.padEnd(8)} ${String(r.n).padEnd(4)} ${r.perS.toFixed(2).padStart(8)}  ${r.boundPerS.toFixed(2).padStart(7)}  ${r.ratio.toFixed(2).padStart(5)}  ${secs(r.p50).padStart(11)}  ${secs(r.p95).padStart(11)}`,
    );
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  console.log(`load average at end ${load()}`);
}
