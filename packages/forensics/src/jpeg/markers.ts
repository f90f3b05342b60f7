/**
 * JPEG marker-segment parser (ITU-T T.81 Annex B). Reads only the headers needed for the signals and
 * the coefficient decoder; it bounds-checks every read and records what went wrong instead of throwing,
 * because evidence files are often truncated or deliberately malformed.
 */

/** Natural (row-major) index of the k-th coefficient in zig-zag order. */
export const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7,
  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46,
  53, 60, 61, 54, 47, 55, 62, 63,
]);

export interface QuantTable {
  id: number;
  /** Quantiser steps in zig-zag order, as stored. */
  zigzag: Uint16Array;
}

export interface FrameComponent {
  id: number;
  h: number;
  v: number;
  tq: number;
}

export interface Frame {
  marker: number;
  precision: number;
  width: number;
  height: number;
  components: FrameComponent[];
  progressive: boolean;
  /** False for arithmetic coding (SOF9–SOF15), which the coefficient decoder does not handle. */
  huffman: boolean;
  /** SOF3/SOF7/SOF11/SOF15: lossless, no DCT coefficients. */
  lossless: boolean;
}

export interface HuffmanTable {
  counts: Uint8Array;
  symbols: Uint8Array;
}

export interface Scan {
  components: { index: number; dc: number; ac: number }[];
  ss: number;
  se: number;
  ah: number;
  al: number;
  restartInterval: number;
  /** Huffman tables in force for this scan, keyed `class * 4 + id` (class 0 = DC, 1 = AC). */
  huffman: Map<number, HuffmanTable>;
  /** Entropy-coded data: [start, end), end at the marker that closes it (or the end of the buffer). */
  start: number;
  end: number;
}

