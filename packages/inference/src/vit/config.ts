/** Shape of a CLIP vision tower; defaults are ViT-L/14 at 224 px (openai/clip-vit-large-patch14). */
export interface VitConfig {
  layers: number;
  width: number;
  heads: number;
  mlp: number;
  patch: number;
  image: number;
}

export const VIT_L14: VitConfig = { layers: 24, width: 1024, heads: 16, mlp: 4096, patch: 14, image: 224 };

export function resolveVitConfig(opts: Partial<VitConfig>): VitConfig {
  const cfg = { ...VIT_L14, ...opts };
  if (cfg.width % cfg.heads !== 0)
    throw new Error(`width ${cfg.width} is not divisible by heads ${cfg.heads}`);
  if (cfg.image % cfg.patch !== 0)
    throw new Error(`image ${cfg.image} is not a multiple of patch ${cfg.patch}`);
  return cfg;
}

export interface VitFlops {
  /** Multiply–accumulates per image, by part. */
  macs: {
    patchEmbed: number;
    projections: number;
    mlp: number;
    attention: number;
    head: number;
    total: number;
  };
  /** 2 × total MACs per image — the usual "FLOPs" for throughput figures. */
  flops: number;
}

/**
 * MACs of one forward pass, from the shape. Counts the matrix products (patch conv, q/k/v/out,
 * MLP, QKᵀ and AV, the 2-way head on CLS + patches); LayerNorm, softmax and activations are
 * O(tokens × width) and left out, as is customary. ViT-L/14 @224: ≈ 81.0 GMAC.
 */
export function vitFlops(cfg: VitConfig): VitFlops {
  const grid = cfg.image / cfg.patch;
  const patches = grid * grid;
  const tokens = patches + 1;
  const patchEmbed = patches * cfg.width * 3 * cfg.patch * cfg.patch;
  const projections = cfg.layers * 4 * tokens * cfg.width * cfg.width;
  const mlp = cfg.layers * 2 * tokens * cfg.width * cfg.mlp;
  const attention = cfg.layers * 2 * tokens * tokens * cfg.width;
  const head = tokens * cfg.width * 2;
  const total = patchEmbed + projections + mlp + attention + head;
  return { macs: { patchEmbed, projections, mlp, attention, head, total }, flops: 2 * total };
}
