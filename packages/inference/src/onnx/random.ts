/**
 * Seeded pseudo-random weights for synthetic models (test fixture, benchmark ViT).
 *
 * Every tensor gets its own stream derived from (seed, tensor name), so weights do not depend on
 * build order: the fp32 and int8 builds of the same seed share identical fp32 weights, which is
 * what makes their embeddings comparable.
 */

/** FNV-1a over the UTF-16 code units, mixed with the seed; stable across platforms. */
export function streamSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: tiny, fast, and integer-exact, so uniform draws are bit-identical everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [-scale, scale). Uses only exact arithmetic, so the bytes are platform-stable. */
export function uniformTensor(size: number, scale: number, seed: number, name: string): Float32Array {
  const next = mulberry32(streamSeed(seed, name));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (next() * 2 - 1) * scale;
  return out;
}

/** N(mean, std) via Box–Muller (both outputs used: ~300M draws for ViT-L take a few seconds). */
export function normalTensor(size: number, std: number, seed: number, name: string, mean = 0): Float32Array {
  const next = mulberry32(streamSeed(seed, name));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i += 2) {
    const u1 = 1 - next(); // (0, 1]: log(0) would be -Infinity
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    const theta = 2 * Math.PI * next();
    out[i] = mean + r * Math.cos(theta);
    if (i + 1 < size) out[i + 1] = mean + r * Math.sin(theta);
  }
  return out;
}