export interface JpegStructure {
  /** Latest definition of each table id, in order of first appearance. */
  quantTables: QuantTable[];
  frame: Frame | null;
  scans: Scan[];
  sawEoi: boolean;
  problems: string[];
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const DQT = 0xdb;
const DHT = 0xc4;
const DRI = 0xdd;

export function isJpegSignature(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === SOI && b[2] === 0xff;
}

function isSof(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== DHT && m !== 0xc8 && m !== 0xcc;
}

const u16 = (b: Uint8Array, p: number) => ((b[p] ?? 0) << 8) | (b[p + 1] ?? 0);

/** Parses headers from SOI to EOI (or the end of the data); never throws. */
export function parseJpeg(b: Uint8Array): JpegStructure {
  const out: JpegStructure = { quantTables: [], frame: null, scans: [], sawEoi: false, problems: [] };
  if (!isJpegSignature(b)) return out;
  const huffman = new Map<number, HuffmanTable>();
  let restartInterval = 0;
  let pos = 2;
  while (pos < b.length) {
    if (b[pos] !== 0xff) {
      out.problems.push(
        `unexpected byte 0x${(b[pos] ?? 0).toString(16)} at offset ${pos}, skipped to next marker`,
      );
      const next = b.indexOf(0xff, pos);
      if (next < 0) break;
      pos = next;
    }
    while (b[pos] === 0xff) pos++;
    if (pos >= b.length) break;
    const marker = b[pos++] ?? 0;
    if (marker === EOI) {
      out.sawEoi = true;
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === SOI || marker === 0x01) continue;
    if (pos + 2 > b.length) break;
    const length = u16(b, pos);
    if (length < 2) {
      out.problems.push(
        `segment 0xff${marker.toString(16)} at offset ${pos - 2} has invalid length ${length}`,
      );
      break;
    }
    const start = pos + 2;
    const end = pos + length;
    if (end > b.length)
      out.problems.push(`segment 0xff${marker.toString(16)} at offset ${pos - 2} is truncated`);
    const limit = Math.min(end, b.length);
    if (marker === DQT) readDqt(b, start, limit, out);
    else if (marker === DHT) readDht(b, start, limit, huffman, out);
    else if (marker === DRI && limit - start >= 2) restartInterval = u16(b, start);
    else if (isSof(marker) && !out.frame) out.frame = readSof(b, marker, start, limit);
    else if (marker === SOS) {
      const scan = readSos(b, start, limit, out.frame, restartInterval, huffman);
      if (!scan) {
        out.problems.push(`invalid scan header at offset ${pos - 2}`);
        break;
      }
      scan.end = findScanEnd(b, end);
      out.scans.push(scan);
      pos = scan.end;
      continue;
    }
    pos = end;
  }
  if (!out.sawEoi) out.problems.push('no end-of-image marker: the file is truncated or has trailing damage');
  return out;
}

function readDqt(b: Uint8Array, p: number, end: number, out: JpegStructure): void {
  while (p < end) {
    const pq = (b[p] ?? 0) >> 4;
    const id = (b[p] ?? 0) & 15;
    const size = pq ? 128 : 64;
    if (p + 1 + size > end || pq > 1 || id > 3) {
      out.problems.push(`incomplete or invalid quantisation table at offset ${p}`);
      return;
    }
    const zigzag = new Uint16Array(64);
    for (let k = 0; k < 64; k++) zigzag[k] = pq ? u16(b, p + 1 + 2 * k) : (b[p + 1 + k] ?? 0);
    const existing = out.quantTables.findIndex((t) => t.id === id);
    if (existing >= 0) out.quantTables[existing] = { id, zigzag };
    else out.quantTables.push({ id, zigzag });
    p += 1 + size;
  }
}

function readDht(
  b: Uint8Array,
  p: number,
  end: number,
  tables: Map<number, HuffmanTable>,
  out: JpegStructure,
) {
  while (p + 17 <= end) {
    const cls = (b[p] ?? 0) >> 4;
    const id = (b[p] ?? 0) & 15;
    const counts = b.slice(p + 1, p + 17);
    const total = counts.reduce((s, c) => s + c, 0);
    if (cls > 1 || id > 3 || p + 17 + total > end) {
      out.problems.push(`incomplete or invalid Huffman table at offset ${p}`);
      return;
    }
    tables.set(cls * 4 + id, { counts, symbols: b.slice(p + 17, p + 17 + total) });
    p += 17 + total;
  }
}

function readSof(b: Uint8Array, marker: number, p: number, end: number): Frame | null {
  if (end - p < 6) return null;
  const n = b[p + 5] ?? 0;
  if (end - p < 6 + 3 * n || n === 0) return null;
  const components: FrameComponent[] = [];
  for (let i = 0; i < n; i++) {
    const q = p + 6 + 3 * i;
    const hv = b[q + 1] ?? 0;
    components.push({ id: b[q] ?? 0, h: hv >> 4, v: hv & 15, tq: b[q + 2] ?? 0 });
  }
  const kind = marker & 3;
  return {
    marker,
    precision: b[p] ?? 0,
    height: u16(b, p + 1),
    width: u16(b, p + 3),
    components,
    progressive: kind === 2,
    huffman: marker < 0xc8,
    lossless: kind === 3,
  };
}

function readSos(
  b: Uint8Array,
  p: number,
  end: number,
  frame: Frame | null,
  restartInterval: number,
  huffman: Map<number, HuffmanTable>,
): Scan | null {
  const n = b[p] ?? 0;
  if (!frame || n < 1 || n > 4 || end - p < 4 + 2 * n) return null;
  const components: Scan['components'] = [];
  for (let i = 0; i < n; i++) {
    const id = b[p + 1 + 2 * i] ?? 0;
    const index = frame.components.findIndex((c) => c.id === id);
    if (index < 0) return null;
    const t = b[p + 2 + 2 * i] ?? 0;
    components.push({ index, dc: t >> 4, ac: t & 15 });
  }
  const q = p + 1 + 2 * n;
  const a = b[q + 2] ?? 0;
  return {
    components,
    ss: b[q] ?? 0,
    se: b[q + 1] ?? 0,
    ah: a >> 4,
    al: a & 15,
    restartInterval,
    huffman: new Map(huffman),
    start: end,
    end,
  };
}

/** First marker after `p` that is not a stuffed 0xff00 or a restart marker. */
function findScanEnd(b: Uint8Array, p: number): number {
  for (let i = b.indexOf(0xff, p); i >= 0 && i + 1 < b.length; i = b.indexOf(0xff, i + 1)) {
    const next = b[i + 1] ?? 0;
    if (next !== 0 && next !== 0xff && (next < 0xd0 || next > 0xd7)) return i;
  }
  return b.length;
}

/** Chroma subsampling as J:a:b from the first (luma) and second component's sampling factors. */
export function describeSubsampling(frame: Frame): string | null {
  const [y, c, ...rest] = frame.components;
  if (!y) return null;
  if (!c) return '4:0:0';
  if (rest.some((r) => r.h !== c.h || r.v !== c.v) || c.h === 0 || c.v === 0 || y.h % c.h || y.v % c.v) {
    return frame.components.map((k) => `${k.h}x${k.v}`).join(',');
  }
  const hf = y.h / c.h;
  const vf = y.v / c.v;
  const a = 4 / hf;
  if (!Number.isInteger(a) || vf > 2) return frame.components.map((k) => `${k.h}x${k.v}`).join(',');
  return `4:${a}:${vf === 1 ? a : 0}`;
}
