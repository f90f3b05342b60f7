"""Load a CLIP vision tower + 2-way linear head from a Lightning checkpoint, an HF model
directory, or random initialisation. Everything returned is fp32, on CPU, in eval mode."""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from typing import Any, Mapping

import torch
from torch import nn
from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModel

PATCH_KEY = "embeddings.patch_embedding.weight"
# Top-level submodules of transformers' CLIPVisionTransformer (a state dict's "vision" keys).
VISION_ROOTS = ("embeddings.", "pre_layrnorm.", "encoder.", "post_layernorm.")
# peft LN-tuning keeps the tuned LayerNorm as `<ln>.ln_tuning_layers.<adapter>.*` next to the
# frozen original at `<ln>.base_layer.*`; the tuned copy is the one the detector was trained with.
LN_TUNING = re.compile(r"\.ln_tuning_layers\.[^.]+\.")
IGNORABLE = {"embeddings.position_ids"}  # a buffer some transformers versions persist, some don't


@dataclass
class Loaded:
    vision: nn.Module  # transformers CLIPVisionTransformer (CLIPVisionModel.vision_model)
    head: nn.Linear
    head_on_normalized: bool  # logits = head(L2(x)) (paper, "LinearNorm") vs head(x) ("linear")
    trained: bool  # False for random weights or an untrained head: the manifest says test fixture
    description: str
    processor: CLIPImageProcessor


def fail(msg: str) -> None:
    sys.exit(f"export_detector: {msg}")


def clip_l14_processor() -> CLIPImageProcessor:
    """openai/clip-vit-large-patch14's preprocessor_config.json, without a network fetch."""
    return CLIPImageProcessor(
        do_resize=True,
        size={"shortest_edge": 224},
        resample=3,  # PIL bicubic
        do_center_crop=True,
        crop_size={"height": 224, "width": 224},
        do_rescale=True,
        rescale_factor=1 / 255,
        do_normalize=True,
        image_mean=[0.48145466, 0.4578275, 0.40821073],
        image_std=[0.26862954, 0.26130258, 0.27577711],
        do_convert_rgb=True,
    )


def vision_config(**overrides: Any) -> CLIPVisionConfig:
    """ViT-L/14 @224 (openai/clip-vit-large-patch14 vision_config) with overrides."""
    cfg: dict[str, Any] = dict(
        hidden_size=1024,
        intermediate_size=4096,
        num_hidden_layers=24,
        num_attention_heads=16,
        num_channels=3,
        image_size=224,
        patch_size=14,
        hidden_act="quick_gelu",
        layer_norm_eps=1e-5,
        projection_dim=768,
    )
    cfg.update(overrides)
    return CLIPVisionConfig(**cfg)


def new_vision(config: CLIPVisionConfig) -> nn.Module:
    # Eager attention exports as plain MatMul/Softmax on every transformers version (older ones
    # pick the SDPA class at construction time, newer ones read the flag at call time).
    config._attn_implementation = "eager"
    model = CLIPVisionModel(config)
    model.config._attn_implementation = "eager"
    return model.vision_model


def config_from_state(vs: Mapping[str, torch.Tensor], heads: int | None) -> CLIPVisionConfig:
    """Infers the tower's shape from its weights, so a checkpoint needs no config download."""
    w = vs[PATCH_KEY]
    hidden, channels, patch = int(w.shape[0]), int(w.shape[1]), int(w.shape[2])
    positions = int(vs["embeddings.position_embedding.weight"].shape[0])
    grid = math.isqrt(positions - 1)
    if grid * grid != positions - 1:
        fail(f"{positions} position embeddings is not 1 + a square grid")
    layer_ids = [int(m.group(1)) for k in vs if (m := re.match(r"encoder\.layers\.(\d+)\.", k))]
    return vision_config(
        hidden_size=hidden,
        intermediate_size=int(vs["encoder.layers.0.mlp.fc1.weight"].shape[0]),
        num_hidden_layers=max(layer_ids) + 1,
        # Not recoverable from shapes; every OpenAI CLIP ViT uses 64-wide heads.
        num_attention_heads=heads or hidden // 64,
        num_channels=channels,
        image_size=grid * patch,
        patch_size=patch,
    )


def torch_load(path: str, unsafe: bool) -> Any:
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # noqa: BLE001 - any unpickling refusal lands here
        if not unsafe:
            fail(
                f"{path} needs full unpickling ({type(err).__name__}: {err}).\n"
                "Lightning checkpoints often pickle config objects. Re-run with --unsafe-load "
                "only if you trust the file: unpickling can execute arbitrary code."
            )
        return torch.load(path, map_location="cpu", weights_only=False)


