// `npm run bench:search -- [--n 100000] [--queries 100] [--centroids 1000] [--inserts 200]`:
// similarity search on the embedded Postgres (PGlite + pgvector, single-threaded WASM). Prints
// figures; asserts nothing.
//
// - N synthetic 1024-d vectors with cluster structure (centroids + Gaussian noise, normalised),
//   inserted with batched multi-row INSERTs into a bench table shaped like detector_embeddings
//   (vector(1024), case_id) — the real tables need a media/analysis row per vector;
// - HNSW build time (vector_cosine_ops, pgvector defaults m=16, ef_construction=64);
// - single-row INSERTs (--inserts, as an analysis stores its embeddings) with and without the index;
// - kNN p50/p95 latency and recall@10 against exact search, for ef_search 40/100/200;
// - a scoped query (user member of 5 of 50 cases, the product's membership sub-select) with and
//   without iterative index scans, against exact scoped search;
// - near-duplicate robustness in PHASH space on real photos.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { projectRoot } from '@loupe/config';
import { createPrismaClient, Prisma } from '@loupe/db';
import { startTestDatabase } from '@loupe/db/testing';
import { perceptualHashes } from '@loupe/forensics';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '100' },
    centroids: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '250' },
    inserts: { type: 'string', default: '200' },
  },
});
const N = Number(values.n);
const Q = Number(values.queries);
const C = Math.min(Number(values.centroids), N);
const BATCH = Number(values.batch);
const INSERTS = Number(values.inserts);
const DIM = 1024;
const CASES = 50;
const MEMBER_OF = 5;
const K = 10;

