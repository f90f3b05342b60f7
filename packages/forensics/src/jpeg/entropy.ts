import { BitReader, DecodeError, buildLookup } from './bits.ts';
import { type BandState, acFirst, acRefine, decodeBaseline } from './blocks.ts';
import type { Frame, HuffmanTable, JpegStructure, Scan } from './markers.ts';

/** Zig-zag positions 1..HIST_POSITIONS (the low-frequency AC terms) get a histogram. */
export const HIST_POSITIONS = 20;
/** Histograms cover quantised values −HIST_RANGE..HIST_RANGE; larger magnitudes are clamped. */
export const HIST_RANGE = 64;
/** Progressive scans need every luma coefficient kept; above this many 8×8 blocks (64 MP) we stop. */
const MAX_STORED_BLOCKS = 1 << 20;
/** Many tiny progressive scans each walk every block: a cheap way to stall a decoder. */
const MAX_SCANS = 100;

export interface LumaHistograms {
  /** hist[k] (k = 1..HIST_POSITIONS) counts quantised value v at index v + HIST_RANGE. */
  hist: Int32Array[];
  blocks: number;
  /** Null when every scan decoded cleanly, else why decoding stopped (stats are then partial). */
  stoppedBecause: string | null;
}

interface ComponentGeometry {
  h: number;
  v: number;
  /** Blocks per line/column, padded to whole MCUs (storage), and covering the image (counted). */
  paddedW: number;
  paddedH: number;
  w: number;
  h8: number;
  pred: number;
}

/**
 * Decodes the Huffman-coded DCT coefficients (baseline, extended and progressive) and histograms the
 * first component's quantised low-frequency AC values. No inverse DCT: only the integers as stored.
 */
export function lumaHistograms(b: Uint8Array, s: JpegStructure): LumaHistograms {
  const hist = Array.from({ length: HIST_POSITIONS + 1 }, () => new Int32Array(2 * HIST_RANGE + 1));
  const result: LumaHistograms = { hist, blocks: 0, stoppedBecause: null };
  const frame = s.frame;
  const why = unsupported(frame);
  if (why || !frame) return { ...result, stoppedBecause: why ?? 'no frame header' };
  const hmax = Math.max(...frame.components.map((c) => c.h));
  const vmax = Math.max(...frame.components.map((c) => c.v));
  const mcusX = Math.ceil(frame.width / (8 * hmax));
  const mcusY = Math.ceil(frame.height / (8 * vmax));
  const comps: ComponentGeometry[] = frame.components.map((c) => ({
    h: c.h,
    v: c.v,
    paddedW: mcusX * c.h,
    paddedH: mcusY * c.v,
    w: Math.ceil(Math.ceil((frame.width * c.h) / hmax) / 8),
    h8: Math.ceil(Math.ceil((frame.height * c.v) / vmax) / 8),
    pred: 0,
  }));
  const luma = comps[0];
  if (!luma) return { ...result, stoppedBecause: 'no components' };
  const lumaBlocks = luma.paddedW * luma.paddedH;
  if (frame.progressive && lumaBlocks > MAX_STORED_BLOCKS) {
    return {
      ...result,
      stoppedBecause: `progressive image above ${MAX_STORED_BLOCKS} luma blocks not decoded`,
    };
  }
  const stored = frame.progressive ? new Int16Array(lumaBlocks * 64) : null;
  const scratch = new Int16Array(64);
  const count = (block: Int16Array, offset: number) => {
    for (let k = 1; k <= HIST_POSITIONS; k++) {
      const v = Math.max(-HIST_RANGE, Math.min(HIST_RANGE, block[offset + k] ?? 0));
      const h = hist[k];
      if (h) h[v + HIST_RANGE] = (h[v + HIST_RANGE] ?? 0) + 1;
    }
    result.blocks++;
  };
  const luts = new Map<HuffmanTable, Uint16Array>();
  const lookup = (scan: Scan, key: number): Uint16Array => {
    const t = scan.huffman.get(key);
    if (!t) throw new DecodeError('scan uses an undefined Huffman table');
    let lut = luts.get(t);
    if (!lut) luts.set(t, (lut = buildLookup(t)));
    return lut;
  };
  try {
    if (s.scans.length > MAX_SCANS) throw new DecodeError(`more than ${MAX_SCANS} scans`);
    for (const scan of s.scans) {
      decodeScan(b, frame, scan, comps, lookup, stored, scratch, stored ? null : count);
    }
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    result.stoppedBecause = e.message;
  }
  if (stored) {
    for (let by = 0; by < luma.h8; by++) {
      for (let bx = 0; bx < luma.w; bx++) count(stored, (by * luma.paddedW + bx) * 64);
    }
  }
  return result;
}