def fold_peft(state: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    out: dict[str, torch.Tensor] = {}
    tuned: dict[str, torch.Tensor] = {}
    for k, v in state.items():
        if not isinstance(v, torch.Tensor):
            continue
        if LN_TUNING.search(k):
            tuned[LN_TUNING.sub(".", k)] = v
        else:
            out[k.replace(".base_layer.", ".")] = v
    out.update(tuned)  # tuned LayerNorms override the frozen base copies
    if any("lora_" in k for k in out):
        fail("LoRA adapter weights found; merge them into the base model first (peft merge_and_unload)")
    return out


def detect_vision_prefix(state: Mapping[str, torch.Tensor], explicit: str | None) -> str:
    if explicit is not None:
        return explicit if explicit == "" or explicit.endswith(".") else explicit + "."
    found = sorted({k[: -len(PATCH_KEY)] for k in state if k.endswith(PATCH_KEY)})
    if len(found) != 1:
        fail(f"found {len(found)} CLIP vision towers ({found}); choose one with --vision-prefix")
    return found[0]


def detect_head_prefix(
    state: Mapping[str, torch.Tensor], vision_prefix: str, hidden: int, explicit: str | None
) -> str:
    if explicit is not None:
        return explicit if explicit == "" or explicit.endswith(".") else explicit + "."
    found = []
    for k, v in state.items():
        if any(k.startswith(vision_prefix + r) for r in VISION_ROOTS) or not k.endswith("weight"):
            continue
        prefix = k[: -len("weight")]
        if v.ndim == 2 and tuple(v.shape) == (2, hidden) and prefix + "bias" in state:
            found.append(prefix)
    if len(found) != 1:
        fail(f"found {len(found)} Linear({hidden}, 2) heads ({found}); choose one with --head-prefix")
    return found[0]


def find_hparam(obj: Any, key: str, depth: int = 0) -> Any:
    if depth > 4:
        return None
    if isinstance(obj, Mapping):
        if key in obj:
            return obj[key]
        for v in obj.values():
            found = find_hparam(v, key, depth + 1)
            if found is not None:
                return found
    elif hasattr(obj, "__dict__"):
        return find_hparam(vars(obj), key, depth + 1)
    return None


def head_on_normalized(hparams: Any, choice: str) -> bool:
    """The seed code's LinearProbe feeds L2-normalised features to the Linear only for
    head="LinearNorm"; head="linear" classifies the raw pooler output. Honour the checkpoint."""
    if choice != "auto":
        return choice == "normalized"
    head = find_hparam(hparams, "head")
    value = str(getattr(head, "value", head) or "")
    if value in ("LinearNorm", "NLinear"):
        return True
    if value.lower() == "linear":
        return False
    print("warning: checkpoint does not say whether its head sees L2-normalised features; assuming it "
          "does (the paper's setup). Override with --head-input raw|normalized.", file=sys.stderr)
    return True


def load_head(weights: Mapping[str, torch.Tensor], prefix: str, hidden: int) -> nn.Linear:
    head = nn.Linear(hidden, 2)
    head.load_state_dict({"weight": weights[prefix + "weight"].float(), "bias": weights[prefix + "bias"].float()})
    return head


def load_vision_weights(vision: nn.Module, vs: Mapping[str, torch.Tensor]) -> None:
    missing, unexpected = vision.load_state_dict({k: v.float() for k, v in vs.items()}, strict=False)
    missing = [k for k in missing if k not in IGNORABLE]
    unexpected = [k for k in unexpected if k not in IGNORABLE]
    if missing or unexpected:
        fail(f"vision weights do not match: missing {missing[:8]}, unexpected {unexpected[:8]}")


def from_checkpoint(path: str, args: Any) -> Loaded:
    ckpt = torch_load(path, args.unsafe_load)
    raw = ckpt.get("state_dict", ckpt) if isinstance(ckpt, Mapping) else None
    if raw is None:
        fail(f"{path}: expected a Lightning checkpoint or a state dict")
    hparams = ckpt.get("hyper_parameters", {}) if isinstance(ckpt, Mapping) else {}
    state = fold_peft(raw)
    vp = detect_vision_prefix(state, args.vision_prefix)
    vs = {k[len(vp):]: v for k, v in state.items() if any(k.startswith(vp + r) for r in VISION_ROOTS)}
    config = config_from_state(vs, args.heads)
    vision = new_vision(config)
    load_vision_weights(vision, vs)
    hp = detect_head_prefix(state, vp, config.hidden_size, args.head_prefix)
    print(f"checkpoint: vision tower at '{vp}', head at '{hp}', {config.num_hidden_layers} layers, "
          f"width {config.hidden_size}, {config.image_size}px/{config.patch_size}")
    return Loaded(
        vision=vision.eval(),
        head=load_head(state, hp, config.hidden_size).eval(),
        head_on_normalized=head_on_normalized(hparams, args.head_input),
        trained=True,
        description=f"Lightning checkpoint {path}",
        processor=clip_l14_processor(),
    )


def from_hf(model_dir: str, head_path: str | None, args: Any) -> Loaded:
    vision = CLIPVisionModel.from_pretrained(model_dir, attn_implementation="eager").vision_model.float()
    hidden = vision.config.hidden_size
    try:
        processor = CLIPImageProcessor.from_pretrained(model_dir)
    except Exception:  # noqa: BLE001 - no preprocessor_config.json: use CLIP's
        processor = clip_l14_processor()
    if head_path:
        obj = torch_load(head_path, args.unsafe_load)
        weights = obj.state_dict() if isinstance(obj, nn.Module) else obj.get("state_dict", obj)
        # "\0": no key starts with it, so nothing is excluded as vision; the shape test decides.
        head = load_head(weights, detect_head_prefix(weights, "\0", hidden, args.head_prefix), hidden)
    elif args.allow_untrained_head:
        torch.manual_seed(args.seed)
        head = nn.Linear(hidden, 2)
    else:
        fail("--hf-model without --head gives meaningless logits; pass --allow-untrained-head to do it anyway")
    return Loaded(
        vision=vision.eval(),
        head=head.eval(),
        head_on_normalized=args.head_input != "raw",
        trained=bool(head_path),
        description=f"HF CLIP vision model {model_dir}" + (f" + head {head_path}" if head_path else ""),
        processor=processor,
    )


def random_model(args: Any) -> Loaded:
    torch.manual_seed(args.seed)
    config = vision_config(num_hidden_layers=args.layers)
    return Loaded(
        vision=new_vision(config).eval(),
        head=nn.Linear(config.hidden_size, 2).eval(),
        head_on_normalized=True,
        trained=False,
        description=f"random-init CLIP ViT-L/14 ({args.layers} layers, seed {args.seed})",
        processor=clip_l14_processor(),
    )