// Seeded PRNG + Box–Muller, so runs are comparable.
let state = 42;
const uniform = () => {
  state = (state * 1664525 + 1013904223) >>> 0;
  return (state + 0.5) / 2 ** 32;
};
const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
const normalise = (v: Float32Array) => {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
};
const centroids = Array.from({ length: C }, () => normalise(Float32Array.from({ length: DIM }, gauss)));
// Noise per dimension chosen so a point's cosine to its centroid is ≈ 0.8: clusters overlap enough
// that the graph has to work, as real embeddings do.
const SIGMA = 0.75 / Math.sqrt(DIM);
const sample = () => {
  const c = centroids[Math.floor(uniform() * C)]!;
  return normalise(Float32Array.from(c, (x) => x + SIGMA * gauss()));
};
const literal = (v: Float32Array) => `[${Array.from(v, (x) => x.toPrecision(7)).join(',')}]`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const db = await startTestDatabase();
const prisma = createPrismaClient({ url: db.url });
try {
  const [ver] = await prisma.$queryRaw<
    { v: string }[]
  >`SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`;
  console.log(`pgvector ${ver?.v} on PGlite; N = ${N}, dim ${DIM}, ${C} centroids, ${Q} queries, k = ${K}`);
  await prisma.$executeRaw`CREATE TABLE bench_vectors (id int PRIMARY KEY, case_id int NOT NULL, embedding vector(1024) NOT NULL)`;
  await prisma.$executeRaw`CREATE TABLE bench_members (user_id int, case_id int, PRIMARY KEY (case_id, user_id))`;
  const mine = new Set<number>();
  while (mine.size < MEMBER_OF) mine.add(1 + Math.floor(uniform() * CASES));
  for (const c of mine) await prisma.$executeRaw`INSERT INTO bench_members VALUES (1, ${c})`;

  let t = performance.now();
  for (let start = 0; start < N; start += BATCH) {
    const rows: Prisma.Sql[] = [];
    for (let i = start; i < Math.min(N, start + BATCH); i++)
      rows.push(Prisma.sql`(${i}, ${1 + (i % CASES)}, ${literal(sample())}::vector)`);
    await prisma.$executeRaw`INSERT INTO bench_vectors (id, case_id, embedding) VALUES ${Prisma.join(rows)}`;
    if (start % (BATCH * 40) === 0) process.stderr.write(`\rinserted ${start + rows.length}/${N}`);
  }
  const insertS = (performance.now() - t) / 1000;
  process.stderr.write('\n');
  console.log(
    `insert (batches of ${BATCH}, no index): ${insertS.toFixed(1)} s, ${(N / insertS).toFixed(0)} vectors/s`,
  );

  t = performance.now();
  await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL maintenance_work_mem = '1GB'`;
      await tx.$executeRaw`CREATE INDEX bench_vectors_hnsw ON bench_vectors USING hnsw (embedding vector_cosine_ops)`;
    },
    { timeout: 24 * 3600_000, maxWait: 60_000 },
  );
  const buildS = (performance.now() - t) / 1000;
  console.log(`HNSW build (m=16, ef_construction=64, maintenance_work_mem 1GB): ${buildS.toFixed(1)} s`);
  await prisma.$executeRaw`ANALYZE bench_vectors`;

  // What an analysis pays per detector embedding it stores: one single-row INSERT per scored face
  // (packages/db vectors.ts), here into the N-row HNSW index, against the same rows into an empty
  // table without one (a heap insert does not depend on the table's size). PGlite runs in this
  // process on one thread, so wall time is its CPU time.
  await prisma.$executeRaw`CREATE TABLE bench_plain (id int PRIMARY KEY, case_id int NOT NULL, embedding vector(1024) NOT NULL)`;
  const extra = Array.from({ length: INSERTS }, () => literal(sample()));
  for (const table of ['bench_plain', 'bench_vectors'] as const) {
    const lat: number[] = [];
    for (const [i, v] of extra.entries()) {
      const start = performance.now();
      await prisma.$executeRaw`INSERT INTO ${Prisma.raw(table)} (id, case_id, embedding) VALUES (${N + i}, ${1 + (i % CASES)}, ${v}::vector)`;
      lat.push(performance.now() - start);
    }
    console.log(
      `single-row insert, as an analysis writes (${INSERTS}), ${table === 'bench_plain' ? 'no index' : `into the ${N}-row HNSW index`}: p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}`,
    );
  }
  await prisma.$executeRaw`DELETE FROM bench_vectors WHERE id >= ${N}`;

  const queries = Array.from({ length: Q }, () => literal(sample()));
  const scoped = Prisma.sql`case_id IN (SELECT case_id FROM bench_members WHERE user_id = 1)`;
  const knn = (q: string, where: Prisma.Sql | null) =>
    Prisma.sql`SELECT id FROM bench_vectors ${where ? Prisma.sql`WHERE ${where}` : Prisma.empty}
      ORDER BY embedding <=> ${q}::vector LIMIT ${K}`;

  /** Runs every query with the given transaction-local settings; ids and latency per query. */
  async function run(where: Prisma.Sql | null, settings: Prisma.Sql[]) {
    const ids: number[][] = [];
    const lat: number[] = [];
    for (const q of queries) {
      const { rows, elapsed } = await prisma.$transaction(async (tx) => {
        for (const s of settings) await tx.$executeRaw(s);
        const start = performance.now();
        const rows = await tx.$queryRaw<{ id: number }[]>(knn(q, where));
        return { rows, elapsed: performance.now() - start };
      });
      ids.push(rows.map((r) => r.id));
      lat.push(elapsed);
    }
    return { ids, lat };
  }
  const recall = (got: number[][], exact: number[][]) =>
    got.reduce(
      (s, g, i) => s + g.filter((id) => exact[i]!.includes(id)).length / Math.max(1, exact[i]!.length),
      0,
    ) / got.length;
  const exactSettings = [Prisma.sql`SET LOCAL enable_indexscan = off`];

  const exact = await run(null, exactSettings);
  console.log(`exact (seq scan): p50 ${ms(pct(exact.lat, 50))}, p95 ${ms(pct(exact.lat, 95))}`);
  for (const ef of [40, 100, 200]) {
    const r = await run(null, [Prisma.sql`SELECT set_config('hnsw.ef_search', ${String(ef)}, true)`]);
    console.log(
      `HNSW ef_search ${ef}: p50 ${ms(pct(r.lat, 50))}, p95 ${ms(pct(r.lat, 95))}, recall@10 ${recall(r.ids, exact.ids).toFixed(3)}`,
    );
  }

  const exactScoped = await run(scoped, exactSettings);
  console.log(
    `scoped (member of ${MEMBER_OF}/${CASES} cases) exact: p50 ${ms(pct(exactScoped.lat, 50))}, p95 ${ms(pct(exactScoped.lat, 95))}`,
  );
  for (const [label, settings] of [
    ['HNSW, no iterative scan', [Prisma.sql`SET LOCAL hnsw.iterative_scan = off`]],
    ['HNSW + iterative_scan relaxed_order', [Prisma.sql`SET LOCAL hnsw.iterative_scan = relaxed_order`]],
    // The planner often prefers a filtered sequential scan for a 10 % scope; forcing the index shows
    // what iterative scans buy when the index is used.
    [
      'HNSW forced (seqscan, sort off), no iterative scan',
      [
        Prisma.sql`SET LOCAL enable_seqscan = off`,
        Prisma.sql`SET LOCAL enable_sort = off`,
        Prisma.sql`SET LOCAL hnsw.iterative_scan = off`,
      ],
    ],
    [
      'HNSW forced (seqscan, sort off) + iterative_scan relaxed_order',
      [
        Prisma.sql`SET LOCAL enable_seqscan = off`,
        Prisma.sql`SET LOCAL enable_sort = off`,
        Prisma.sql`SET LOCAL hnsw.iterative_scan = relaxed_order`,
      ],
    ],
  ] as const) {
    const r = await run(scoped, [...settings]);
    const plan = await prisma.$transaction(async (tx) => {
      for (const setting of settings) await tx.$executeRaw(setting);
      return tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${knn(queries[0]!, scoped)}`);
    });
    const scan = plan.map((p) => p['QUERY PLAN'].trim()).find((l) => /Scan/.test(l)) ?? '?';
    console.log(`  planner chose: ${scan.replace(/\s+\(cost.*$/, '')}`);
    const short = r.ids.filter((ids) => ids.length < K).length;
    console.log(
      `scoped ${label} (ef_search 40): p50 ${ms(pct(r.lat, 50))}, p95 ${ms(pct(r.lat, 95))}, recall@10 ${recall(r.ids, exactScoped.ids).toFixed(3)}, queries with < ${K} results: ${short}/${Q}`,
    );
  }

  // Near-duplicate robustness: each transformed copy must find its source at rank 1 (PHASH).
  const samples = [1, 2, 3, 4, 5, 6].map((n) =>
    join(projectRoot(), `node_modules/@vladmandic/face-api/demo/sample${n}.jpg`),
  );
  const originals = samples.map((p) => readFileSync(p));
  await prisma.$executeRaw`CREATE TABLE bench_phash (id int PRIMARY KEY, phash bit(64) NOT NULL)`;
  for (const [i, bytes] of originals.entries()) {
    const { phash } = await perceptualHashes(bytes);
    await prisma.$executeRaw`INSERT INTO bench_phash VALUES (${i}, ${phash}::bit(64))`;
  }
  // Distractors: random 64-bit hashes, as a large library would add.
  const distractors: Prisma.Sql[] = [];
  for (let i = 0; i < 10_000; i++)
    distractors.push(
      Prisma.sql`(${1000 + i}, ${Array.from({ length: 64 }, () => (uniform() < 0.5 ? '0' : '1')).join('')}::bit(64))`,
    );
  for (let i = 0; i < distractors.length; i += 1000)
    await prisma.$executeRaw`INSERT INTO bench_phash VALUES ${Prisma.join(distractors.slice(i, i + 1000))}`;
  await prisma.$executeRaw`CREATE INDEX ON bench_phash USING hnsw (phash bit_hamming_ops)`;
  const transforms: Record<string, (b: Buffer) => Promise<Buffer>> = {
    'JPEG q60': (b) => sharp(b).jpeg({ quality: 60 }).toBuffer(),
    'resize 50%': async (b) => {
      const m = await sharp(b).metadata();
      return sharp(b)
        .resize(Math.round(m.width! / 2))
        .toBuffer();
    },
    'crop 5%': async (b) => {
      const m = await sharp(b).metadata();
      const dx = Math.round(m.width! * 0.025);
      const dy = Math.round(m.height! * 0.025);
      return sharp(b)
        .extract({ left: dx, top: dy, width: m.width! - 2 * dx, height: m.height! - 2 * dy })
        .toBuffer();
    },
    'text overlay': async (b) => {
      const m = await sharp(b).metadata();
      const svg = `<svg width="${m.width}" height="${m.height}"><text x="5%" y="90%" font-size="${Math.round(m.height! / 12)}" fill="white" stroke="black">BREAKING NEWS</text></svg>`;
      return sharp(b)
        .composite([{ input: Buffer.from(svg) }])
        .jpeg()
        .toBuffer();
    },
  };
  console.log(
    `near-duplicates: ${originals.length} face-api demo photos among 10,000 random pHash distractors (PHASH space)`,
  );
  for (const [name, transform] of Object.entries(transforms)) {
    let hits = 0;
    const distances: number[] = [];
    for (const [i, bytes] of originals.entries()) {
      const { phash } = await perceptualHashes(await transform(bytes));
      const rows = await prisma.$queryRaw<{ id: number; d: number }[]>`
        SELECT id, (phash <~> ${phash}::bit(64))::float8 AS d FROM bench_phash ORDER BY phash <~> ${phash}::bit(64) LIMIT 1`;
      if (rows[0]?.id === i) hits++;
      distances.push(
        (
          await prisma.$queryRaw<{ d: number }[]>`
        SELECT (phash <~> ${phash}::bit(64))::float8 AS d FROM bench_phash WHERE id = ${i}`
        )[0]?.d ?? NaN,
      );
    }
    console.log(
      `  ${name}: source at rank 1 for ${hits}/${originals.length}; Hamming to source ${distances.join(', ')}`,
    );
  }
  console.log(
    'DETECTOR space robustness not measured: only the test fixture is installed, its embeddings mean nothing.',
  );
} finally {
  await prisma.$disconnect();
  await db.stop();
}
