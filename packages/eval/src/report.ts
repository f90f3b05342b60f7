/**
 * From scored items to the evaluation's outputs: items.csv rows, metrics.json (every signal,
 * overall and per family), and the Markdown summary.
 */
import { csvCell, csvFields } from './csv.ts';
import { EvalInputError } from './errors.ts';
import { SIGNALS, type SignalName, type SignalSpec } from './signals.ts';
import { evaluateSignal, type Estimate, type SignalMetrics } from './summary.ts';

export interface ScoredItem {
  file: string;
  label: 0 | 1;
  family: string;
  scores: Record<SignalName, number | null>;
  /** Why the item has no scores (it could not be analysed), or null. */
  error: string | null;
}

export const ITEMS_HEADER = ['file', 'label', 'family', ...SIGNALS, 'error'];

export function itemRow(it: ScoredItem): string {
  const cells = [
    it.file,
    String(it.label),
    it.family,
    ...SIGNALS.map((s) => (it.scores[s] === null ? '' : String(it.scores[s]))),
    it.error ?? '',
  ];
  return cells.map(csvCell).join(',');
}

/** Parses items.csv as written by {@link itemRow}; used to resume an interrupted run. */
export function parseItemsCsv(text: string): ScoredItem[] {
  const lines = text.split('\n').filter((l) => l !== '');
  if (lines.length === 0) return [];
  if (lines[0] !== ITEMS_HEADER.join(',')) {
    throw new EvalInputError(`items.csv has the header '${lines[0]}', expected '${ITEMS_HEADER.join(',')}'`);
  }
  const out: ScoredItem[] = [];
  for (const line of lines.slice(1)) {
    const cells = csvFields(line);
    // A line cut short by an interrupted write is dropped (its item is scored again).
    if (cells.length !== ITEMS_HEADER.length) continue;
    const scores = {} as Record<SignalName, number | null>;
    SIGNALS.forEach((s, k) => (scores[s] = cells[3 + k] === '' ? null : Number(cells[3 + k])));
    out.push({
      file: cells[0]!,
      label: cells[1] === '1' ? 1 : 0,
      family: cells[2]!,
      scores,
      error: cells[3 + SIGNALS.length] || null,
    });
  }
  return out;
}

/** One sampled frame of a video item: its own scores (the frame level of a video set). */
export interface ScoredFrame {
  /** The video's key in items.csv. */
  file: string;
  /** Position in the sampling plan, 0-based. */
  frame: number;
  /** Presentation time of the decoded frame, seconds. */
  timeSec: number;
  label: 0 | 1;
  family: string;
  scores: Record<SignalName, number | null>;
}

export const FRAMES_HEADER = ['file', 'frame', 'timeSec', 'label', 'family', ...SIGNALS];

export function frameRow(f: ScoredFrame): string {
  const cells = [
    f.file,
    String(f.frame),
    String(f.timeSec),
    String(f.label),
    f.family,
    ...SIGNALS.map((s) => (f.scores[s] === null ? '' : String(f.scores[s]))),
  ];
  return cells.map(csvCell).join(',');
}

/** Parses items_frames.csv as written by {@link frameRow}; a torn line is dropped. */
export function parseFramesCsv(text: string): ScoredFrame[] {
  const lines = text.split('\n').filter((l) => l !== '');
  if (lines.length === 0) return [];
  if (lines[0] !== FRAMES_HEADER.join(',')) {
    throw new EvalInputError(
      `items_frames.csv has the header '${lines[0]}', expected '${FRAMES_HEADER.join(',')}'`,
    );
  }
  const out: ScoredFrame[] = [];
  for (const line of lines.slice(1)) {
    const cells = csvFields(line);
    if (cells.length !== FRAMES_HEADER.length) continue;
    const scores = {} as Record<SignalName, number | null>;
    SIGNALS.forEach((s, k) => (scores[s] = cells[5 + k] === '' ? null : Number(cells[5 + k])));
    out.push({
      file: cells[0]!,
      frame: Number(cells[1]),
      timeSec: Number(cells[2]),
      label: cells[3] === '1' ? 1 : 0,
      family: cells[4]!,
      scores,
    });
  }
  return out;
}

