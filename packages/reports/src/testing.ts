/**
 * What the PDF tests of this package share: a minimal report bundle to fill in, and poppler-utils
 * to read the rendered PDF back. Test-only; not exported from the package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_FORMAT, GENERATOR_VERSION, reportOptions, type ReportBundle } from './bundle.ts';

export type TestBundleFields = Partial<Omit<ReportBundle, 'case'>> & { case?: Partial<ReportBundle['case']> };

/**
 * A bundle of one open case with no evidence, no audit trail and an intact (empty) chain, the
 * audit trail and maps left out; `fields` replace the bundle's fields, `fields.case` the case's.
 */
export function testBundle({ case: caseFields, ...fields }: TestBundleFields = {}): ReportBundle {
  return {
    format: BUNDLE_FORMAT,
    reportId: '00000000-0000-4000-8000-000000000001',
    generatorVersion: GENERATOR_VERSION,
    generatedAt: '2026-12-02T00:00:00.000Z',
    requestedBy: null,
    options: reportOptions({ includeAuditTrail: false, includeMaps: false }),
    case: {
      id: '00000000-0000-4000-8000-000000000002',
      title: 'Test case',
      status: 'OPEN',
      description: '',
      createdAt: '2026-12-01T00:00:00.000Z',
      closedAt: null,
      createdBy: null,
      members: [],
      ...caseFields,
    },
    evidence: [],
    auditTrail: [],
    auditChain: { ok: true, checked: 0, firstBroken: null },
    ...fields,
  };
}

/** Runs a poppler-utils tool (pdftotext, pdfinfo, …) on a rendered PDF; pdftotext writes to stdout. */
export function poppler(tool: string, pdf: Buffer, args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-report-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    const r = spawnSync(tool, [...args, join(dir, 'r.pdf'), ...(tool === 'pdftotext' ? ['-'] : [])], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`${tool} (poppler-utils) failed: ${r.stderr || r.error?.message}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
