import type { Normalization } from '../../data/normalization.js';
import { SYMMETRIC_NORMALIZATION } from '../../data/normalization.js';

const list = (v: readonly number[]) => `[${v.map((x) => String(x)).join(', ')}]`;

/** predict.py: the command-line entry a script calls; also `load_model()` and `normalize()` for Python callers. */
export function predictPySource(normalization: Normalization = SYMMETRIC_NORMALIZATION): string {
  return `"""Runs the exported Layerloom model on a batch of images.

    python3 predict.py --input x.npy --output logits.npy
    python3 predict.py --images pixels.npy --output logits.npy

x.npy:      float32 [N, *INPUT_SHAPE] (model.py: channels, height, width), NCHW, already
            resized as the training images were and normalized: (pixel / 255 - MEAN) / STD per channel.
pixels.npy: uint8 [N, height, width, channels] (HWC) or [N, *INPUT_SHAPE] pixels, already resized;
            normalize() prepares them.
logits.npy: float32 [N, len(CLASS_NAMES)], classes in CLASS_NAMES order.
Prints each image's most likely class by name. Needs only torch and numpy.
"""
import argparse
from pathlib import Path

import numpy as np
import torch

from model import CLASS_NAMES, INPUT_SHAPE, OUTPUTS_PROBABILITIES, Net

WEIGHTS = Path(__file__).with_name("weights.npz")
# The per-channel (R, G, B) normalization the model was trained with, on pixels scaled to 0..1.
MEAN = ${list(normalization.mean)}
STD = ${list(normalization.std)}


def normalize(pixels):
    """uint8 images, [N, height, width, channels] or [N, *INPUT_SHAPE] -> the float32 NCHW input the model expects."""
    x = np.asarray(pixels)
    channels = INPUT_SHAPE[0]
    if x.ndim == 4 and tuple(x.shape[1:]) != tuple(INPUT_SHAPE) and x.shape[-1] == channels:
        x = x.transpose(0, 3, 1, 2)
    x = x.astype(np.float32) / 255
    mean = np.resize(np.array(MEAN, np.float32), channels).reshape(1, channels, 1, 1)
    std = np.resize(np.array(STD, np.float32), channels).reshape(1, channels, 1, 1)
    return ((x - mean) / std).astype(np.float32)


def load_model(weights=WEIGHTS):
    """Net with the trained weights, in inference mode (Dropout off, BatchNorm on its running statistics)."""
    model = Net()
    with np.load(weights) as arrays:
        model.load_state_dict({key: torch.from_numpy(arrays[key]) for key in arrays.files})
    return model.eval()


def main():
    parser = argparse.ArgumentParser(description="Run the exported Layerloom model on a batch of images.")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--input", help=f"float32 .npy of shape [N, {', '.join(map(str, INPUT_SHAPE))}], normalized")
    source.add_argument("--images", help="uint8 .npy of pixels, [N, height, width, channels] or [N, *INPUT_SHAPE]; normalized here")
    parser.add_argument("--output", help=f"where to write the float32 [N, {len(CLASS_NAMES)}] .npy")
    parser.add_argument("--top", type=int, default=1, help="how many classes to print per image")
    args = parser.parse_args()
    x = np.load(args.input) if args.input else normalize(np.load(args.images))
    if x.ndim != 4 or tuple(x.shape[1:]) != tuple(INPUT_SHAPE):
        parser.error(f"--input must have shape [N, {', '.join(map(str, INPUT_SHAPE))}], not {list(x.shape)}")
    model = load_model()
    with torch.no_grad():
        logits = model(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)))
    if args.output:
        np.save(args.output, logits.numpy())
    probabilities = logits if OUTPUTS_PROBABILITIES else torch.softmax(logits, dim=1)
    top = torch.topk(probabilities, k=min(args.top, len(CLASS_NAMES)), dim=1)
    for row, (values, indices) in enumerate(zip(top.values.tolist(), top.indices.tolist())):
        print(f"{row}: " + ", ".join(f"{CLASS_NAMES[i]} {p:.3f}" for p, i in zip(values, indices)))


if __name__ == "__main__":
    main()
`;
}
