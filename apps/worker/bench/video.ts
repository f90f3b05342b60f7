/**
 * npm run bench:video [-- fixture|int8|fp32 [frames]]
 *
 * A 60 s 1080p H.264 clip (made here from a face-api demo photo, 30 fps, a keyframe every 2 s;
 * cached in the temp folder): probe; sample N frames (default 32) by seeking, by one sequential
 * decode that keeps only the sampled frames, and the naive way (convert every frame); face detection per frame; the detector (the test fixture, or a ViT-L/14-shaped
 * random-weight model in int8 or fp32); the whole video pipeline to a score; decode-only
 * frames/s for a dense 2 fps timeline; and the whole pipeline in dense mode (an analysis asking
 * for `sampling: { fps: 2 }`), in frames/s. Printed, not asserted.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createOrtFaceDetector,
  ModelRegistry,
  writeFixtureDetector,
  type LoadedDetector,
} from '@loupe/inference';
import {
  chooseStrategy,
  decodeEveryFrame,
  denseTimestamps,
  ffmpegBinaries,
  probeVideo,
  sampleFrames,
  uniformTimestamps,
  type SampledFrame,
} from '@loupe/video';
import { makeClip } from '@loupe/video/testing';
import { installBenchVitL14 } from './bench-model.ts';
import { runVideoPipeline } from '../src/analyze/video/pipeline.ts';

const variant = (process.argv[2] ?? 'fixture') as 'fixture' | 'int8' | 'fp32';
const count = Number(process.argv[3] ?? 32);
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** CPU seconds of finished child processes (FFmpeg), from /proc: wall time on a loaded machine misleads. */
const childCpu = (): number => {
  // Fields after "(comm) ": cutime and cstime are the 14th and 15th, in clock ticks (100 per second).
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
};

const clip = join(tmpdir(), 'loupe-bench-video-60s-1080p-h264.mp4');
if (!existsSync(clip)) {
  const t = performance.now();
  await makeClip(`${clip}.part.mp4`, { photo: 1, seconds: 60, fps: 30, width: 1920, height: 1080, gop: 60 });
  const { renameSync } = await import('node:fs');
  renameSync(`${clip}.part.mp4`, clip);
  console.log(`made the clip in ${secs(performance.now() - t)} (cached at ${clip})`);
}
const bins = ffmpegBinaries();
console.log(`ffmpeg ${bins.ffmpegVersion}, ffprobe ${bins.ffprobeVersion}`);

let t = performance.now();
const facts = await probeVideo(clip, 'MP4', { maxDurationSec: 3600, maxPixelsPerFrame: 1e8, maxStreams: 8 });
console.log(
  `probe (demux all packets, decode one frame, VFR check): ${secs(performance.now() - t)} — ${facts.width}×${facts.height} ${facts.codec} ${facts.durationSec.toFixed(1)} s ${facts.fps} fps ${facts.frameCount} frames`,
);

t = performance.now();
let cpu = childCpu();
const frames: SampledFrame[] = [];
for await (const f of sampleFrames(clip, facts, uniformTimestamps(facts.durationSec, count), {
  strategy: 'seek',
})) {
  frames.push(f);
}
const seekMs = performance.now() - t;
const seekCpu = childCpu() - cpu;
console.log(
  `sample ${frames.length} frames by seeking: ${secs(seekMs)} wall (${(seekMs / frames.length).toFixed(0)} ms/frame), FFmpeg CPU ${seekCpu.toFixed(2)} s`,
);

t = performance.now();
cpu = childCpu();
let sequentialFrames = 0;
for await (const f of sampleFrames(clip, facts, uniformTimestamps(facts.durationSec, count), {
  strategy: 'sequential',
})) {
  sequentialFrames += f.width > 0 ? 1 : 0;
}
const sequentialMs = performance.now() - t;
console.log(
  `sample ${sequentialFrames} frames by one sequential decode: ${secs(sequentialMs)} wall, FFmpeg CPU ${(childCpu() - cpu).toFixed(2)} s (auto picks ${chooseStrategy(facts.frameCount, count)} for this clip)`,
);

