import { type BitReader, DecodeError } from './bits.ts';
import type { Scan } from './markers.ts';

/** Progressive AC scans share an end-of-band run across blocks. */
export interface BandState {
  eobrun: number;
}

/** A whole sequential-mode block; `pred` is the component's DC predictor. */
export function decodeBaseline(
  r: BitReader,
  block: Int16Array,
  o: number,
  g: { pred: number },
  dc: Uint16Array | null,
  ac: Uint16Array | null,
): void {
  if (!dc || !ac) throw new DecodeError('missing Huffman table');
  block.fill(0, o, o + 64);
  g.pred += r.receiveExtend(r.huff(dc));
  block[o] = g.pred;
  for (let k = 1; k < 64;) {
    const rs = r.huff(ac);
    const size = rs & 15;
    const run = rs >> 4;
    if (size === 0) {
      if (run !== 15) return; // end of block
      k += 16;
      continue;
    }
    k += run;
    if (k > 63) throw new DecodeError('coefficient index out of range');
    block[o + k] = r.receiveExtend(size);
    k++;
  }
}

/** First pass of a progressive AC band (spectral selection Ss..Se, scaled by 2^Al). */
export function acFirst(
  r: BitReader,
  block: Int16Array,
  o: number,
  scan: Scan,
  ac: Uint16Array,
  st: BandState,
) {
  if (st.eobrun > 0) {
    st.eobrun--;
    return;
  }
  for (let k = scan.ss; k <= scan.se;) {
    const rs = r.huff(ac);
    const size = rs & 15;
    const run = rs >> 4;
    if (size === 0) {
      if (run < 15) {
        st.eobrun = (1 << run) - 1 + (run ? r.bitsOf(run) : 0);
        return;
      }
      k += 16;
      continue;
    }
    k += run;
    if (k > 63) throw new DecodeError('coefficient index out of range');
    block[o + k] = r.receiveExtend(size) * (1 << scan.al);
    k++;
  }
}

/** Successive-approximation AC refinement (T.81 G.1.2.3), following libjpeg's decode_mcu_AC_refine. */
export function acRefine(
  r: BitReader,
  block: Int16Array,
  o: number,
  scan: Scan,
  ac: Uint16Array,
  st: BandState,
) {
  const p1 = 1 << scan.al;
  const m1 = -1 << scan.al;
  const refine = (i: number) => {
    const c = block[i] ?? 0;
    if (r.bitsOf(1) && (c & p1) === 0) block[i] = c >= 0 ? c + p1 : c + m1;
  };
  let k = scan.ss;
  if (st.eobrun === 0) {
    for (; k <= scan.se; k++) {
      const rs = r.huff(ac);
      let run = rs >> 4;
      const size = rs & 15;
      let value = 0;
      if (size) {
        if (size !== 1) throw new DecodeError('invalid refinement coefficient size');
        value = r.bitsOf(1) ? p1 : m1;
      } else if (run !== 15) {
        st.eobrun = (1 << run) + (run ? r.bitsOf(run) : 0);
        break;
      }
      for (; k <= scan.se; k++) {
        if ((block[o + k] ?? 0) !== 0) refine(o + k);
        else if (--run < 0) break;
      }
      if (value && k <= scan.se) block[o + k] = value;
    }
  }
  if (st.eobrun > 0) {
    for (; k <= scan.se; k++) if ((block[o + k] ?? 0) !== 0) refine(o + k);
    st.eobrun--;
  }
}