/** Frames as items of their own (`<file>#<frame>`), for the frame-level metrics. */
export function frameItems(frames: ScoredFrame[]): ScoredItem[] {
  return frames.map((f) => ({
    file: `${f.file}#${f.frame}`,
    label: f.label,
    family: f.family,
    scores: f.scores,
    error: null,
  }));
}

/**
 * Video- (or sequence-) level items: the mean of each signal over the group's frames that were
 * analysed (DeepfakeBench's protocol: video score = mean of the sampled frames). A group whose
 * frames all failed is kept with an error, so it is counted but left out of the metrics.
 */
export function groupItems(items: ScoredItem[], groupOf: (file: string) => string | null): ScoredItem[] {
  const groups = new Map<string, ScoredItem[]>();
  for (const it of items) {
    const g = groupOf(it.file);
    if (g === null) continue;
    const list = groups.get(g) ?? [];
    list.push(it);
    groups.set(g, list);
  }
  const out: ScoredItem[] = [];
  for (const [group, frames] of groups) {
    const ok = frames.filter((f) => f.error === null);
    const scores = {} as Record<SignalName, number | null>;
    for (const s of SIGNALS) {
      const values = ok.map((f) => f.scores[s]).filter((v): v is number => v !== null);
      scores[s] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    }
    const labels = new Set(frames.map((f) => f.label));
    if (labels.size > 1) throw new EvalInputError(`${group}: its frames are labelled both real and fake`);
    out.push({
      file: group,
      label: frames[0]!.label,
      family: frames[0]!.family,
      scores,
      error: ok.length ? null : `none of its ${frames.length} frame(s) could be analysed`,
    });
  }
  return out;
}

export interface SignalReport {
  definition: string;
  threshold: number | null;
  probabilistic: boolean;
  overall: SignalMetrics | null;
  families: Record<string, SignalMetrics>;
  /** Why the signal or a family has no metrics. */
  notes: string[];
}

export type MetricsReport = Record<string, SignalReport>;

/**
 * Metrics of every signal overall and per family (each family's fakes against all reals), over the
 * items that have a score for that signal.
 */
export function computeMetrics(
  items: ScoredItem[],
  specs: SignalSpec[],
  opts: { resamples: number; seed: number },
): MetricsReport {
  const report: MetricsReport = {};
  const families = [...new Set(items.filter((i) => i.label === 1).map((i) => i.family))].sort();
  for (const spec of specs) {
    const scored = items.filter((i) => i.scores[spec.name] !== null && i.error === null);
    const notes: string[] = [];
    const run = (subset: ScoredItem[]): SignalMetrics =>
      evaluateSignal(
        { scores: subset.map((i) => i.scores[spec.name]!), labels: subset.map((i) => i.label) },
        {
          threshold: spec.threshold,
          probabilistic: spec.probabilistic,
          resamples: opts.resamples,
          seed: opts.seed,
        },
      );
    let overall: SignalMetrics | null = null;
    const perFamily: Record<string, SignalMetrics> = {};
    const reals = scored.filter((i) => i.label === 0);
    if (scored.length === 0) notes.push('no item has this score');
    else if (reals.length === 0 || reals.length === scored.length) {
      notes.push(
        `needs both classes: ${scored.length - reals.length} fake and ${reals.length} real items scored`,
      );
    } else {
      overall = run(scored);
      for (const family of families) {
        const fakes = scored.filter((i) => i.label === 1 && i.family === family);
        if (fakes.length === 0) notes.push(`${family}: no scored items`);
        else perFamily[family] = run([...reals, ...fakes]);
      }
    }
    report[spec.name] = {
      definition: spec.definition,
      threshold: spec.threshold,
      probabilistic: spec.probabilistic,
      overall,
      families: perFamily,
      notes,
    };
  }
  return report;
}

