/**
 * Audit trail and report figures against the embedded Postgres (PGlite + wire multiplexer):
 *  1. append throughput with 8 concurrent writers (each event in its own transaction, as the app does);
 *  2. verifyAuditChain speed over ~20,000 events;
 *  3. report generation (JSON bundle + PDF) for a case of 50 analysed images.
 * Prints figures with their spread; asserts nothing. Run: npm run bench:audit
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createPrismaClient, type Prisma, type PrismaClient } from '@loupe/db';
import { startTestDatabase } from '@loupe/db/testing';
import { EvidenceStore } from '@loupe/storage';
import { storeOriginalBytes } from '@loupe/storage/testing';
import { generateReport } from '../src/report/job.ts';
import {
  appendAuditEvent,
  eventContent,
  eventHash,
  GENESIS_HASH,
  loadOrCreateAuditKey,
  verifyAuditChain,
} from '@loupe/audit';

const WRITERS = 8;
const PER_WRITER = 150;
const ROUNDS = 3;
const VERIFY_TARGET = 20_000;
const VERIFY_RUNS = 5;
const REPORT_IMAGES = 50;
const REPORT_RUNS = 3;

const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return `${mean.toFixed(1)} ± ${sd.toFixed(1)} (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})`;
};

async function appendRound(prisma: PrismaClient, round: number): Promise<number> {
  const start = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < PER_WRITER; i++) {
        await prisma.$transaction((tx) =>
          appendAuditEvent(tx, { action: 'bench.append', targetType: 'Bench', details: { round, w, i } }),
        );
      }
    }),
  );
  return (WRITERS * PER_WRITER) / ((performance.now() - start) / 1000);
}

/** Tops the chain up to `target` events quickly: hashes computed here, rows inserted in batches. */
async function bulkExtend(prisma: PrismaClient, target: number): Promise<void> {
  const last = await prisma.auditEvent.findFirst({ orderBy: { id: 'desc' } });
  let prevHash = last?.hash ?? GENESIS_HASH;
  let remaining = target - (await prisma.auditEvent.count());
  let n = 0;
  while (remaining > 0) {
    const batch = [];
    for (let i = 0; i < Math.min(1000, remaining); i++, n++) {
      const occurredAt = new Date();
      const content = eventContent({
        occurredAt,
        action: 'bench.seed',
        targetType: 'Bench',
        targetId: String(n),
        details: { n, note: 'seeded for the verification benchmark' },
      });
      const hash = eventHash(prevHash, content);
      batch.push({
        ...content,
        details: content.details as Prisma.InputJsonValue,
        occurredAt,
        prevHash,
        hash,
      });
      prevHash = hash;
    }
    await prisma.auditEvent.createMany({ data: batch });
    remaining -= batch.length;
  }
}

