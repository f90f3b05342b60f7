import { performance } from 'node:perf_hooks';
import { BUNDLE_FORMAT, GENERATOR_VERSION, reportOptions, type ReportBundle } from '../src/bundle.ts';
import { renderCasePdf } from '../src/render.ts';

/**
 * npm run bench:report — renders a Latin-only case and a case written in nine scripts (10 items,
 * 500 audit events each) and prints the PDF size and render time. Not a test: figures only.
 */

const SCRIPTS = [
  'Café déjà vu',
  'Отчёт по делу',
  'Αναφορά υπόθεσης',
  'تقرير القضية',
  'דוח תיק',
  '案件报告',
  'ファイル',
  '보고서',
  '😀 🎥 ✅',
];

function bundle(names: string[]): ReportBundle {
  const person = { id: 'u', email: 'investigator@example.test', displayName: 'Investigator' };
  return {
    format: BUNDLE_FORMAT,
    reportId: '00000000-0000-4000-8000-000000000001',
    generatorVersion: GENERATOR_VERSION,
    generatedAt: '2026-12-02T00:00:00.000Z',
    requestedBy: person,
    options: reportOptions({}),
    case: {
      id: '00000000-0000-4000-8000-000000000002',
      title: `Case ${names.join(' ')}`,
      status: 'OPEN',
      description: names.join('\n'),
      createdAt: '2026-12-01T00:00:00.000Z',
      closedAt: null,
      createdBy: person,
      members: [{ ...person, role: 'LEAD', addedAt: '2026-12-01T00:00:00.000Z' }],
      tags: names.slice(0, 3),
      notes: names.map((n, i) => ({
        id: `n${i}`,
        body: `Note ${n}`,
        author: person,
        createdAt: '2026-12-01T01:00:00.000Z',
      })),
    },
    evidence: Array.from({ length: 10 }, (_, i) => ({
      id: `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`,
      originalName: `${names[i % names.length]} ${i}.jpg`,
      sha256: 'b'.repeat(64),
      sizeBytes: 123_456,
      mimeType: 'image/jpeg',
      width: 640,
      height: 480,
      storageKey: 'k',
      acquiredAt: '2026-12-01T00:00:00.000Z',
      uploadedBy: person,
      analyses: [],
      verdicts: [
        {
          id: `v${i}`,
          value: 'LIKELY_FAKE',
          rationale: `Rationale ${names[(i + 1) % names.length]}`,
          analysisIds: [],
          givenBy: person,
          createdAt: '2026-12-01T03:00:00.000Z',
          supersedesId: null,
        },
      ],
      notes: [
        {
          id: `m${i}`,
          body: names[(i + 2) % names.length]!,
          author: person,
          createdAt: '2026-12-01T02:00:00.000Z',
        },
      ],
    })),
    auditTrail: Array.from({ length: 500 }, (_, i) => ({
      id: String(i + 1),
      occurredAt: '2026-12-01T00:00:00.000Z',
      actor: person.email,
      action: 'media.upload',
      targetType: 'Media',
      targetId: '00000000-0000-4000-8000-000000000100',
      details: { originalName: names[i % names.length], sizeBytes: 123_456 },
      prevHash: 'c'.repeat(64),
      hash: 'd'.repeat(64),
    })),
    auditChain: { ok: true, checked: 500, firstBroken: null },
  };
}

const images = { thumbnails: new Map(), maps: new Map() };
for (const [label, names] of [
  ['Latin only', ['Holiday photo', 'Passport scan', 'Interview']],
  ['nine scripts', SCRIPTS],
] as const) {
  const b = bundle([...names]);
  const times: number[] = [];
  let size = 0;
  for (let run = 0; run < 4; run++) {
    const t0 = performance.now();
    size = (await renderCasePdf(b, images)).length;
    times.push(performance.now() - t0);
  }
  const [first, ...rest] = times;
  const median = rest.sort((a, b) => a - b)[1]!;
  console.log(
    `${label.padEnd(13)} ${(size / 1024).toFixed(1)} KiB, first render ${first!.toFixed(0)} ms (fonts parsed), then median ${median.toFixed(0)} ms`,
  );
}
