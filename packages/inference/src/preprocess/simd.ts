/**
 * The two inner loops of Pillow's 8-bit resampler (Resample.c `ImagingResampleHorizontal_8bpc`,
 * `ImagingResampleVertical_8bpc`) as WebAssembly SIMD, because in plain JS they are ~6× slower and
 * preprocessing would bottleneck the detector. The arithmetic is unchanged — the same 22-bit
 * integer weights, int32 accumulators starting at 2^21, `>> 22` and clamp to 0..255 — merely
 * done for 3 (horizontal) or 16 (vertical) bytes at a time; `resample.test.ts` checks it against
 * the plain-JS port byte for byte.
 *
 * The module is assembled here from readable code instead of shipping an opaque .wasm: each
 * function below is a folded WebAssembly expression tree (the same nesting as WAT text), and the
 * helpers just emit the binary encoding. Only the handful of opcodes the kernels use are defined.
 */

type Code = number[];

// Node has the WebAssembly global, but this package compiles without the DOM lib that declares its
// types; this is the small part used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

// --- encoding -----------------------------------------------------------------------------------

function uleb(n: number): Code {
  const out: Code = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): Code {
  const out: Code = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: Code): Code => [id, ...uleb(body.length), ...body];
const I32 = 0x7f;
const V128 = 0x7b;

// --- instructions (folded: operands first, then the opcode) -------------------------------------

const seq = (...parts: Code[]): Code => parts.flat();
const get = (l: number): Code => [0x20, ...uleb(l)];
const set = (l: number, value: Code): Code => [...value, 0x21, ...uleb(l)];
const tee = (l: number, value: Code): Code => [...value, 0x22, ...uleb(l)];
const i32c = (v: number): Code => [0x41, ...sleb(v)];
const add = (a: Code, b: Code): Code => [...a, ...b, 0x6a];
const sub = (a: Code, b: Code): Code => [...a, ...b, 0x6b];
const ltU = (a: Code, b: Code): Code => [...a, ...b, 0x49];
/** i32.load / i32.store with natural 4-byte alignment and a constant offset. */
const load = (addr: Code, offset = 0): Code => [...addr, 0x28, 2, ...uleb(offset)];
const store = (addr: Code, value: Code): Code => [...addr, ...value, 0x36, 0, 0];
/** `loop` whose body ends with a conditional branch back to its start (a do-while). */
const doWhile = (body: Code, condition: Code): Code => [0x03, 0x40, ...body, ...condition, 0x0d, 0, 0x0b];

const simd = (op: number, ...operands: Code[]): Code => [...operands.flat(), 0xfd, ...uleb(op)];
const simdMem = (op: number, addr: Code, ...rest: Code[]): Code => [
  ...addr,
  ...rest.flat(),
  0xfd,
  ...uleb(op),
  0,
  0,
];
const v128Load = (addr: Code) => simdMem(0x00, addr);
const load8x8U = (addr: Code) => simdMem(0x02, addr); // 8 bytes → i16x8, zero-extended
const load32Splat = (addr: Code) => simdMem(0x09, addr);
const v128Store = (addr: Code, value: Code) => simdMem(0x0b, addr, value);
const splat32 = (v: Code) => simd(0x11, v);
const lane0 = (v: Code): Code => [...simd(0x1b, v), 0]; // i32x4.extract_lane 0
const narrowU8 = (a: Code, b: Code) => simd(0x66, a, b); // i8x16.narrow_i16x8_u (saturating)
const narrowS16 = (a: Code, b: Code) => simd(0x85, a, b); // i16x8.narrow_i32x4_s (saturating)
const widenLo8 = (v: Code) => simd(0x89, v); // i16x8.extend_low_i8x16_u
const widenHi8 = (v: Code) => simd(0x8a, v);
const widenLo16 = (v: Code) => simd(0xa9, v); // i32x4.extend_low_i16x8_u
const widenHi16 = (v: Code) => simd(0xaa, v);
const shr22 = (v: Code) => simd(0xac, v, i32c(22)); // i32x4.shr_s
const vadd = (a: Code, b: Code) => simd(0xae, a, b); // i32x4.add (wrapping, like C int)
const vmul = (a: Code, b: Code) => simd(0xb5, a, b); // i32x4.mul

const HALF = i32c(1 << 21); // Pillow: accumulators start at 1 << (PRECISION_BITS - 1)
/** clip8 on four lanes: >> 22, then saturate to 0..255 via two saturating narrows. */
const clip8x4 = (a: Code, b: Code, c: Code, d: Code) =>
  narrowU8(narrowS16(shr22(a), shr22(b)), narrowS16(shr22(c), shr22(d)));