/** 50 synthetic photos, each with a DONE analysis, three heatmaps and hashes (no model is run). */
async function seedAnalysedCase(prisma: PrismaClient, store: EvidenceStore) {
  const user = await prisma.user.create({
    data: { email: 'bench@example.test', displayName: 'Bench', passwordHash: 'x' },
  });
  const c = await prisma.case.create({
    data: {
      title: 'Benchmark case (50 images)',
      description: 'Synthetic images with seeded analyses.',
      createdById: user.id,
      members: { create: { userId: user.id, role: 'LEAD' } },
    },
  });
  for (let i = 0; i < REPORT_IMAGES; i++) {
    const noise = await sharp({
      create: {
        width: 1280,
        height: 960,
        channels: 3,
        background: { r: 0, g: 0, b: 0 },
        noise: { type: 'gaussian', mean: 100 + i, sigma: 40 },
      },
    })
      .jpeg({ quality: 85 })
      .toBuffer();
    const media = await prisma.media.create({
      data: {
        caseId: c.id,
        ...(await storeOriginalBytes(store, noise)),
        mimeType: 'image/jpeg',
        originalName: `photo-${String(i).padStart(2, '0')}.jpg`,
        width: 1280,
        height: 960,
        uploadedById: user.id,
      },
    });
    const analysis = await prisma.analysis.create({
      data: {
        mediaId: media.id,
        codeVersion: 'bench',
        status: 'DONE',
        progress: 1,
        finishedAt: new Date(),
        modelId: 'bench-fixture',
        modelVersion: '0',
        modelSha256: '0'.repeat(64),
        modelIsTestFixture: true,
        pFake: (i % 10) / 10,
        label: i % 2 ? 'fake' : 'real',
        signals: {
          detector: { installed: true, note: 'Test fixture — not evidence.' },
          jpeg: {
            isJpeg: true,
            estimatedQuality: 85,
            doubleCompression: { suspected: false, score: 0.02, explanation: '' },
          },
          metadata: {
            camera: { make: null, model: null },
            software: null,
            missing: ['Make', 'Model'],
            contradictions: [],
          },
        },
      },
    });
    const grey = await sharp(noise).greyscale().png().toBuffer();
    const heatmaps = [];
    for (const kind of ['DETECTOR', 'ELA', 'NOISE'] as const) {
      const key = store.derivedKey(analysis.id, `${kind.toLowerCase()}.png`);
      await store.writeDerived(key, grey);
      const overlayKey = store.derivedKey(analysis.id, `${kind.toLowerCase()}-overlay.png`);
      await store.writeDerived(overlayKey, grey);
      heatmaps.push({
        analysisId: analysis.id,
        kind,
        width: 1280,
        height: 960,
        storageKey: key,
        overlayStorageKey: overlayKey,
      });
    }
    await prisma.heatmap.createMany({ data: heatmaps });
    await prisma.verdict.create({
      data: {
        mediaId: media.id,
        caseId: c.id,
        value: 'INCONCLUSIVE',
        rationale: 'Benchmark verdict.',
        analysisIds: [analysis.id],
        givenById: user.id,
      },
    });
  }
  return { caseId: c.id, userId: user.id };
}

const db = await startTestDatabase();
const prisma = createPrismaClient({ url: db.url, poolSize: WRITERS });
const dataDir = mkdtempSync(join(tmpdir(), 'loupe-bench-audit-'));
try {
  const rates: number[] = [];
  await appendRound(prisma, -1); // warm-up
  for (let r = 0; r < ROUNDS; r++) rates.push(await appendRound(prisma, r));
  console.log(`append, ${WRITERS} concurrent writers × ${PER_WRITER} events, one transaction each:`);
  console.log(`  ${stats(rates)} events/s`);

  await bulkExtend(prisma, VERIFY_TARGET);
  const verifyRates: number[] = [];
  let checked = 0;
  for (let r = 0; r < VERIFY_RUNS; r++) {
    const start = performance.now();
    const result = await verifyAuditChain(prisma);
    if (!result.ok) throw new Error(`chain broken at ${result.firstBroken?.id}`);
    checked = result.checked;
    verifyRates.push(result.checked / ((performance.now() - start) / 1000));
  }
  console.log(`verifyAuditChain over ${checked} events:`);
  console.log(`  ${stats(verifyRates)} events/s`);

  const store = new EvidenceStore(dataDir);
  const auditKey = loadOrCreateAuditKey(join(dataDir, 'keys', 'audit-ed25519.pem'));
  const { caseId, userId } = await seedAnalysedCase(prisma, store);
  const times: number[] = [];
  let pdfBytes = 0;
  for (let r = 0; r < REPORT_RUNS; r++) {
    const report = await prisma.report.create({ data: { caseId, requestedById: userId } });
    const start = performance.now();
    await generateReport(
      { id: `bench-${r}`, data: { reportId: report.id } },
      { prisma, store, log: { info: () => undefined, error: console.error }, auditKey },
    );
    times.push((performance.now() - start) / 1000);
    pdfBytes = await store.size(store.derivedKey(report.id, 'report.pdf'));
  }
  console.log(
    `report of a case with ${REPORT_IMAGES} analysed images (3 maps each; chain of ${checked}+ events verified inside):`,
  );
  console.log(`  ${stats(times)} s per report; PDF ${(pdfBytes / 1e6).toFixed(1)} MB`);
} finally {
  await prisma.$disconnect();
  await db.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
