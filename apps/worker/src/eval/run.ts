/**
 * `loupe eval`: every item of a labelled set through the same compute pipeline as evidence
 * (runPipeline: same face crops, preprocessing and model), scored per signal, then metrics, a
 * summary and plots. Resumable: items.csv grows one row per finished item, and a rerun with the
 * same data and model skips the rows already there.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  computeMetrics,
  groupItems,
  detectorSpec,
  EvalInputError,
  frameItems,
  frameRow,
  FRAMES_HEADER,
  isVideoFile,
  itemRow,
  ITEMS_HEADER,
  parseFramesCsv,
  parseItemsCsv,
  readDataSet,
  renderPlots,
  scoreAnalysis,
  SIGNAL_SPECS,
  summaryMarkdown,
  type DataSet,
  type MetricsReport,
  type RunInfo,
  type ScoredFrame,
  type ScoredItem,
  type SignalSpec,
} from '@loupe/eval';
import type { FaceDetector, LoadedDetector } from '@loupe/inference';
import { probeVideo, type VideoCaps, type VideoContainer } from '@loupe/video';
import { runPipeline } from '../analyze/pipeline.ts';
import { runVideoPipeline } from '../analyze/video/pipeline.ts';

export interface EvalDeps {
  faces: FaceDetector;
  detector: LoadedDetector | null;
  maxMapSide: number;
  batchSize: number;
  /** Frames sampled per video (default 32, the seed paper's protocol). */
  sampleFrames?: number;
}

// The lab's own data, not an upload: limits only against files that would take hours.
const EVAL_VIDEO_CAPS: VideoCaps = {
  maxDurationSec: 4 * 3600,
  maxPixelsPerFrame: 8192 * 8192,
  maxStreams: 64,
};
const CONTAINERS: Record<string, VideoContainer> = { mp4: 'MP4', mov: 'MOV', webm: 'WEBM', mkv: 'MKV' };

type Scores = ScoredItem['scores'];
const NO_SCORES: Scores = { detector: null, ela: null, noise: null, double_jpeg: null, metadata: null };

/**
 * One item's scores, and for a video its sampled frames' scores. A video goes through the worker's
 * video pipeline, as video evidence does: its score is the mean p(fake) over the primary face track
 * of the sampled frames (the seed paper's video rule), and each frame's score is the one the media
 * page shows for that frame (the primary track's face, else the largest face, else the whole frame).
 * The classical signals are not defined for videos yet (null).
 */
async function scoreItem(
  deps: EvalDeps,
  path: string,
): Promise<{ scores: Scores; frames: { frame: number; timeSec: number; scores: Scores }[] }> {
  if (!isVideoFile(path))
    return {
      scores: scoreAnalysis(await runPipeline(await readFile(path), deps, async () => {})),
      frames: [],
    };
  const container = CONTAINERS[path.split('.').pop()!.toLowerCase()]!;
  const facts = await probeVideo(path, container, EVAL_VIDEO_CAPS);
  const r = await runVideoPipeline(
    path,
    facts,
    { ...deps, sampleFrames: deps.sampleFrames ?? 32, topK: 0 },
    async () => {},
  );
  return {
    scores: { ...NO_SCORES, detector: r.detector.installed ? r.detector.pFake : null },
    frames: r.frames.map((f) => ({
      frame: f.index,
      timeSec: Math.round(f.timeSec * 1e6) / 1e6,
      scores: { ...NO_SCORES, detector: f.pFake },
    })),
  };
}

export interface EvalOptions {
  data: string;
  out: string;
  resamples?: number;
  seed?: number;
  /** Only items of this split (from a CSV's split column); default all. */
  split?: string;
  /** Progress output (stderr in the CLI). */
  progress?: (line: string, final: boolean) => void;
}

export interface EvalResult {
  set: DataSet;
  items: ScoredItem[];
  report: MetricsReport;
  /** Per video or face sequence (mean of its frames), when the layout groups frames; else null. */
  videoLevel: MetricsReport | null;
  /** Per sampled frame of the video files (items_frames.csv), when the set has any; else null. */
  frameLevel: MetricsReport | null;
  /** What one row of `report` is: 'image', 'frame' (frame layouts), 'video', or 'mixed'. */
  level: 'image' | 'frame' | 'video' | 'mixed';
  frames: ScoredFrame[];
  info: RunInfo;
  specs: SignalSpec[];
  /** Vega-Lite spec of every plot, by name (stored with the run; the web app can render them). */
  plots: Record<string, unknown>;
}

