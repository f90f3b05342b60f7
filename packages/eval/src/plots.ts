/**
 * Evaluation plots as Vega-Lite specs (the same specs the web app can render live), rendered to
 * SVG headless with vega, and to PNG by sharp from that SVG.
 */
import sharp from 'sharp';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { operatingPoints, reliabilityBins, sortSet } from './metrics.ts';
import type { ScoredItem } from './report.ts';
import type { SignalSpec } from './signals.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

function scored(items: ScoredItem[], signal: string) {
  return items.filter((i) => i.error === null && i.scores[signal as keyof ScoredItem['scores']] !== null);
}

/** ROC curve of every signal that has both classes. */
export function rocSpec(items: ScoredItem[], specs: SignalSpec[]): TopLevelSpec {
  const values: { signal: string; fpr: number; tpr: number }[] = [];
  for (const s of specs) {
    const sub = scored(items, s.name);
    const p = operatingPoints(
      sortSet({ scores: sub.map((i) => i.scores[s.name]!), labels: sub.map((i) => i.label) }),
    );
    if (p.positives === 0 || p.negatives === 0) continue;
    p.tp.forEach((tp, k) =>
      values.push({ signal: s.name, fpr: p.fp[k]! / p.negatives, tpr: tp / p.positives }),
    );
  }
  return {
    $schema: SCHEMA,
    title: 'ROC',
    width: 360,
    height: 360,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'fpr', type: 'quantitative', title: 'False-positive rate', scale: { domain: [0, 1] } },
      y: { field: 'tpr', type: 'quantitative', title: 'True-positive rate', scale: { domain: [0, 1] } },
      color: { field: 'signal', type: 'nominal' },
      order: { field: 'fpr' },
    },
  } as TopLevelSpec;
}

/** Precision–recall curve of every signal. */
export function prSpec(items: ScoredItem[], specs: SignalSpec[]): TopLevelSpec {
  const values: { signal: string; recall: number; precision: number }[] = [];
  for (const s of specs) {
    const sub = scored(items, s.name);
    const p = operatingPoints(
      sortSet({ scores: sub.map((i) => i.scores[s.name]!), labels: sub.map((i) => i.label) }),
    );
    if (p.positives === 0 || p.negatives === 0) continue;
    for (let k = 1; k < p.tp.length; k++) {
      values.push({
        signal: s.name,
        recall: p.tp[k]! / p.positives,
        precision: p.tp[k]! / (p.tp[k]! + p.fp[k]!),
      });
    }
  }
  return {
    $schema: SCHEMA,
    title: 'Precision–recall',
    width: 360,
    height: 360,
    data: { values },
    mark: { type: 'line', interpolate: 'step-before' },
    encoding: {
      x: { field: 'recall', type: 'quantitative', title: 'Recall (TPR)', scale: { domain: [0, 1] } },
      y: { field: 'precision', type: 'quantitative', title: 'Precision', scale: { domain: [0, 1] } },
      color: { field: 'signal', type: 'nominal' },
      order: { field: 'recall' },
    },
  } as TopLevelSpec;
}

/** Reliability diagram of the probabilistic signals (the detector); null when there is none. */
export function reliabilitySpec(items: ScoredItem[], specs: SignalSpec[]): TopLevelSpec | null {
  const values: { signal: string; predicted: number; observed: number; count: number }[] = [];
  for (const s of specs.filter((x) => x.probabilistic)) {
    const sub = scored(items, s.name);
    if (sub.length === 0) continue;
    for (const b of reliabilityBins(
      sortSet({ scores: sub.map((i) => i.scores[s.name]!), labels: sub.map((i) => i.label) }),
    )) {
      values.push({ signal: s.name, predicted: b.meanPredicted, observed: b.fractionFake, count: b.count });
    }
  }
  if (values.length === 0) return null;
  return {
    $schema: SCHEMA,
    title: 'Reliability (10 equal-width bins)',
    width: 360,
    height: 360,
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: {
            field: 'predicted',
            type: 'quantitative',
            title: 'Mean p(fake) in bin',
            scale: { domain: [0, 1] },
          },
          y: {
            field: 'observed',
            type: 'quantitative',
            title: 'Fraction fake in bin',
            scale: { domain: [0, 1] },
          },
          color: { field: 'signal', type: 'nominal' },
          size: { field: 'count', type: 'quantitative', title: 'items' },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Score histograms per class, one panel per signal (each binned over its own range). */
export function histogramSpec(items: ScoredItem[], specs: SignalSpec[]): TopLevelSpec {
  const panels = specs
    .map((s) => ({
      signal: s.name,
      values: scored(items, s.name).map((i) => ({
        score: i.scores[s.name]!,
        class: i.label ? 'fake' : 'real',
      })),
    }))
    .filter((p) => p.values.length > 0)
    .map((p) => ({
      title: p.signal,
      width: 220,
      height: 140,
      data: { values: p.values },
      mark: { type: 'bar', opacity: 0.6 },
      encoding: {
        x: { field: 'score', type: 'quantitative', bin: { maxbins: 30 }, title: 'score' },
        y: { aggregate: 'count', type: 'quantitative', stack: null, title: 'items' },
        color: {
          field: 'class',
          type: 'nominal',
          scale: { domain: ['real', 'fake'], range: ['#4c78a8', '#e45756'] },
        },
      },
    }));
  return { $schema: SCHEMA, title: 'Score histograms per class', columns: 3, concat: panels } as TopLevelSpec;
}

/** Renders a Vega-Lite spec to SVG (headless, no browser). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG of an SVG at 2× its size. */
export async function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 144 }).png().toBuffer();
}

/** Every plot of an evaluation: name → { spec, svg, png }. */
export async function renderPlots(
  items: ScoredItem[],
  specs: SignalSpec[],
): Promise<{ name: string; spec: TopLevelSpec; svg: string; png: Buffer }[]> {
  const all: [string, TopLevelSpec | null][] = [
    ['roc', rocSpec(items, specs)],
    ['pr', prSpec(items, specs)],
    ['reliability', reliabilitySpec(items, specs)],
    ['histograms', histogramSpec(items, specs)],
  ];
  const out = [];
  for (const [name, spec] of all) {
    if (!spec) continue;
    const svg = await renderSvg(spec);
    out.push({ name, spec, svg, png: await svgToPng(svg) });
  }
  return out;
}
