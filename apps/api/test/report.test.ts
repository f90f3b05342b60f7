import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateAuditKey, verifyAuditChain, type AuditKey } from '@loupe/audit';
import { auditVerify, evidenceVerify } from '@loupe/cli';
import { loadWorkerConfig, projectRoot } from '@loupe/config';
import {
  createOrtFaceDetector,
  ModelRegistry,
  writeFixtureDetector,
  type FaceDetector,
} from '@loupe/inference';
import type { ReportBundle } from '@loupe/reports';
import { QUEUES } from '@loupe/queue';
import { EvidenceStore } from '@loupe/storage';
import { analyzeMedia, chooseDetector, generateReport, startWorker } from '@loupe/worker';
import { codeOf, startHarness, type Harness } from './harness.ts';

const DEMO = join(projectRoot(), 'node_modules/@vladmandic/face-api/demo');
const PDFTOPPM = '/usr/bin/pdftoppm';
const quiet = { info: () => undefined, error: () => undefined };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const REPORT_FIELDS =
  'id status progress error createdAt finishedAt pdfUrl jsonUrl pdfSha256 jsonSha256 generatorVersion';

/** Renders a PDF to PNG pages with poppler's pdftoppm; returns the page files. */
function renderPages(pdf: Buffer, dir: string): string[] {
  if (!existsSync(PDFTOPPM))
    throw new Error('pdftoppm is missing: install Debian poppler-utils (apt-get install -y poppler-utils).');
  const file = join(dir, `r-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  const prefix = join(dir, `page-${Date.now()}`);
  execFileSync(PDFTOPPM, ['-r', '60', '-png', file, prefix]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix.split('/').at(-1)!) && f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
}

const pdfText = (pdf: Buffer, dir: string) => {
  const file = join(dir, `t-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

describe('a scripted investigation ends in a court-ready report', () => {
  let h: Harness;
  let store: EvidenceStore;
  let auditKey: AuditKey;
  let faces: FaceDetector;
  let registry: ModelRegistry;
  let tmp: string;
  let lead: string;
  let reviewer: string;
  let outsider: string;
  let caseId: string;
  let media: { id: string; sha256: string; analysisId: string }[] = [];

  const gql = async <T>(token: string, query: string, variables?: Record<string, unknown>) => {
    const r = await h.gql<T>(query, variables, { token });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data as T;
  };
  const download = async (path: string, token: string) => {
    const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  /** Requests a report through GraphQL and runs the worker's handler on it, as pg-boss would. */
  const report = async (token: string, forCase: string) => {
    const { generateReport: queued } = await gql<{ generateReport: { id: string; status: string } }>(
      token,
      `mutation($c: ID!) { generateReport(caseId: $c) { ${REPORT_FIELDS} } }`,
      { c: forCase },
    );
    expect(queued.status).toBe('QUEUED');
    expect(await h.queue.getQueueSize(QUEUES.generateReport.name)).toBeGreaterThan(0);
    const outcome = await generateReport(
      { id: 'job', data: { reportId: queued.id } },
      { prisma: h.prisma, store, log: quiet, auditKey },
    );
    expect(outcome.outcome).toBe('done');
    const { report: done } = await gql<{ report: Record<string, string> }>(
      token,
      `query($id: ID!) { report(id: $id) { ${REPORT_FIELDS} } }`,
      { id: queued.id },
    );
    return done;
  };

  beforeAll(async () => {
    h = await startHarness();
    store = new EvidenceStore(h.dataDir);
    // The file the worker uses with this data dir, so both sign with one key.
    auditKey = loadOrCreateAuditKey(join(h.dataDir, 'keys', 'audit-ed25519.pem'));
    tmp = mkdtempSync(join(tmpdir(), 'loupe-report-test-'));
    await writeFixtureDetector(join(tmp, 'models'), { dim: 1024 });
    registry = await ModelRegistry.load(join(tmp, 'models'));
    faces = await createOrtFaceDetector();
    lead = await h.user('lead@example.test', 'INVESTIGATOR');
    reviewer = await h.user('reviewer@example.test', 'REVIEWER');
    outsider = await h.user('outsider@example.test', 'INVESTIGATOR');
  }, 180_000);

  afterAll(async () => {
    await faces?.close();
    await registry?.close();
    await h?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('runs the investigation: case, member, upload, analysis, verdicts, closing', async () => {
    const { createCase } = await gql<{ createCase: { id: string } }>(
      lead,
      'mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }',
      { i: { title: 'Viral clip of the mayor', description: 'Two stills circulated on 3 March.' } },
    );
    caseId = createCase.id;
    await gql(
      lead,
      'mutation($c: ID!, $e: String!) { addCaseMember(caseId: $c, email: $e, role: REVIEWER) { id } }',
      {
        c: caseId,
        e: 'reviewer@example.test',
      },
    );
    const form = new FormData();
    for (const name of ['sample1.jpg', 'sample2.jpg'])
      form.append(
        'file',
        new Blob([new Uint8Array(readFileSync(join(DEMO, name)))], { type: 'image/jpeg' }),
        name,
      );
    const res = await fetch(`${h.url}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const uploaded = (await res.json()) as { media: { id: string; sha256: string; analysisId: string }[] };
    media = uploaded.media;
    expect(media).toHaveLength(2);

    const { detector, problems } = chooseDetector(registry, undefined);
    for (const m of media) {
      const outcome = await analyzeMedia(
        { id: `job-${m.id}`, data: { analysisId: m.analysisId } },
        {
          prisma: h.prisma,
          store,
          faces,
          detector,
          detectorProblems: problems,
          maxMapSide: 1024,
          batchSize: 4,
          log: quiet,
        },
      );
      expect(outcome.outcome).toBe('done');
    }

    const verdict = `mutation($m: ID!, $v: VerdictValue!, $r: String!, $a: [ID!]) {
      giveVerdict(mediaId: $m, value: $v, rationale: $r, analysisIds: $a) { id } }`;
    await gql(reviewer, verdict, {
      m: media[0]!.id,
      v: 'INCONCLUSIVE',
      r: 'Needs a second look.',
      a: [media[0]!.analysisId],
    });
    await gql(reviewer, verdict, {
      m: media[0]!.id,
      v: 'MANIPULATED',
      r: 'ELA shows a pasted face region.',
      a: [media[0]!.analysisId],
    });
    await gql(lead, verdict, {
      m: media[1]!.id,
      v: 'AUTHENTIC',
      r: 'Consistent camera metadata and noise.',
      a: [media[1]!.analysisId],
    });
    for (const status of ['IN_REVIEW', 'CLOSED'])
      await gql(
        lead,
        'mutation($c: ID!, $s: CaseStatus!) { setCaseStatus(caseId: $c, status: $s) { status } }',
        {
          c: caseId,
          s: status,
        },
      );
  });

  it('generates a PDF and a JSON bundle whose hashes are on the report and in the audit chain', async () => {
    const done = await report(reviewer, caseId);
    expect(done).toMatchObject({
      status: 'DONE',
      progress: 1,
      error: null,
      pdfUrl: `/api/reports/${done.id}/pdf`,
    });
    expect(done.generatorVersion).toMatch(/^loupe-reports\//);

    const pdf = await download(done.pdfUrl!, reviewer);
    expect(pdf.res.status).toBe(200);
    expect(pdf.res.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha256(pdf.bytes)).toBe(done.pdfSha256);
    const json = await download(done.jsonUrl!, reviewer);
    expect(sha256(json.bytes)).toBe(done.jsonSha256);

    const generated = await h.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'report.generate', targetId: done.id },
    });
    expect(generated.details).toMatchObject({ pdfSha256: done.pdfSha256, jsonSha256: done.jsonSha256 });
    expect(await h.prisma.auditEvent.count({ where: { action: 'report.read', targetId: done.id } })).toBe(2);

    const bundle = JSON.parse(json.bytes.toString('utf8')) as ReportBundle;
    expect(bundle.case).toMatchObject({ id: caseId, status: 'CLOSED', title: 'Viral clip of the mayor' });
    expect(bundle.case.members.map((m) => m.email).sort()).toEqual([
      'lead@example.test',
      'reviewer@example.test',
    ]);
    expect(bundle.evidence.map((e) => e.sha256).sort()).toEqual(media.map((m) => m.sha256).sort());
    const first = bundle.evidence.find((e) => e.id === media[0]!.id)!;
    expect(first.verdicts.map((v) => v.value)).toEqual(['MANIPULATED', 'INCONCLUSIVE']);
    expect(first.analyses[0]?.model?.isTestFixture).toBe(true);
    expect(first.analyses[0]?.pFake).toEqual(expect.any(Number));
    expect(first.analyses[0]?.signals?.phash).toMatch(/^[01]{64}$/);
    // No overlay is stored at analysis time: the PDF's detector overlay was rendered for it, from
    // the map and the region the detector saw, and kept.
    const detector = first.analyses[0]!.heatmaps.find((m) => m.kind === 'DETECTOR' && !m.faceIndex)!;
    expect(detector.overlayStorageKey).toBeNull();
    expect(detector.analysedRegion!.width).toBeGreaterThan(0);
    expect(existsSync(store.path(`derived/${first.analyses[0]!.id}/overlay-${detector.id}.png`))).toBe(true);
    const actions = bundle.auditTrail.map((e) => e.action);
    for (const a of ['media.upload', 'analysis.complete', 'verdict.give', 'case.status', 'report.request'])
      expect(actions.some((x) => x.startsWith(a.split('.')[0]!))).toBe(true);
    expect(bundle.auditChain.ok).toBe(true);

    const pages = renderPages(pdf.bytes, tmp);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) {
      const { channels } = await sharp(page).stats();
      expect(channels[0]!.stdev, `${page} is blank`).toBeGreaterThan(5);
    }
    // Kept for a human to look at.
    execFileSync('cp', [pages[1]!, join(tmpdir(), 'loupe-report-evidence-page.png')]);
    execFileSync('cp', [pages[0]!, join(tmpdir(), 'loupe-report-first-page.png')]);
    execFileSync('cp', [pages.at(-1)!, join(tmpdir(), 'loupe-report-last-page.png')]);
    const text = pdfText(pdf.bytes, tmp);
    expect(text).toContain('TEST FIXTURE');
    expect(text).toContain('SHA-256 of this file is recorded in the audit trail');
    expect(text).toContain(media[0]!.sha256);
    // The chain head signed at generation is printed, and is the checkpoint stored then.
    const signed = await h.prisma.auditCheckpoint.findUniqueOrThrow({
      where: { seq: BigInt(bundle.auditCheckpoint!.seq) },
    });
    expect(bundle.auditCheckpoint).toEqual({
      seq: signed.seq.toString(),
      headHash: signed.headHash,
      createdAt: signed.createdAt.toISOString(),
      keyFingerprint: auditKey.fingerprint,
      signature: signed.signature,
    });
    expect(text).toMatch(new RegExp(`Audit chain head signed:\\s+event ${signed.seq}, checkpoint of`));
    expect(text).toMatch(new RegExp(`Head hash:\\s+${signed.headHash}`));
    expect(text).toContain(auditKey.fingerprint);
    expect(generated.details).toMatchObject({
      auditCheckpoint: { seq: signed.seq.toString(), headHash: signed.headHash },
    });

    expect(await verifyAuditChain(h.prisma)).toMatchObject({ ok: true, firstBroken: null });
  });

  it('refuses a report to a non-member with NOT_FOUND and records the attempt', async () => {
    const r = await h.gql(
      'mutation($c: ID!) { generateReport(caseId: $c) { id } }',
      { c: caseId },
      { token: outsider },
    );
    expect(codeOf(r)).toBe('NOT_FOUND');
    const outsiderId = (await h.prisma.user.findUniqueOrThrow({ where: { email: 'outsider@example.test' } }))
      .id;
    const denied = await h.prisma.auditEvent.findMany({
      where: { action: 'report.denied', actorId: outsiderId },
    });
    expect(denied).toHaveLength(1);
    expect(denied[0]!.caseId).toBe(caseId);
    const reports = await h.prisma.report.count({ where: { caseId, requestedById: outsiderId } });
    expect(reports).toBe(0);
    const existing = await h.prisma.report.findFirstOrThrow({ where: { caseId } });
    const file = await download(`/api/reports/${existing.id}/pdf`, outsider);
    expect(file.res.status).toBe(404);
  });

  it('reports on a case with no evidence, saying so', async () => {
    const { createCase } = await gql<{ createCase: { id: string } }>(
      lead,
      'mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }',
      { i: { title: 'Empty case' } },
    );
    const done = await report(lead, createCase.id);
    const bundle = JSON.parse((await download(done.jsonUrl!, lead)).bytes.toString('utf8')) as ReportBundle;
    expect(bundle.evidence).toEqual([]);
    const pdf = (await download(done.pdfUrl!, lead)).bytes;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf, tmp)).toContain('This case contains no evidence');
    expect(renderPages(pdf, tmp).length).toBeGreaterThanOrEqual(1);
    const { case: c } = await gql<{ case: { reports: { id: string }[] } }>(
      lead,
      'query($id: ID!) { case(id: $id) { reports { id } } }',
      { id: createCase.id },
    );
    expect(c.reports.map((r) => r.id)).toEqual([done.id]);
  });

  it('the worker takes generate-report jobs from the real queue', async () => {
    const config = loadWorkerConfig({
      DATABASE_URL: h.databaseUrl,
      LOUPE_DATA_DIR: h.dataDir,
      LOUPE_MODELS_DIR: join(tmp, 'models'),
    });
    const worker = await startWorker(config, { prisma: h.prisma, faces, log: quiet });
    try {
      const { generateReport: queued } = await gql<{ generateReport: { id: string } }>(
        lead,
        'mutation($c: ID!) { generateReport(caseId: $c, options: { includeMaps: false }) { id } }',
        { c: caseId },
      );
      await expect
        .poll(async () => (await h.prisma.report.findUniqueOrThrow({ where: { id: queued.id } })).status, {
          timeout: 60_000,
          interval: 250,
        })
        .toBe('DONE');
      const done = await h.prisma.report.findUniqueOrThrow({ where: { id: queued.id } });
      expect(done.options).toEqual({ includeAuditTrail: true, includeMaps: false });
      expect(await store.sha256(done.pdfStorageKey!)).toBe(done.pdfSha256);
    } finally {
      await worker.stop();
    }
  });

  it('`loupe evidence verify` detects a modified stored original', async () => {
    const lines: string[] = [];
    expect((await evidenceVerify(h.prisma, store, caseId, (l) => lines.push(l))).code).toBe(0);
    const row = await h.prisma.media.findUniqueOrThrow({ where: { id: media[0]!.id } });
    const path = store.path(row.storageKey);
    const bytes = readFileSync(path);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    lines.length = 0;
    const result = await evidenceVerify(h.prisma, store, caseId, (l) => lines.push(l));
    expect(result.code).toBe(1);
    expect(result.checks.find((c) => c.mediaId === row.id)?.status).toBe('mismatch');
    expect(lines.some((l) => l.startsWith('MISMATCH') && l.includes(row.id))).toBe(true);
    expect(lines.at(-1)).toMatch(/2 item\(s\) checked.*1 ok, 1 mismatched, 0 missing/);
    expect(await h.prisma.auditEvent.count({ where: { action: 'evidence.verify', caseId } })).toBe(2);
  });

  it('an audit row edited behind the app is caught at that exact event', async () => {
    const lines: string[] = [];
    expect(await auditVerify(h.prisma, (l) => lines.push(l), { trustedKey: auditKey })).toBe(0);
    const target = await h.prisma.auditEvent.findFirstOrThrow({ where: { action: 'report.generate' } });
    const c = new pg.Client({ connectionString: h.databaseUrl });
    await c.connect();
    await c.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
    await c.query(
      `UPDATE audit_events SET details = jsonb_set(details, '{pdfSha256}', '"0"') WHERE id = $1`,
      [target.id],
    );
    await c.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
    await c.end();
    const result = await verifyAuditChain(h.prisma);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.id).toBe(target.id);
    expect(result.firstBroken?.reason).toMatch(/edited/);
    lines.length = 0;
    expect(await auditVerify(h.prisma, (l) => lines.push(l), { trustedKey: auditKey })).toBe(1);
    expect(lines.join('\n')).toContain(`first broken event: ${target.id}`);
  });
});