/** SHA-256 over every item's file, label and family and its content's SHA-256, in file order. */
export async function fingerprintSet(set: DataSet): Promise<string> {
  const outer = createHash('sha256');
  for (const it of [...set.items].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    const inner = createHash('sha256')
      .update(await readFile(it.path))
      .digest('hex');
    outer.update(`${it.file}\t${it.label}\t${it.family}\t${inner}\n`);
  }
  return outer.digest('hex');
}

/** metrics.json, as written to --out and stored with a recorded run. */
export function metricsDocument(r: EvalResult) {
  return {
    run: r.info,
    // What one unit of each metrics block is (docs/evaluation.md, "Levels").
    levels: {
      signals: r.level,
      ...(r.videoLevel ? { videoLevel: 'video' } : {}),
      ...(r.frameLevel ? { frameLevel: 'frame' } : {}),
    },
    signals: r.report,
    ...(r.videoLevel ? { videoLevel: r.videoLevel } : {}),
    ...(r.frameLevel ? { frameLevel: r.frameLevel } : {}),
  };
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export async function runEvaluation(deps: EvalDeps, opts: EvalOptions): Promise<EvalResult> {
  const startedAt = new Date().toISOString();
  let set = readDataSet(opts.data);
  if (opts.split) {
    const kept = set.items.filter((i) => i.split === opts.split);
    if (kept.length === 0)
      throw new EvalInputError(`no item has split '${opts.split}' (the layout is ${set.layout})`);
    set = { ...set, items: kept };
  }
  const resamples = opts.resamples ?? 1000;
  const seed = opts.seed ?? 1;
  const fingerprint = await fingerprintSet(set);
  const model = deps.detector?.provenance ?? null;
  mkdirSync(opts.out, { recursive: true });

  // The out folder belongs to one (data set, model) pair; anything else must not be mixed in.
  const runPath = join(opts.out, 'run.json');
  const identity = { dataset: { path: set.root, layout: set.layout, fingerprint }, model };
  if (existsSync(runPath)) {
    const prev = JSON.parse(readFileSync(runPath, 'utf8')) as typeof identity;
    if (JSON.stringify(prev) !== JSON.stringify(identity)) {
      throw new EvalInputError(
        `${opts.out} holds a run of another data set or model (${prev.model ? `${prev.model.id} ${prev.model.version}` : 'no detector'}, ` +
          `data ${prev.dataset.fingerprint.slice(0, 12)}…); choose another --out`,
      );
    }
  } else writeFileSync(runPath, JSON.stringify(identity, null, 2) + '\n');

  const itemsPath = join(opts.out, 'items.csv');
  const done = new Map<string, ScoredItem>();
  if (existsSync(itemsPath))
    for (const it of parseItemsCsv(readFileSync(itemsPath, 'utf8'))) done.set(it.file, it);
  // Rewrite what was read back, so a half-written last line left by an interrupted run goes away.
  writeFileSync(itemsPath, [ITEMS_HEADER.join(','), ...[...done.values()].map(itemRow)].join('\n') + '\n');
  // A video's frame rows are appended before its item row: frames of a video with no item row
  // (interrupted between the two) are dropped here and written again when the video is rescored.
  const framesPath = join(opts.out, 'items_frames.csv');
  const frames = existsSync(framesPath)
    ? parseFramesCsv(readFileSync(framesPath, 'utf8')).filter((f) => done.has(f.file))
    : [];
  writeFileSync(framesPath, [FRAMES_HEADER.join(','), ...frames.map(frameRow)].join('\n') + '\n');

  const todo = set.items.filter((i) => !done.has(i.file));
  const total = set.items.length;
  const t0 = performance.now();
  let finished = 0;
  let lastLine = 0;
  const report = (final: boolean, file = '') => {
    const elapsed = (performance.now() - t0) / 1000;
    const rate = finished / Math.max(elapsed, 1e-9);
    const n = done.size;
    const pct = Math.floor((100 * n) / total);
    const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
    opts.progress?.(
      `[${bar}] ${n}/${total} ${pct}% · ${rate.toFixed(2)} items/s · ETA ${clock((total - n) / rate)}${file ? ` · ${file}` : ''}`,
      final,
    );
  };
  if (done.size > 0)
    opts.progress?.(`resuming: ${done.size} of ${total} items already scored in ${itemsPath}`, true);
  for (const it of todo) {
    let scored: ScoredItem;
    try {
      const r = await scoreItem(deps, it.path);
      scored = { file: it.file, label: it.label, family: it.family, scores: r.scores, error: null };
      const rows = r.frames.map((f) => ({ file: it.file, label: it.label, family: it.family, ...f }));
      if (rows.length) appendFileSync(framesPath, rows.map(frameRow).join('\n') + '\n');
      frames.push(...rows);
    } catch (error) {
      // A file that cannot be analysed is recorded with its reason and left out of the metrics.
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
      scored = {
        file: it.file,
        label: it.label,
        family: it.family,
        scores: NO_SCORES,
        error: message || 'analysis failed',
      };
    }
    appendFileSync(itemsPath, itemRow(scored) + '\n');
    done.set(it.file, scored);
    finished++;
    if (performance.now() - lastLine > 250 || finished === todo.length) {
      lastLine = performance.now();
      report(false, it.file);
    }
  }
  report(true);

  const items = set.items.map((i) => done.get(i.file)!);
  const specs: SignalSpec[] = [
    ...(deps.detector ? [detectorSpec(deps.detector.manifest.calibration.threshold)] : []),
    SIGNAL_SPECS.ela,
    SIGNAL_SPECS.noise,
    SIGNAL_SPECS.double_jpeg,
    SIGNAL_SPECS.metadata,
  ];
  const metrics = computeMetrics(items, specs, { resamples, seed });
  // Frames of videos or face sequences (Celeb-DF v2 frames, WildDeepfake) are also scored per
  // video: the mean of its frames.
  const groupOf = new Map(set.items.map((i) => [i.file, i.group]));
  const videoItems = set.items.some((i) => i.group !== null)
    ? groupItems(items, (f) => groupOf.get(f) ?? null)
    : [];
  const videoLevel = videoItems.length ? computeMetrics(videoItems, specs, { resamples, seed }) : null;
  // Video files are also scored per sampled frame (items_frames.csv), in file then frame order.
  const order = new Map(set.items.map((i, k) => [i.file, k]));
  frames.sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.frame - b.frame);
  const frameLevel = frames.length ? computeMetrics(frameItems(frames), specs, { resamples, seed }) : null;
  const videos = set.items.filter((i) => isVideoFile(i.path)).length;
  const level: EvalResult['level'] =
    videos === set.items.length
      ? 'video'
      : videos > 0
        ? 'mixed'
        : set.items.some((i) => i.group !== null)
          ? 'frame'
          : 'image';
  const info: RunInfo = {
    dataset: { path: set.root, layout: set.layout, fingerprint, items: total },
    model,
    resamples,
    seed,
    startedAt,
    finishedAt: new Date().toISOString(),
    failed: items.filter((i) => i.error !== null).length,
    warnings: [
      ...set.warnings,
      ...(deps.detector ? [] : ['No detector is installed: only the classical signals were evaluated.']),
      ...(model?.isTestFixture
        ? ['The detector is the TEST FIXTURE: its numbers are not evidence of anything.']
        : []),
    ],
  };
  writeFileSync(join(opts.out, 'summary.md'), summaryMarkdown(info, metrics, videoLevel, frameLevel));
  mkdirSync(join(opts.out, 'plots'), { recursive: true });
  const plots: Record<string, unknown> = {};
  for (const plot of await renderPlots(items, specs)) {
    plots[plot.name] = plot.spec;
    writeFileSync(join(opts.out, 'plots', `${plot.name}.vl.json`), JSON.stringify(plot.spec, null, 2) + '\n');
    writeFileSync(join(opts.out, 'plots', `${plot.name}.svg`), plot.svg);
    writeFileSync(join(opts.out, 'plots', `${plot.name}.png`), plot.png);
  }
  const result: EvalResult = {
    set,
    items,
    report: metrics,
    videoLevel,
    frameLevel,
    level,
    frames,
    info,
    specs,
    plots,
  };
  writeFileSync(join(opts.out, 'metrics.json'), JSON.stringify(metricsDocument(result), null, 2) + '\n');
  return result;
}
