import type { HuffmanTable } from './markers.ts';

/** Corrupt or truncated entropy-coded data; decoding stops and the statistics so far are kept. */
export class DecodeError extends Error {}

/** Canonical Huffman code as a 16-bit look-up: entry = (code length << 8) | symbol, 0 = no code. */
export function buildLookup(t: HuffmanTable): Uint16Array {
  const lut = new Uint16Array(65536);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < (t.counts[len - 1] ?? 0); i++, k++) {
      if (code >= 1 << len) throw new DecodeError('invalid Huffman table');
      const shift = 16 - len;
      lut.fill((len << 8) | (t.symbols[k] ?? 0), code << shift, (code + 1) << shift);
      code++;
    }
    code <<= 1;
  }
  return lut;
}

/** Reads the entropy-coded segment bit by bit, undoing 0xff00 byte stuffing and stopping at markers. */
export class BitReader {
  private acc = 0;
  private bits = 0;
  private padding = 0;

  constructor(
    private readonly b: Uint8Array,
    private pos: number,
    private readonly end: number,
  ) {}

  private fill(): void {
    while (this.bits <= 24) {
      let byte = 0;
      if (this.pos < this.end && this.b[this.pos] === 0xff && this.b[this.pos + 1] === 0) {
        byte = 0xff;
        this.pos += 2;
      } else if (this.pos < this.end && this.b[this.pos] !== 0xff) {
        byte = this.b[this.pos++] ?? 0;
      } else {
        this.padding++; // at a marker or the end: feed zeros, as libjpeg does, but count them
      }
      this.acc = ((this.acc << 8) | byte) >>> 0;
      this.bits += 8;
    }
    // Lookahead pads at most 4 bytes; consuming more means the data ran out mid-scan.
    if (this.padding > 8) throw new DecodeError('entropy-coded data ends early (truncated or corrupt)');
  }

  bitsOf(n: number): number {
    this.fill();
    this.bits -= n;
    return (this.acc >>> this.bits) & ((1 << n) - 1);
  }

  huff(lut: Uint16Array): number {
    this.fill();
    const e = lut[(this.acc >>> (this.bits - 16)) & 0xffff] ?? 0;
    if (e === 0) throw new DecodeError('invalid Huffman code in entropy-coded data');
    this.bits -= e >> 8;
    return e & 0xff;
  }

  receiveExtend(s: number): number {
    if (s === 0) return 0;
    if (s > 16) throw new DecodeError('coefficient size out of range');
    const v = this.bitsOf(s);
    return v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
  }

  /** Skips to just after the next RSTn marker and clears the bit buffer. */
  restart(): void {
    this.acc = 0;
    this.bits = 0;
    this.padding = 0;
    for (
      let i = this.b.indexOf(0xff, this.pos);
      i >= 0 && i + 1 < this.end;
      i = this.b.indexOf(0xff, i + 1)
    ) {
      const m = this.b[i + 1] ?? 0;
      if (m >= 0xd0 && m <= 0xd7) {
        this.pos = i + 2;
        return;
      }
    }
    throw new DecodeError('restart marker missing');
  }
}
