/**
 * Pixel operations for the made benchmark set, on packed RGB (3 bytes per pixel): feathered masks,
 * region pastes, and the similarity-transform warp of a face swap.
 */

export interface Rgb {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Box blur of a float mask, `passes` times each way (≈ Gaussian), radius in pixels. */
export function blurMask(
  mask: Float32Array,
  width: number,
  height: number,
  radius: number,
  passes = 3,
): void {
  const r = Math.max(0, Math.round(radius));
  if (r === 0) return;
  const tmp = new Float32Array(Math.max(width, height));
  const line = (get: (i: number) => number, set: (i: number, v: number) => void, n: number) => {
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += get(Math.min(n - 1, Math.max(0, i)));
    for (let i = 0; i < n; i++) {
      tmp[i] = sum / (2 * r + 1);
      sum += get(Math.min(n - 1, i + r + 1)) - get(Math.max(0, i - r));
    }
    for (let i = 0; i < n; i++) set(i, tmp[i]!);
  };
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < height; y++) {
      const o = y * width;
      line(
        (i) => mask[o + i]!,
        (i, v) => (mask[o + i] = v),
        width,
      );
    }
    for (let x = 0; x < width; x++) {
      line(
        (i) => mask[i * width + x]!,
        (i, v) => (mask[i * width + x] = v),
        height,
      );
    }
  }
}

/** Convex hull (Andrew's monotone chain), counter-clockwise. */
export function convexHull(points: Point[]): Point[] {
  const p = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (p.length < 3) return p;
  const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0)
      lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (const q of [...p].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0)
      upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** 1 inside the convex polygon, 0 outside. */
export function fillConvex(hull: Point[], width: number, height: number): Float32Array {
  const mask = new Float32Array(width * height);
  const xs = hull.map((q) => q.x);
  const ys = hull.map((q) => q.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      let inside = true;
      for (let i = 0; i < hull.length && inside; i++) {
        const a = hull[i]!;
        const b = hull[(i + 1) % hull.length]!;
        if ((b.x - a.x) * (y + 0.5 - a.y) - (b.y - a.y) * (x + 0.5 - a.x) < 0) inside = false;
      }
      if (inside) mask[y * width + x] = 1;
    }
  }
  return mask;
}

/** 1 inside the rectangle, 0 outside. */
export function fillRect(
  width: number,
  height: number,
  r: { x: number; y: number; w: number; h: number },
): Float32Array {
  const mask = new Float32Array(width * height);
  for (let y = Math.max(0, r.y); y < Math.min(height, r.y + r.h); y++) {
    mask.fill(1, y * width + Math.max(0, r.x), y * width + Math.min(width, r.x + r.w));
  }
  return mask;
}

/** `base × (1 − mask) + top × mask`, in place on `base`. */
export function blend(base: Rgb, top: Rgb, mask: Float32Array): void {
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i]!;
    if (m <= 0) continue;
    for (let c = 0; c < 3; c++) {
      const o = i * 3 + c;
      base.data[o] = Math.round(base.data[o]! * (1 - m) + top.data[o]! * m);
    }
  }
}

/** A copy of `src` moved by (dx, dy) into an image of `width`×`height` (outside: black). */
export function shifted(src: Rgb, dx: number, dy: number, width = src.width, height = src.height): Rgb {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= src.height) continue;
    for (let x = 0; x < width; x++) {
      const sx = x - dx;
      if (sx < 0 || sx >= src.width) continue;
      out.set(
        src.data.subarray((sy * src.width + sx) * 3, (sy * src.width + sx) * 3 + 3),
        (y * width + x) * 3,
      );
    }
  }
  return { data: out, width, height };
}

/** Similarity transform q = s·R·p + t (as a, b, tx, ty: q.x = a·x − b·y + tx, q.y = b·x + a·y + ty). */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/** Least-squares similarity transform taking `from` points onto `to` points (Umeyama in 2-D). */
export function fitSimilarity(from: Point[], to: Point[]): Similarity {
  const n = from.length;
  let fx = 0;
  let fy = 0;
  let gx = 0;
  let gy = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]!.x / n;
    fy += from[i]!.y / n;
    gx += to[i]!.x / n;
    gy += to[i]!.y / n;
  }
  let sxx = 0;
  let sxy = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const px = from[i]!.x - fx;
    const py = from[i]!.y - fy;
    const qx = to[i]!.x - gx;
    const qy = to[i]!.y - gy;
    sxx += px * qx + py * qy;
    sxy += px * qy - py * qx;
    norm += px * px + py * py;
  }
  const a = sxx / norm;
  const b = sxy / norm;
  return { a, b, tx: gx - (a * fx - b * fy), ty: gy - (b * fx + a * fy) };
}

/**
 * The image `src` resampled (bilinear) into the frame of a `width`×`height` target, where target
 * pixel p shows `src` at `map(p)` — pass the transform from target to source coordinates.
 */
export function warpSimilarity(src: Rgb, map: Similarity, width: number, height: number): Rgb {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = map.a * (x + 0.5) - map.b * (y + 0.5) + map.tx - 0.5;
      const sy = map.b * (x + 0.5) + map.a * (y + 0.5) + map.ty - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= src.width || y0 + 1 >= src.height) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const p = (yy: number, xx: number) => src.data[(yy * src.width + xx) * 3 + c]!;
        const v =
          p(y0, x0) * (1 - fx) * (1 - fy) +
          p(y0, x0 + 1) * fx * (1 - fy) +
          p(y0 + 1, x0) * (1 - fx) * fy +
          p(y0 + 1, x0 + 1) * fx * fy;
        out[(y * width + x) * 3 + c] = Math.round(v);
      }
    }
  }
  return { data: out, width, height };
}

/** Shifts `top`'s per-channel mean and spread inside the mask to those of `base` (Reinhard-style colour transfer). */
export function matchColours(top: Rgb, base: Rgb, mask: Float32Array): void {
  for (let c = 0; c < 3; c++) {
    let w = 0;
    let mt = 0;
    let mb = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i]! < 0.5) continue;
      w++;
      mt += top.data[i * 3 + c]!;
      mb += base.data[i * 3 + c]!;
    }
    if (w === 0) return;
    mt /= w;
    mb /= w;
    let vt = 0;
    let vb = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i]! < 0.5) continue;
      vt += (top.data[i * 3 + c]! - mt) ** 2;
      vb += (base.data[i * 3 + c]! - mb) ** 2;
    }
    const k = vt > 0 ? Math.sqrt(vb / vt) : 1;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i]! <= 0) continue;
      const o = i * 3 + c;
      top.data[o] = Math.max(0, Math.min(255, Math.round((top.data[o]! - mt) * k + mb)));
    }
  }
}
