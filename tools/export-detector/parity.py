"""ONNX-vs-PyTorch parity checks for the exported detector."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from PIL import Image
from transformers import CLIPImageProcessor

OUTPUTS = ("embedding", "logits", "patch_logits")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp"}


def realish_images(seed: int = 0) -> list[Image.Image]:
    """Deterministic stand-ins with natural-image statistics that random N(0,1) tensors lack:
    smooth gradients, hard edges, sensor-like noise, soft blobs; non-square so resize+crop run."""
    rng = np.random.default_rng(seed)
    h, w = 300, 400
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    gradient = np.stack([x / w, y / h, 1 - x / w], -1)
    checker = (((x // 25) + (y // 25)) % 2)[..., None].repeat(3, -1) * 0.8 + 0.1
    noise = np.clip(0.5 + 0.15 * rng.standard_normal((h, w, 3)), 0, 1)
    blobs = np.zeros((h, w, 3), np.float32)
    for _ in range(12):
        cy, cx, r = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(15, 80)
        blobs += np.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * r * r))[..., None] * rng.uniform(0, 1, 3)
    blobs = blobs / blobs.max()
    return [Image.fromarray((a * 255).astype(np.uint8)) for a in (gradient, checker, noise, blobs)]


def folder_images(folder: str | None, limit: int = 8) -> list[Image.Image]:
    if not folder:
        return []
    paths = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)[:limit]
    return [Image.open(p).convert("RGB") for p in paths]


def preprocess(processor: CLIPImageProcessor, images: list[Image.Image]) -> torch.Tensor:
    return processor(images=images, return_tensors="pt")["pixel_values"].float()


def session(path: Path) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def compare(sess: ort.InferenceSession, model: torch.nn.Module, x: torch.Tensor, label: str) -> dict[str, float]:
    with torch.no_grad():
        ref = [t.numpy() for t in model(x)]
    got = sess.run(list(OUTPUTS), {"pixel_values": x.numpy()})
    diffs: dict[str, float] = {}
    for name, r, g in zip(OUTPUTS, ref, got):
        if r.shape != g.shape:
            raise SystemExit(f"{label}: {name} shape {g.shape} != PyTorch {r.shape}")
        diffs[name] = float(np.abs(r - g).max())
    e_ref, e_got = ref[0], got[0]
    cos = (e_ref * e_got).sum(-1) / (np.linalg.norm(e_ref, axis=-1) * np.linalg.norm(e_got, axis=-1))
    p_ref, p_got = softmax_fake(ref[1]), softmax_fake(got[1])
    diffs["min_cos_embedding"] = float(cos.min())
    diffs["max_dp_fake"] = float(np.abs(p_ref - p_got).max())
    print(
        f"  {label:<28} max|Δ| embedding {diffs['embedding']:.2e}  logits {diffs['logits']:.2e}  "
        f"patch_logits {diffs['patch_logits']:.2e}  | min cos(emb) {diffs['min_cos_embedding']:.6f}  "
        f"max|Δp(fake)| {diffs['max_dp_fake']:.2e}"
    )
    return diffs


def softmax_fake(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(-1, keepdims=True)
    e = np.exp(z)
    return e[..., 1] / e.sum(-1)


def check(
    path: Path,
    model: torch.nn.Module,
    processor: CLIPImageProcessor,
    image_size: int,
    image_dir: str | None,
    seed: int,
) -> dict[str, dict[str, float]]:
    """Random tensors (batch 1 and 3, exercising the dynamic batch axis), synthetic images and any
    user images, all through the real CLIP preprocessing. Returns the diffs per input set."""
    sess = session(path)
    names = [o.name for o in sess.get_outputs()]
    if names != list(OUTPUTS):
        raise SystemExit(f"{path}: outputs {names}, expected {list(OUTPUTS)}")
    g = torch.Generator().manual_seed(seed)
    sets = {
        "random N(0,1), batch 1": torch.randn(1, 3, image_size, image_size, generator=g),
        "random N(0,1), batch 3": torch.randn(3, 3, image_size, image_size, generator=g),
        "synthetic images (CLIP pre)": preprocess(processor, realish_images(seed)),
    }
    user = folder_images(image_dir)
    if user:
        sets[f"{len(user)} images from {Path(image_dir or '').name}"] = preprocess(processor, user)
    print(f"parity {path}:")
    return {label: compare(sess, model, x, label) for label, x in sets.items()}