function unsupported(frame: Frame | null): string | null {
  if (!frame) return 'no frame header';
  if (!frame.huffman) return 'arithmetic-coded JPEG';
  if (frame.lossless) return 'lossless JPEG has no DCT coefficients';
  if (frame.width === 0 || frame.height === 0) return 'frame without dimensions';
  if (frame.components.some((c) => c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4))
    return 'invalid sampling factors';
  return null;
}

function decodeScan(
  b: Uint8Array,
  frame: Frame,
  scan: Scan,
  comps: ComponentGeometry[],
  lookup: (scan: Scan, key: number) => Uint16Array,
  stored: Int16Array | null,
  scratch: Int16Array,
  onLumaBlock: ((block: Int16Array, offset: number) => void) | null,
): void {
  const progressive = frame.progressive;
  const dcScan = progressive && scan.ss === 0;
  // Progressive AC scans carry one component; only the luma one matters, the rest are skipped whole.
  if (progressive && !dcScan && scan.components[0]?.index !== 0) return;
  const parts = scan.components.map((c) => {
    const g = comps[c.index];
    if (!g) throw new DecodeError('scan references a missing component');
    g.pred = 0;
    const needDc = !progressive || (dcScan && scan.ah === 0);
    return {
      index: c.index,
      g,
      dc: needDc ? lookup(scan, c.dc) : null,
      ac: !progressive || !dcScan ? lookup(scan, 4 + c.ac) : null,
    };
  });
  const reader = new BitReader(b, scan.start, scan.end);
  const state: BandState = { eobrun: 0 };
  const decodeBlock = (p: (typeof parts)[number], row: number, col: number): void => {
    const luma = p.index === 0;
    const inImage = row < p.g.h8 && col < p.g.w;
    const block = luma && stored ? stored : scratch;
    const offset = luma && stored ? (row * p.g.paddedW + col) * 64 : 0;
    if (!progressive) {
      decodeBaseline(reader, block, offset, p.g, p.dc, p.ac);
      if (luma && inImage && onLumaBlock) onLumaBlock(block, offset);
    } else if (dcScan) {
      if (scan.ah === 0) {
        const diff = reader.receiveExtend(reader.huff(table(p.dc)));
        p.g.pred += diff;
        block[offset] = p.g.pred * (1 << scan.al);
      } else if (reader.bitsOf(1)) block[offset] = (block[offset] ?? 0) | (1 << scan.al);
    } else if (scan.ah === 0) acFirst(reader, block, offset, scan, table(p.ac), state);
    else acRefine(reader, block, offset, scan, table(p.ac), state);
  };
  const single = parts.length === 1 ? parts[0] : undefined;
  const interval = scan.restartInterval;
  let mcu = 0;
  const maybeRestart = () => {
    if (interval > 0 && mcu > 0 && mcu % interval === 0) {
      reader.restart();
      for (const p of parts) p.g.pred = 0;
      state.eobrun = 0;
    }
    mcu++;
  };
  if (single) {
    // Non-interleaved: one block per MCU, covering the image only (not the MCU padding).
    for (let row = 0; row < single.g.h8; row++) {
      for (let col = 0; col < single.g.w; col++) {
        maybeRestart();
        decodeBlock(single, row, col);
      }
    }
    return;
  }
  const mcusX = Math.ceil(frame.width / (8 * Math.max(...comps.map((c) => c.h))));
  const mcusY = Math.ceil(frame.height / (8 * Math.max(...comps.map((c) => c.v))));
  for (let my = 0; my < mcusY; my++) {
    for (let mx = 0; mx < mcusX; mx++) {
      maybeRestart();
      for (const p of parts) {
        for (let v = 0; v < p.g.v; v++) {
          for (let h = 0; h < p.g.h; h++) decodeBlock(p, my * p.g.v + v, mx * p.g.h + h);
        }
      }
    }
  }
}

function table(lut: Uint16Array | null): Uint16Array {
  if (!lut) throw new DecodeError('missing Huffman table');
  return lut;
}
