import { extendType, idArg, intArg, nonNull, objectType, stringArg } from 'nexus';
import { detectorOverall, evaluationSummary, renderSvg } from '@loupe/eval';
import { requireViewer } from './guards.ts';

export const Evaluation = objectType({
  name: 'Evaluation',
  description:
    'One `loupe eval` run: a detector version (or none) and the classical signals measured on a labelled data set.',
  definition(t) {
    t.nonNull.id('id');
    t.string('modelId');
    t.string('modelVersion');
    t.string('modelSha256');
    t.nonNull.boolean('modelIsTestFixture', { description: 'A test fixture: its numbers are not evidence.' });
    t.nonNull.string('datasetName');
    t.nonNull.string('datasetLayout');
    t.nonNull.string('datasetFingerprint', {
      description: 'SHA-256 over every item (path, label, family, content).',
    });
    t.nonNull.int('items');
    t.nonNull.int('failed');
    t.nonNull.int('resamples', { description: 'Bootstrap resamples behind every 95 % interval.' });
    t.nonNull.dateTime('createdAt');
    t.nonNull.field('metrics', {
      type: 'JSON',
      description:
        'metrics.json as written by loupe eval: every signal, overall and per family (docs/evaluation.md).',
    });
    t.nonNull.field('plots', {
      type: 'JSON',
      description: 'Vega-Lite specs of the ROC, PR, reliability and histogram plots.',
    });
    t.string('plotSvg', {
      description:
        'One of the stored plots (roc, pr, reliability, histograms) rendered to SVG; null when the run has no such plot.',
      args: { name: nonNull(stringArg()) },
      resolve: (e, { name }) => {
        const plots = e.plots as Record<string, unknown> | null;
        const spec = plots && Object.hasOwn(plots, name) ? plots[name] : null;
        return spec ? renderSvg(spec as Parameters<typeof renderSvg>[0]) : null;
      },
    });
    t.float('detectorAuroc', { resolve: (e) => detectorOverall(e.metrics)?.auroc.value ?? null });
    t.string('summary', {
      description:
        "The line shown beside a detector score, e.g. 'on <set>: AUROC 0.91 [0.88–0.94], FPR 3 % at threshold 0.5'.",
      resolve: (e) => evaluationSummary(e),
    });
  },
});

export const EvaluationQueries = extendType({
  type: 'Query',
  definition(t) {
    t.nonNull.list.nonNull.field('evaluations', {
      type: 'Evaluation',
      description: 'Evaluation runs, newest first; filter by model id and version.',
      args: { modelId: stringArg(), modelVersion: stringArg(), first: intArg({ default: 20 }) },
      resolve: (_r, { modelId, modelVersion, first }, ctx) =>
        ctx.services.evaluations.list(requireViewer(ctx), { modelId, modelVersion, first: first ?? 20 }),
    });
  },
});

export const EvaluationQuery = extendType({
  type: 'Query',
  definition(t) {
    t.field('evaluation', {
      type: 'Evaluation',
      args: { id: nonNull(idArg()) },
      resolve: (_r, { id }, ctx) => ctx.services.evaluations.get(requireViewer(ctx), id),
    });
  },
});

export const AnalysisEvaluation = extendType({
  type: 'Analysis',
  definition(t) {
    t.field('evaluation', {
      type: 'Evaluation',
      description:
        "The evaluation that qualifies this analysis' detector score (newest run of exactly this model id, version and SHA-256); null: never evaluated.",
      resolve: (a, _args, ctx) => ctx.services.evaluations.qualifying(a),
    });
  },
});