t = performance.now();
cpu = childCpu();
const all = await decodeEveryFrame(clip, facts);
const naiveMs = performance.now() - t;
const naiveCpu = childCpu() - cpu;
console.log(
  `decode every frame (naive): ${secs(naiveMs)} wall for ${all} frames, FFmpeg CPU ${naiveCpu.toFixed(2)} s — seeking: ${(naiveMs / seekMs).toFixed(1)}× wall, ${(naiveCpu / seekCpu).toFixed(1)}× CPU`,
);

// The first 20 s only, to bound the run on a loaded 2-core machine.
const dense = denseTimestamps(Math.min(20, facts.durationSec), 2, 10_000);
t = performance.now();
let denseFrames = 0;
for await (const f of sampleFrames(clip, facts, dense, { strategy: 'seek' }))
  denseFrames += f.width > 0 ? 1 : 0;
const denseMs = performance.now() - t;
console.log(
  `dense timeline (2 fps over the first 20 s, ${denseFrames} frames, by seeking) decode only: ${secs(denseMs)} — ${((denseFrames * 1000) / denseMs).toFixed(1)} frames/s`,
);

const faces = await createOrtFaceDetector();
t = performance.now();
let found = 0;
for (const f of frames) found += (await faces.detect(f, { withDescriptors: true })).length;
const facesMs = performance.now() - t;
console.log(
  `faces (ORT, with descriptors) on ${frames.length} frames: ${secs(facesMs)} (${(facesMs / frames.length).toFixed(0)} ms/frame, ${found} faces)`,
);

const dir = mkdtempSync(join(tmpdir(), 'loupe-video-bench-'));
if (variant === 'fixture') {
  await writeFixtureDetector(join(dir, 'models'), { dim: 1024 });
} else {
  await installBenchVitL14(join(dir, 'models'), variant);
}
const registry = await ModelRegistry.load(join(dir, 'models'));
const detector: LoadedDetector | null = registry.primary();
if (!detector) throw new Error(`model did not load: ${JSON.stringify(registry.problems)}`);

t = performance.now();
const result = await runVideoPipeline(
  clip,
  facts,
  { faces, detector, maxMapSide: 4096, batchSize: 8, sampleFrames: count, topK: 3 },
  async () => undefined,
);
const totalMs = performance.now() - t;
const steps = Object.entries(result.timingsMs)
  .map(([k, v]) => `${k} ${secs(v)}`)
  .join(', ');
console.log(`detector: ${detector.manifest.id} ${detector.manifest.version}`);
console.log(
  `whole video pipeline to a score (${count} frames, maps for top 3 + poster): ${secs(totalMs)} — ${steps}`,
);
if (result.detector.installed) {
  console.log(
    `score ${result.detector.pFake.toFixed(3)} (${result.detector.subject}); ${result.tracks.length} tracks`,
  );
}

// Dense mode as an analysis requests it (reanalyzeMedia(sampling: { fps: 2 })): 120 frames here.
t = performance.now();
const dense2 = await runVideoPipeline(
  clip,
  facts,
  { faces, detector, maxMapSide: 4096, batchSize: 8, sampling: { fps: 2 }, maxSampledFrames: 600, topK: 3 },
  async () => undefined,
);
const denseTotalMs = performance.now() - t;
console.log(
  `whole video pipeline, dense mode 2 fps (${dense2.frames.length} frames): ${secs(denseTotalMs)} — ${((dense2.frames.length * 1000) / denseTotalMs).toFixed(1)} frames/s; ${Object.entries(
    dense2.timingsMs,
  )
    .map(([k, v]) => `${k} ${secs(v)}`)
    .join(', ')}`,
);
await faces.close();
await registry.close();
rmSync(dir, { recursive: true, force: true });
