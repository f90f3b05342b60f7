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
      decodeScan(b, frame, scan, comps, lookup, stored, scratch, stored ? null : result);
    }
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    result.stoppedBecause = e.message;
  }
  if (stored) {
    for (let by = 0; by < luma.h8; by++) {
      for (let bx = 0; bx < luma.w; bx++) countLuma(result, stored, (by * luma.paddedW + bx) * 64);
    }
  }
  return result;
}

/** Adds one luma block's quantised values at zig-zag positions 1..HIST_POSITIONS, clamped. */
function countLuma(counter: LumaHistograms, block: Int16Array, offset: number): void {
  const { hist } = counter;
  for (let k = 1; k <= HIST_POSITIONS; k++) {
    const v = Math.max(-HIST_RANGE, Math.min(HIST_RANGE, block[offset + k] ?? 0));
    const h = hist[k];
    if (h) h[v + HIST_RANGE] = (h[v + HIST_RANGE] ?? 0) + 1;
  }
  counter.blocks++;
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

/** One component of a scan: its geometry and Huffman look-ups (null where the scan needs none). */
interface ScanPart {
  index: number;
  g: ComponentGeometry;
  dc: Uint16Array | null;
  ac: Uint16Array | null;
}

/** What every block of a scan is decoded with. */
interface ScanContext {
  reader: BitReader;
  scan: Scan;
  progressive: boolean;
  dcScan: boolean;
  stored: Int16Array | null;
  scratch: Int16Array;
  counter: LumaHistograms | null;
  state: BandState;
}

function decodeScan(
  b: Uint8Array,
  frame: Frame,
  scan: Scan,
  comps: ComponentGeometry[],
  lookup: (scan: Scan, key: number) => Uint16Array,
  stored: Int16Array | null,
  scratch: Int16Array,
  counter: LumaHistograms | null,
): void {
  const progressive = frame.progressive;
  const dcScan = progressive && scan.ss === 0;
  // Progressive AC scans carry one component; only the luma one matters, the rest are skipped whole.
  if (progressive && !dcScan && scan.components[0]?.index !== 0) return;
  const parts: ScanPart[] = scan.components.map((c) => {
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
  const c: ScanContext = {
    reader: new BitReader(b, scan.start, scan.end),
    scan,
    progressive,
    dcScan,
    stored,
    scratch,
    counter,
    state: { eobrun: 0 },
  };
  if (parts.length === 1) {
    // Non-interleaved: one block per MCU, covering the image only (not the MCU padding).
    decodeSingle(c, parts[0]!);
    return;
  }
  const mcusX = Math.ceil(frame.width / (8 * Math.max(...comps.map((g) => g.h))));
  const mcusY = Math.ceil(frame.height / (8 * Math.max(...comps.map((g) => g.v))));
  decodeInterleaved(c, parts, mcusX, mcusY);
}

// The block loops are top-level functions of explicit arguments, not closures made per scan: a
// closure made anew for each image is a new call target, and V8 threw away the scan loop's compiled
// code for each (node --trace-opt: the scan decoder compiled 35 to 59 times in 40 photos).

function decodeSingle(c: ScanContext, part: ScanPart): void {
  let mcu = 0;
  for (let row = 0; row < part.g.h8; row++) {
    for (let col = 0; col < part.g.w; col++) {
      if (restartDue(c, mcu++)) restart(c, [part]);
      decodeBlock(c, part, row, col);
    }
  }
}

function decodeInterleaved(c: ScanContext, parts: ScanPart[], mcusX: number, mcusY: number): void {
  let mcu = 0;
  for (let my = 0; my < mcusY; my++) {
    for (let mx = 0; mx < mcusX; mx++) {
      if (restartDue(c, mcu++)) restart(c, parts);
      for (const p of parts) {
        for (let v = 0; v < p.g.v; v++) {
          for (let h = 0; h < p.g.h; h++) decodeBlock(c, p, my * p.g.v + v, mx * p.g.h + h);
        }
      }
    }
  }
}

/** Whether a restart marker comes before MCU number `mcu` (every restartInterval MCUs, not the first). */
function restartDue(c: ScanContext, mcu: number): boolean {
  const interval = c.scan.restartInterval;
  return interval > 0 && mcu > 0 && mcu % interval === 0;
}

function restart(c: ScanContext, parts: ScanPart[]): void {
  c.reader.restart();
  for (const p of parts) p.g.pred = 0;
  c.state.eobrun = 0;
}

function decodeBlock(c: ScanContext, p: ScanPart, row: number, col: number): void {
  const luma = p.index === 0;
  const inImage = row < p.g.h8 && col < p.g.w;
  const { reader, scan, stored } = c;
  const block = luma && stored ? stored : c.scratch;
  const offset = luma && stored ? (row * p.g.paddedW + col) * 64 : 0;
  if (!c.progressive) {
    decodeBaseline(reader, block, offset, p.g, p.dc, p.ac);
    if (luma && inImage && c.counter) countLuma(c.counter, block, offset);
  } else if (c.dcScan) {
    if (scan.ah === 0) {
      const diff = reader.receiveExtend(reader.huff(table(p.dc)));
      p.g.pred += diff;
      block[offset] = p.g.pred * (1 << scan.al);
    } else if (reader.bitsOf(1)) block[offset] = (block[offset] ?? 0) | (1 << scan.al);
  } else if (scan.ah === 0) acFirst(reader, block, offset, scan, table(p.ac), c.state);
  else acRefine(reader, block, offset, scan, table(p.ac), c.state);
}

function table(lut: Uint16Array | null): Uint16Array {
  if (!lut) throw new DecodeError('missing Huffman table');
  return lut;
}
