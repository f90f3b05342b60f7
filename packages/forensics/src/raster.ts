/** EXIF orientation 1..8 (1 = stored as displayed). */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export function toOrientation(value: unknown): Orientation {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8
    ? (value as Orientation)
    : 1;
}

/** Orientations 5–8 swap width and height. */
export function displaySize(
  width: number,
  height: number,
  o: Orientation,
): { width: number; height: number } {
  return o >= 5 ? { width: height, height: width } : { width, height };
}

/**
 * Applies an EXIF orientation to a one-channel raster. Done here rather than in sharp so the maps and
 * the overlay base go through one exact, tested index transform: out(x, y) = in(start + x·dx + y·dy).
 */
export function orientRaster(
  src: Uint8Array,
  width: number,
  height: number,
  o: Orientation,
): { data: Uint8Array; width: number; height: number } {
  if (o === 1) return { data: src, width, height };
  const w = width;
  const h = height;
  const walk: Record<Exclude<Orientation, 1>, [number, number, number]> = {
    2: [w - 1, -1, w],
    3: [(h - 1) * w + w - 1, -1, -w],
    4: [(h - 1) * w, 1, -w],
    5: [0, w, 1],
    6: [(h - 1) * w, -w, 1],
    7: [(h - 1) * w + w - 1, -w, -1],
    8: [w - 1, w, -1],
  };
  const [start, dx, dy] = walk[o];
  const out = displaySize(w, h, o);
  const data = new Uint8Array(out.width * out.height);
  let i = 0;
  for (let y = 0; y < out.height; y++) {
    let s = start + y * dy;
    for (let x = 0; x < out.width; x++, s += dx) data[i++] = src[s] ?? 0;
  }
  return { data, width: out.width, height: out.height };
}

/** bin[i] = floor(i·m/n): which of m output cells source index i (of n) falls in. */
function binIndex(n: number, m: number): Int32Array {
  const bins = new Int32Array(n);
  for (let i = 0; i < n; i++) bins[i] = Math.floor((i * m) / n);
  return bins;
}

/**
 * Area-mean downscaling fed one source row at a time, so a full-resolution float copy of a map never
 * exists: callers add each pixel's value into `acc[colBin[x]]`, then call `endRow(y)`. Each output
 * pixel is the plain mean of the source pixels that fall in it (identity when sizes are equal).
 */
export class AreaMean {
  readonly out: Float32Array;
  readonly colBin: Int32Array;
  readonly acc: Float64Array;
  private readonly colCount: Float64Array;
  private readonly rowBin: Int32Array;
  private rowsInBin = 0;
  private readonly identity: boolean;

  constructor(
    srcWidth: number,
    private readonly srcHeight: number,
    readonly width: number,
    readonly height: number,
  ) {
    this.out = new Float32Array(width * height);
    this.colBin = binIndex(srcWidth, width);
    this.rowBin = binIndex(srcHeight, height);
    this.acc = new Float64Array(width);
    this.colCount = new Float64Array(width);
    for (const b of this.colBin) this.colCount[b] = (this.colCount[b] ?? 0) + 1;
    this.identity = srcWidth === width && srcHeight === height;
  }

  endRow(y: number): void {
    this.rowsInBin++;
    const ty = this.rowBin[y]!;
    if (y + 1 < this.srcHeight && this.rowBin[y + 1] === ty) return;
    const base = ty * this.width;
    for (let tx = 0; tx < this.width; tx++) {
      this.out[base + tx] = this.acc[tx]! / (this.colCount[tx]! * this.rowsInBin);
    }
    this.acc.fill(0);
    this.rowsInBin = 0;
  }

  /**
   * Adds source row y (srcWidth values) and ends it. At equal size every output pixel is its one
   * source pixel (x / (1 · 1) = x), so the row is copied without the accumulate-and-divide.
   */
  addRow(row: ArrayLike<number>, y: number): void {
    if (this.identity) {
      for (let x = 0; x < this.width; x++) this.out[y * this.width + x] = row[x]!;
      return;
    }
    const { acc, colBin } = this;
    for (let x = 0; x < colBin.length; x++) acc[colBin[x]!]! += row[x]!;
    this.endRow(y);
  }
}

/** Mean over a (2r+1)² window, clipped at the borders (edge pixels average fewer neighbours). */
export function boxMean(src: Float32Array, width: number, height: number, r: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) blur1d(src, tmp, y * width, 1, width, r);
  for (let x = 0; x < width; x++) blur1d(tmp, out, x, width, height, r);
  return out;
}

function blur1d(
  src: Float32Array,
  dst: Float32Array,
  base: number,
  stride: number,
  n: number,
  r: number,
): void {
  let sum = 0;
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < n; i++) {
    const wantHi = Math.min(n - 1, i + r);
    const wantLo = Math.max(0, i - r);
    while (hi < wantHi) sum += src[base + ++hi * stride] ?? 0;
    while (lo < wantLo) sum -= src[base + lo++ * stride] ?? 0;
    dst[base + i * stride] = sum / (hi - lo + 1);
  }
}

const QUANTILE_BINS = 65536;

/** Histogram bin of v in 0..range (`toBin` = (bins − 1) / range): nearest, clipped at both ends. */
function bin(v: number, range: number, toBin: number): number {
  return v <= 0 ? 0 : v >= range ? QUANTILE_BINS - 1 : (v * toBin + 0.5) | 0;
}

