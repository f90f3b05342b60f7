#!/usr/bin/python3
"""Reference for preprocess.test.ts: HF transformers' CLIPImageProcessor (the PIL-based "slow"
processor) as configured for openai/clip-vit-large-patch14, replicated with only PIL + numpy so
the test needs neither transformers nor torch (Debian: apt-get install python3-pil python3-numpy).

Steps, each named after the transformers function it mirrors:
  convert_to_rgb         image.convert("RGB")  (drops alpha, no compositing)
  resize                 get_resize_output_image_size(size=224, default_to_square=False):
                         short = 224, long = int(224 * long / short) (truncation), then
                         PIL image.resize((w, h), resample=BICUBIC, reducing_gap=None)
  center_crop            top = (h - 224) // 2, left = (w - 224) // 2, slice
  rescale                image.astype(float64) * 0.00392156862745098 -> float32
  normalize              (image - mean) / std with mean/std as float32 arrays
  channels first         HWC -> CHW
Before these, like Loupe's decoder, EXIF orientation is applied (ImageOps.exif_transpose) and an
optional box (left, top, width, height) is cropped from the oriented image.

Input on stdin: JSON list of {"path", "out", "crop"?: [l, t, w, h]}. For each job it writes
<out>.f32 (float32 CHW, little-endian) and <out>.u8 (the 224x224 RGB bytes before rescale) and
prints one JSON line with the sizes it used.
"""
import json
import sys

import numpy as np
from PIL import Image, ImageOps

SHORTEST_EDGE = 224
CROP = 224
RESCALE = 0.00392156862745098
MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]


def resize_output_size(width, height, short_edge):
    """transformers.image_transforms.get_resize_output_image_size, default_to_square=False."""
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = short_edge, int(short_edge * long / short)
    return (new_long, new_short) if width <= height else (new_short, new_long)  # (h, w)


def preprocess(path, crop):
    image = Image.open(path)
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        image = image.convert("RGB")
    if crop is not None:
        left, top, width, height = crop
        image = image.crop((left, top, left + width, top + height))
    height, width = resize_output_size(image.width, image.height, SHORTEST_EDGE)
    if (width, height) != image.size:
        image = image.resize((width, height), resample=Image.BICUBIC, reducing_gap=None)
    array = np.array(image)  # HWC uint8
    top = (height - CROP) // 2
    left = (width - CROP) // 2
    array = array[top : top + CROP, left : left + CROP, :]
    u8 = array.copy()
    scaled = (array.astype(np.float64) * RESCALE).astype(np.float32)
    mean = np.array(MEAN, dtype=scaled.dtype)
    std = np.array(STD, dtype=scaled.dtype)
    normalised = (scaled - mean) / std
    chw = np.ascontiguousarray(normalised.transpose(2, 0, 1)).astype("<f4")
    return chw, u8, {"resized": [width, height], "crop": [left, top]}


def main():
    jobs = json.load(sys.stdin)
    for job in jobs:
        chw, u8, info = preprocess(job["path"], job.get("crop"))
        chw.tofile(job["out"] + ".f32")
        u8.tofile(job["out"] + ".u8")
        print(json.dumps({"path": job["path"], **info}), flush=True)


if __name__ == "__main__":
    main()
