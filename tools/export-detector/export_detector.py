#!/usr/bin/env python3
"""Export a CLIP ViT deepfake detector to Loupe's ONNX detector format (fp32 + int8).

Loupe's contract (packages/inference): input `pixel_values` float32 [batch, 3, 224, 224]
(CLIP-normalised); outputs `embedding` [batch, D] (L2-normalised post_layernorm(CLS)),
`logits` [batch, 2] (0 = real, 1 = fake), `patch_logits` [batch, P, 2] (the same head on each
L2-normalised post-layernormed patch token, row-major over the grid). See README.md.

  python export_detector.py --checkpoint lnclip.ckpt --out detectors/ [--unsafe-load]
  python export_detector.py --hf-model openai/clip-vit-large-patch14 --head head.pt --out detectors/
  python export_detector.py --random-weights --out /tmp/detectors/     # parity check, no checkpoint
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import inspect
import json
import re
import sys
from pathlib import Path
from typing import Any

import onnx
import torch
import torch.nn.functional as F
from onnxruntime.quantization import QuantType, quantize_dynamic
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loading import Loaded, from_checkpoint, from_hf, random_model  # noqa: E402
from parity import OUTPUTS, check  # noqa: E402

PIL_RESAMPLE = {0: "nearest", 1: "lanczos", 2: "bilinear", 3: "bicubic", 4: "box", 5: "hamming"}


class DetectorForExport(nn.Module):
    """CLIP vision tower + linear head, returning exactly Loupe's three outputs."""

    def __init__(self, vision: nn.Module, head: nn.Linear, head_on_normalized: bool, half_tower: bool = False):
        super().__init__()
        # --fp16: the tower in half precision (for GPUs), the head in float32, inputs and outputs
        # float32 as the detector contract says; the casts are part of the exported graph.
        self.vision = copy.deepcopy(vision).half() if half_tower else vision
        self.head = head
        self.head_on_normalized = head_on_normalized
        self.half_tower = half_tower

    def forward(self, pixel_values: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        # HF's last_hidden_state is the encoder output *before* post_layernorm; its pooler_output
        # is post_layernorm(last_hidden_state[:, 0]). Applying post_layernorm to every token makes
        # tokens[:, 0] exactly the pooler output and gives the patch tokens the same treatment.
        if self.half_tower:
            pixel_values = pixel_values.half()
        hidden = self.vision(pixel_values=pixel_values).last_hidden_state
        tokens = self.vision.post_layernorm(hidden).float()
        cls, patches = tokens[:, 0], tokens[:, 1:]
        embedding = F.normalize(cls, p=2, dim=-1)
        patches_n = F.normalize(patches, p=2, dim=-1)
        if self.head_on_normalized:
            return embedding, self.head(embedding), self.head(patches_n)
        # A "linear" (un-normalised) head was trained on raw pooler features: give it raw tokens
        # too, or the patch logits would be on a different scale from the image logits.
        return embedding, self.head(cls), self.head(patches)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", help="PyTorch Lightning .ckpt (or a plain state-dict .pt)")
    src.add_argument("--hf-model", help="HF CLIP (vision) model directory or hub id")
    src.add_argument("--random-weights", action="store_true", help="random-init ViT-L/14 + head")
    p.add_argument("--head", help="with --hf-model: .pt holding a Linear(D, 2) (module or state dict)")
    p.add_argument("--allow-untrained-head", action="store_true", help="with --hf-model and no --head")
    p.add_argument("--out", required=True, help="output root; writes <out>/<id>/ and <out>/<id>-int8/")
    p.add_argument("--id", help="detector id (default: clip-vit-l14-deepfake, or …-random)")
    p.add_argument("--version", default="1.0.0")
    p.add_argument("--name", help="human-readable name for the manifest")
    p.add_argument("--license", default="see source", help="licence of the weights (check upstream!)")
    p.add_argument("--source", help="provenance text for the manifest (default: describes the input)")
    p.add_argument("--paper", help="optional manifest field, e.g. 'arXiv:2503.19683'")
    p.add_argument("--description", help="optional manifest field")
    p.add_argument("--vision-prefix", help="state-dict prefix of the CLIP vision tower (auto)")
    p.add_argument("--head-prefix", help="state-dict prefix of the Linear(D, 2) head (auto)")
    p.add_argument("--head-input", choices=["auto", "normalized", "raw"], default="auto",
                   help="does the head see L2-normalised features? (auto: from checkpoint hparams)")
    p.add_argument("--heads", type=int, help="attention heads (default width/64, right for OpenAI CLIP)")
    p.add_argument("--unsafe-load", action="store_true", help="allow full unpickling of trusted files")
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--no-int8", action="store_true", help="skip the int8 model")
    p.add_argument("--fp16", action="store_true",
                   help="also write <id>-fp16/: the tower in half precision (GPUs), head and I/O float32")
    p.add_argument("--per-channel", action="store_true", help="int8: per-output-channel weight scales")
    p.add_argument("--reduce-range", action="store_true", help="int8: 7-bit weights (CPUs without VNNI)")
    p.add_argument("--face-crop-scale", type=float, default=1.3)
    p.add_argument("--no-face-crop", action="store_true")
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--check-images", help="folder of real images for the parity check (up to 8)")
    p.add_argument("--layers", type=int, default=24, help="--random-weights: encoder depth")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    # Mirror the registry's manifest schema (packages/inference/src/manifest) so errors surface here.
    if args.id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", args.id):
        p.error("--id must be lower-case letters, digits, '.', '_' or '-'")
    if not 0 < args.threshold < 1 or args.temperature <= 0:
        p.error("--threshold must be in (0, 1) and --temperature > 0")
    if args.face_crop_scale < 1:
        p.error("--face-crop-scale must be >= 1")
    return args


def export_onnx(model: nn.Module, path: Path, image_size: int, opset: int) -> None:
    kwargs: dict[str, Any] = {}
    # torch >= 2.9 defaults to the dynamo exporter; the TorchScript one is what this was checked with.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    dummy = torch.zeros(1, 3, image_size, image_size)
    with torch.no_grad():
        torch.onnx.export(
            model,
            (dummy,),
            str(path),
            input_names=["pixel_values"],
            output_names=list(OUTPUTS),
            dynamic_axes={name: {0: "batch"} for name in ("pixel_values", *OUTPUTS)},
            opset_version=opset,
            do_constant_folding=True,
            **kwargs,
        )
    if any(p.name != path.name for p in path.parent.iterdir()):
        raise SystemExit(f"{path.parent}: unexpected side files (external data?); the manifest names one file")
    onnx.checker.check_model(str(path))


def head_matmuls(path: Path) -> list[str]:
    """MatMuls whose constant weight has 2 output columns: the head on the patch tokens (on the
    2-D CLS embedding it exports as Gemm, which is not quantised anyway)."""
    graph = onnx.load(str(path), load_external_data=False).graph
    cols = {t.name: (list(t.dims) or [0])[-1] for t in graph.initializer}
    return [n.name for n in graph.node if n.op_type == "MatMul" and len(n.input) > 1 and cols.get(n.input[1]) == 2]


def quantize(fp32: Path, int8: Path, per_channel: bool, reduce_range: bool) -> None:
    # Only MatMuls with constant weights (q/k/v/out/fc1/fc2): QKᵀ and AV stay fp32, as do the
    # patch conv and the 2-way head, which cost nothing and decide the score.
    quantize_dynamic(
        model_input=str(fp32),
        model_output=str(int8),
        op_types_to_quantize=["MatMul"],
        per_channel=per_channel,
        reduce_range=reduce_range,
        weight_type=QuantType.QInt8,
        nodes_to_exclude=head_matmuls(fp32),
        extra_options={"MatMulConstBOnly": True},
    )
    onnx.checker.check_model(str(int8))


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def manifest(args: argparse.Namespace, loaded: Loaded, model_path: Path, det_id: str, name: str) -> dict[str, Any]:
    proc = loaded.processor
    cfg = loaded.vision.config
    grid = cfg.image_size // cfg.patch_size
    crop = proc.crop_size["height"] if isinstance(proc.crop_size, dict) else int(proc.crop_size)
    optional = {k: v for k, v in (("description", args.description), ("paper", args.paper)) if v}
    return {
        "id": det_id,
        "version": args.version,
        "name": name,
        **optional,
        "isTestFixture": not loaded.trained,
        "file": model_path.name,
        "sha256": sha256(model_path),
        "license": args.license,
        "source": args.source or loaded.description,
        "input": {
            "name": "pixel_values",
            "size": cfg.image_size,
            "mean": [float(v) for v in proc.image_mean],
            "std": [float(v) for v in proc.image_std],
            "rescale": float(proc.rescale_factor),
            "resize": {"shortestEdge": int(proc.size["shortest_edge"]),
                       "resample": PIL_RESAMPLE.get(int(proc.resample), str(proc.resample))},
            "crop": {"type": "center", "size": int(crop)},
            "faceCrop": {"enabled": not args.no_face_crop, "scale": args.face_crop_scale},
        },
        "outputs": {
            "embedding": {"name": "embedding", "dim": cfg.hidden_size, "normalized": True},
            "logits": {"name": "logits", "classes": ["real", "fake"]},
            "patchLogits": {"name": "patch_logits", "grid": [grid, grid]},
        },
        "calibration": {"temperature": args.temperature, "threshold": args.threshold},
    }


def write_detector(out: Path, det_id: str) -> Path:
    d = out / det_id
    d.mkdir(parents=True, exist_ok=True)
    for stale in ("model.onnx", "manifest.json"):
        (d / stale).unlink(missing_ok=True)
    return d / "model.onnx"


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.checkpoint:
        loaded = from_checkpoint(args.checkpoint, args)
    elif args.hf_model:
        loaded = from_hf(args.hf_model, args.head, args)
    else:
        loaded = random_model(args)
    torch.set_grad_enabled(False)
    model = DetectorForExport(loaded.vision, loaded.head, loaded.head_on_normalized).eval()
    image_size = loaded.vision.config.image_size
    print(f"{loaded.description}; head input: {'L2-normalised' if loaded.head_on_normalized else 'raw'}")

    det_id = args.id or ("clip-vit-l14-deepfake" if loaded.trained else "clip-vit-l14-random")
    name = args.name or ("CLIP ViT-L/14 deepfake detector" if loaded.trained
                         else "Random-weight CLIP ViT-L/14 — not a detector, not evidence")
    out = Path(args.out)
    variants = [(det_id, name, None)]
    if not args.no_int8:
        variants.append((f"{det_id}-int8", f"{name} (int8)", "int8"))

    if args.fp16:
        variants.append((f"{det_id}-fp16", f"{name} (fp16)", "fp16"))

    fp32_path = write_detector(out, det_id)
    export_onnx(model, fp32_path, image_size, args.opset)
    worst: dict[str, float] = {}
    for vid, vname, kind in variants:
        path = fp32_path if kind is None else write_detector(out, vid)
        if kind == "int8":
            quantize(fp32_path, path, args.per_channel, args.reduce_range)
        if kind == "fp16":
            half = DetectorForExport(loaded.vision, loaded.head, loaded.head_on_normalized, half_tower=True).eval()
            export_onnx(half, path, image_size, args.opset)
        results = check(path, model, loaded.processor, image_size, args.check_images, args.seed)
        worst[vid] = max(r["embedding"] for r in results.values())
        doc = manifest(args, loaded, path, vid, vname)
        (path.parent / "manifest.json").write_text(json.dumps(doc, indent=2) + "\n")
        size = path.stat().st_size / 2**20
        print(f"wrote {path} ({size:.0f} MiB, sha256 {doc['sha256'][:16]}…) + manifest.json")
    if worst[det_id] > 1e-3:
        raise SystemExit(f"fp32 embedding differs from PyTorch by {worst[det_id]:.2e} (> 1e-3): export is wrong")


if __name__ == "__main__":
    main()