/** The q-quantile of `count` values from their histogram, in value units. */
function histogramQuantile(
  hist: Uint32Array,
  count: number,
  q: number,
  toBin: number,
  range: number,
): number {
  const target = Math.max(1, Math.ceil(count * q));
  let seen = 0;
  for (let b = 0; b < QUANTILE_BINS; b++) {
    seen += hist[b]!;
    if (seen >= target) return b / toBin;
  }
  return range;
}

/**
 * The q-quantile (0..1) of values in 0..range, to range/65535: a histogram instead of a sort keeps it
 * linear in time and free of a second full-size copy.
 */
export function quantile(values: Float32Array, q: number, range: number): number {
  const hist = new Uint32Array(QUANTILE_BINS);
  const toBin = (QUANTILE_BINS - 1) / range;
  fillHistogram(hist, values, range, toBin);
  return histogramQuantile(hist, values.length, q, toBin, range);
}

/**
 * quantile() of a map given as how many pixels take each of a few values (counts[k] pixels of
 * value[k]): the same histogram, so the same result, without a pass over the pixels.
 */
export function quantileOfCounts(counts: Uint32Array, value: Float32Array, q: number, range: number): number {
  const hist = new Uint32Array(QUANTILE_BINS);
  const toBin = (QUANTILE_BINS - 1) / range;
  let total = 0;
  for (let k = 0; k < counts.length; k++) {
    if (!counts[k]) continue;
    hist[bin(value[k]!, range, toBin)]! += counts[k]!;
    total += counts[k]!;
  }
  return histogramQuantile(hist, total, q, toBin, range);
}

// The per-pixel loops below are functions of their own: see the note above addDifferences in ela.ts.
// They count even and odd pixels in two histograms and add them at the end: neighbouring pixels
// often fall in the same bin (a noise block's 16 pixels always do), and one histogram makes each
// increment wait for the one before (about a third faster on a 2-Mpx map; the counts are the same).

function fillHistogram(hist: Uint32Array, values: Float32Array, range: number, toBin: number): void {
  const odd = new Uint32Array(QUANTILE_BINS);
  const n = values.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    hist[bin(values[i]!, range, toBin)]!++;
    odd[bin(values[i + 1]!, range, toBin)]!++;
  }
  if (i < n) hist[bin(values[i]!, range, toBin)]!++;
  addInto(hist, odd);
}

/** hist[b] += other[b] for every bin: the two histograms of an even/odd pass made one. */
export function addInto(hist: Uint32Array, other: Uint32Array): void {
  for (let b = 0; b < hist.length; b++) hist[b]! += other[b]!;
}

export interface MapStats {
  mean: number;
  p99: number;
  max: number;
}

/** Mean, 99th percentile and maximum of a map whose values lie in 0..1, rounded to 4 decimals. */
export function mapStats(values: Float32Array): MapStats {
  return measureMap(values, false).stats;
}

/** 0..1 floats to 0..255 bytes (a clamped array rounds and clips on assignment). */
export function toBytes(values: Float32Array): Uint8Array {
  const out = new Uint8ClampedArray(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * 255;
  return new Uint8Array(out.buffer);
}

/**
 * mapStats and toBytes in one pass over the map (it is read once instead of three times); the same
 * arithmetic in the same order, so the results are identical to calling both.
 */
export function measureMap(values: Float32Array, withBytes = true): { stats: MapStats; bytes: Uint8Array } {
  const hist = new Uint32Array(QUANTILE_BINS);
  const toBin = QUANTILE_BINS - 1; // range 1
  const bytes = new Uint8ClampedArray(withBytes ? values.length : 0);
  const sumMax = new Float64Array(2);
  measureInto(values, hist, toBin, withBytes ? bytes : null, sumMax);
  const [sum, max] = sumMax as unknown as [number, number];
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  const mean = values.length ? sum / values.length : 0;
  const p99 = histogramQuantile(hist, values.length, 0.99, toBin, 1);
  return {
    stats: { mean: round(mean), p99: round(p99), max: round(max) },
    bytes: new Uint8Array(bytes.buffer),
  };
}

/** One pass: histogram, bytes (when given) and [sum, max] of `values`, summed in index order. */
function measureInto(
  values: Float32Array,
  hist: Uint32Array,
  toBin: number,
  bytes: Uint8ClampedArray | null,
  sumMax: Float64Array,
): void {
  const odd = new Uint32Array(QUANTILE_BINS);
  const n = values.length;
  let sum = 0;
  let max = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const v = values[i]!;
    const u = values[i + 1]!;
    sum += v;
    sum += u;
    if (v > max) max = v;
    if (u > max) max = u;
    hist[bin(v, 1, toBin)]!++;
    odd[bin(u, 1, toBin)]!++;
    if (bytes) {
      bytes[i] = v * 255;
      bytes[i + 1] = u * 255;
    }
  }
  if (i < n) {
    const v = values[i]!;
    sum += v;
    if (v > max) max = v;
    hist[bin(v, 1, toBin)]!++;
    if (bytes) bytes[i] = v * 255;
  }
  addInto(hist, odd);
  sumMax[0] = sum;
  sumMax[1] = max;
}
