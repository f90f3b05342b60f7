import type { ReportAnalysis, ReportNearDuplicate } from './bundle.ts';
import { body, ensureSpace, field, GREY, heading } from './render.ts';

type Doc = PDFKit.PDFDocument;

const closeness = (n: ReportNearDuplicate) =>
  n.space === 'PHASH'
    ? `pHash: ${n.distance} of 64 bits differ (score ${n.score.toFixed(3)})`
    : n.space === 'DETECTOR'
      ? `detector embedding: cosine distance ${n.distance.toFixed(4)} (similarity ${n.score.toFixed(3)})`
      : `${n.space}: distance ${n.distance}, score ${n.score.toFixed(3)}`;

/**
 * The known fakes an analysis flagged as near-duplicates, each with how close it was and what the
 * library says of it (family, generator, source, dataset), and its SHA-256 to look it up.
 * Nothing for bundles written before near-duplicates were reported; "none" when the analysis
 * completed without a match.
 */
export function nearDuplicates(doc: Doc, a: ReportAnalysis) {
  if (a.nearDuplicates === undefined || a.status !== 'DONE') return;
  if (a.nearDuplicates.length === 0) {
    field(doc, 'Near-duplicates of known fakes', 'none found');
    return;
  }
  heading(doc, `Near-duplicates of known fakes (${a.nearDuplicates.length})`, 11);
  for (const n of a.nearDuplicates) {
    ensureSpace(doc, 60);
    const k = n.knownFake;
    field(
      doc,
      k ? `${k.originalName} (${k.family})` : 'A known fake since removed from the library',
      closeness(n),
    );
    if (k) {
      const facts = [
        k.generator && `generator ${k.generator}`,
        k.source && `source ${k.source}`,
        k.dataset && `dataset ${k.dataset}`,
      ].filter(Boolean);
      if (facts.length) body(doc, facts.join('; '), GREY);
      field(doc, 'Known fake SHA-256', k.sha256);
    }
    field(doc, 'Known fake id', n.knownFakeId);
    doc.moveDown(0.3);
  }
}