// --- hpass(src, srcStride, rows, dst, dstStride, outW, bounds, weights, kBytes) ----------------
// bounds: per output pixel [byte offset of first tap in the row, tap count]; weights: i32 per tap,
// kBytes apart per output pixel. Writes 4 bytes per pixel (RGB + one junk byte that the next
// pixel overwrites), so dst rows need one spare byte; src needs 5 readable bytes past the row end.
const H = { src: 0, srcStride: 1, rows: 2, dst: 3, dstStride: 4, outW: 5, bounds: 6, weights: 7, kBytes: 8 };
const HL = { i: 9, p: 10, n: 11, k: 12, kt: 13, b: 14, o: 15, acc: 16 };
const hpass = seq(
  doWhile(
    seq(
      set(HL.o, get(H.dst)),
      set(HL.b, get(H.bounds)),
      set(HL.k, get(H.weights)),
      set(HL.i, get(H.outW)),
      doWhile(
        seq(
          set(HL.p, add(get(H.src), load(get(HL.b)))),
          set(HL.n, load(get(HL.b), 4)),
          set(HL.kt, get(HL.k)),
          set(HL.acc, splat32(HALF)),
          doWhile(
            seq(
              // acc += (R, G, B, junk) * w, all int32
              set(HL.acc, vadd(get(HL.acc), vmul(widenLo16(load8x8U(get(HL.p))), load32Splat(get(HL.kt))))),
              set(HL.p, add(get(HL.p), i32c(3))),
              set(HL.kt, add(get(HL.kt), i32c(4))),
            ),
            tee(HL.n, sub(get(HL.n), i32c(1))),
          ),
          store(get(HL.o), lane0(clip8x4(get(HL.acc), get(HL.acc), get(HL.acc), get(HL.acc)))),
          set(HL.o, add(get(HL.o), i32c(3))),
          set(HL.b, add(get(HL.b), i32c(8))),
          set(HL.k, add(get(HL.k), get(H.kBytes))),
        ),
        tee(HL.i, sub(get(HL.i), i32c(1))),
      ),
      set(H.src, add(get(H.src), get(H.srcStride))),
      set(H.dst, add(get(H.dst), get(H.dstStride))),
    ),
    tee(H.rows, sub(get(H.rows), i32c(1))),
  ),
);

// --- vpass(tmp, stride, outH, dst, bounds, weights, kBytes) -------------------------------------
// bounds: per output row [byte offset of its first source row in tmp, tap count]. Rows are
// `stride` bytes, a multiple of 16; each iteration produces 16 output bytes from 4 i32x4 sums.
const V = { tmp: 0, stride: 1, outH: 2, dst: 3, bounds: 4, weights: 5, kBytes: 6 };
const VL = {
  c: 7,
  p: 8,
  n: 9,
  kt: 10,
  base: 11,
  v: 12,
  w: 13,
  lo: 14,
  hi: 15,
  a0: 16,
  a1: 17,
  a2: 18,
  a3: 19,
};
const macc = (acc: number, pixels: Code) => set(acc, vadd(get(acc), vmul(pixels, get(VL.w))));
const vpass = seq(
  doWhile(
    seq(
      set(VL.base, add(get(V.tmp), load(get(V.bounds)))),
      set(VL.c, i32c(0)),
      doWhile(
        seq(
          set(VL.a0, splat32(HALF)),
          set(VL.a1, get(VL.a0)),
          set(VL.a2, get(VL.a0)),
          set(VL.a3, get(VL.a0)),
          set(VL.p, add(get(VL.base), get(VL.c))),
          set(VL.n, load(get(V.bounds), 4)),
          set(VL.kt, get(V.weights)),
          doWhile(
            seq(
              set(VL.v, v128Load(get(VL.p))),
              set(VL.w, load32Splat(get(VL.kt))),
              set(VL.lo, widenLo8(get(VL.v))),
              set(VL.hi, widenHi8(get(VL.v))),
              macc(VL.a0, widenLo16(get(VL.lo))),
              macc(VL.a1, widenHi16(get(VL.lo))),
              macc(VL.a2, widenLo16(get(VL.hi))),
              macc(VL.a3, widenHi16(get(VL.hi))),
              set(VL.p, add(get(VL.p), get(V.stride))),
              set(VL.kt, add(get(VL.kt), i32c(4))),
            ),
            tee(VL.n, sub(get(VL.n), i32c(1))),
          ),
          v128Store(add(get(V.dst), get(VL.c)), clip8x4(get(VL.a0), get(VL.a1), get(VL.a2), get(VL.a3))),
        ),
        ltU(tee(VL.c, add(get(VL.c), i32c(16))), get(V.stride)),
      ),
      set(V.dst, add(get(V.dst), get(V.stride))),
      set(V.bounds, add(get(V.bounds), i32c(8))),
      set(V.weights, add(get(V.weights), get(V.kBytes))),
    ),
    tee(V.outH, sub(get(V.outH), i32c(1))),
  ),
);

function funcBody(locals: [count: number, type: number][], code: Code): Code {
  const body = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code, 0x0b];
  return [...uleb(body.length), ...body];
}

const encodeName = (s: string): Code => vec([...s].map((c) => [c.charCodeAt(0)]));

function assemble(): Uint8Array {
  const funcType = (params: number) => [0x60, ...vec(Array.from({ length: params }, () => [I32])), 0];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([funcType(9), funcType(7)])),
    ...section(3, vec([[0], [1]])),
    ...section(5, vec([[0x00, 1]])), // one memory, 1 page initially, grown from JS
    ...section(
      7,
      vec([
        [...encodeName('hpass'), 0, 0],
        [...encodeName('vpass'), 0, 1],
        [...encodeName('memory'), 2, 0],
      ]),
    ),
    ...section(
      10,
      vec([
        funcBody(
          [
            [7, I32],
            [1, V128],
          ],
          hpass,
        ),
        funcBody(
          [
            [5, I32],
            [8, V128],
          ],
          vpass,
        ),
      ]),
    ),
  ]);
}

export interface ResampleKernels {
  memory: WasmMemory;
  hpass: (...args: number[]) => void;
  vpass: (...args: number[]) => void;
}

let kernels: ResampleKernels | null | undefined;

/** The compiled kernels, or null where WebAssembly SIMD is unavailable (then plain JS is used). */
export function simdKernels(): ResampleKernels | null {
  if (kernels === undefined) {
    const bytes = assemble();
    kernels = WebAssembly.validate(bytes)
      ? (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as ResampleKernels)
      : null;
  }
  return kernels;
}

/** The assembled module (exposed so a test can check it validates and disassembles). */
export const resampleModuleBytes = assemble;

/** WebAssembly.validate, typed (see the declaration above). */
export const validateModule = (bytes: Uint8Array): boolean => WebAssembly.validate(bytes);