const f3 = (v: number) => v.toFixed(3);
const ci = (e: Estimate | null) =>
  e === null ? '—' : e.ci95 ? `${f3(e.value)} [${f3(e.ci95[0])}–${f3(e.ci95[1])}]` : f3(e.value);

/** Markdown table rows of one signal (overall, then each family). */
export function metricsTable(report: MetricsReport): string {
  const rows = [
    '| signal | subset | n (fake/real) | AUROC | AP | EER | TPR@1%FPR | TPR@5%FPR | accuracy | FPR@threshold | Brier | ECE |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, r] of Object.entries(report)) {
    const subsets: [string, SignalMetrics | null][] = [['all', r.overall], ...Object.entries(r.families)];
    for (const [subset, m] of subsets) {
      if (!m) {
        rows.push(`| ${name} | ${subset} | — | ${r.notes.join('; ') || 'not computed'} | | | | | | | | |`);
        continue;
      }
      rows.push(
        `| ${name} | ${subset} | ${m.n} (${m.fakes}/${m.reals}) | ${ci(m.auroc)} | ${ci(m.ap)} | ${ci(m.eer)} | ` +
          `${ci(m.tprAtFpr1)} | ${ci(m.tprAtFpr5)} | ${ci(m.accuracy)} | ${ci(m.fprAtThreshold)} | ${ci(m.brier)} | ${ci(m.ece)} |`,
      );
    }
  }
  return rows.join('\n');
}

export interface RunInfo {
  dataset: { path: string; layout: string; fingerprint: string; items: number };
  model: { id: string; version: string; sha256: string; isTestFixture: boolean } | null;
  resamples: number;
  seed: number;
  startedAt: string;
  finishedAt: string;
  failed: number;
  warnings: string[];
}

/** The Markdown summary written next to metrics.json. */
export function summaryMarkdown(
  info: RunInfo,
  report: MetricsReport,
  videoLevel: MetricsReport | null = null,
  frameLevel: MetricsReport | null = null,
): string {
  const model = info.model
    ? `${info.model.id} ${info.model.version} (sha256 ${info.model.sha256})` +
      (info.model.isTestFixture ? ' — **TEST FIXTURE: its numbers are not evidence of anything**' : '')
    : 'none installed (detector not evaluated)';
  const lines = [
    '# Loupe evaluation',
    '',
    `- Data: \`${info.dataset.path}\` (${info.dataset.layout}, ${info.dataset.items} items, fingerprint \`${info.dataset.fingerprint}\`)`,
    `- Detector: ${model}`,
    `- Intervals: 95 % stratified bootstrap, ${info.resamples} resamples, seed ${info.seed}`,
    `- Run: ${info.startedAt} → ${info.finishedAt}; ${info.failed} item(s) could not be analysed`,
    '',
    'Each family is its fakes against all reals. Definitions: docs/evaluation.md.',
    '',
    metricsTable(report),
    '',
    '## Signals',
    '',
    ...Object.entries(report).map(([name, r]) => `- **${name}**: ${r.definition}`),
  ];
  if (videoLevel) {
    lines.push(
      '',
      '## Video level',
      '',
      'One score per video or face sequence: the mean of its frames (DeepfakeBench protocol).',
      '',
      metricsTable(videoLevel),
    );
  }
  if (frameLevel) {
    lines.push(
      '',
      '## Frame level',
      '',
      "One score per sampled frame of each video (items_frames.csv): the primary track's face in that frame, else the largest face, else the whole frame.",
      '',
      metricsTable(frameLevel),
    );
  }
  if (info.warnings.length) lines.push('', '## Warnings', '', ...info.warnings.map((w) => `- ${w}`));
  return lines.join('\n') + '\n';
}
