/** Timing helpers for the inference bench (prints only; nothing here asserts). */

export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
  /** Median CPU-seconds this process used per wall-second: ~threads when it had the cores to itself. */
  cores: number;
  /** Median over the runs that got at least `minCores` (undisturbed by other processes). */
  clean?: { median: number; runs: number };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function summarise(samples: number[], cores: number[], minCores: number): Timing {
  const clean = samples.filter((_, i) => cores[i]! >= minCores);
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
    cores: median(cores),
    ...(clean.length ? { clean: { median: median(clean), runs: clean.length } } : {}),
  };
}

/** Per-item view of a batch timing. */
export function perItem(t: Timing, n: number): Timing {
  const clean = t.clean && { ...t.clean, median: t.clean.median / n };
  return { ...t, median: t.median / n, min: t.min / n, max: t.max / n, ...(clean ? { clean } : {}) };
}

/**
 * Times several functions round-robin (after `warmup` untimed calls each), so slow drifts in
 * machine load hit all of them alike and their ratio stays meaningful; milliseconds per call.
 */
export async function interleaved(
  fns: (() => Promise<unknown>)[],
  warmup: number,
  runs: number,
  minCores = 0,
): Promise<Timing[]> {
  for (const fn of fns) for (let i = 0; i < warmup; i++) await fn();
  const samples = fns.map(() => [] as number[]);
  const cores = fns.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) {
    for (const [i, fn] of fns.entries()) {
      // onnxruntime's pool threads spin briefly after a run; let the previous session's go idle
      // so they don't steal cycles from this one (each session has its own thread pool).
      if (fns.length > 1) await new Promise((r) => setTimeout(r, 100));
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      samples[i]!.push(wall);
      cores[i]!.push((cpu.user + cpu.system) / 1000 / wall);
    }
  }
  return samples.map((s, i) => summarise(s, cores[i]!, minCores));
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed; milliseconds per call. */
export async function time(
  fn: () => Promise<unknown>,
  warmup: number,
  runs: number,
  minCores = 0,
): Promise<Timing> {
  return (await interleaved([fn], warmup, runs, minCores))[0]!;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

export const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const rssMiB = () => mib(process.memoryUsage().rss);

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}
