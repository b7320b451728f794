import type { Normalization } from '../../data/normalization.js';
import { SYMMETRIC_NORMALIZATION } from '../../data/normalization.js';

const list = (v: readonly number[]) => `[${v.map((x) => String(x)).join(', ')}]`;

/** predict.py: the command-line entry a script calls; also `load_model()` and `normalize()` for Python callers. */
export function predictPySource(normalization: Normalization = SYMMETRIC_NORMALIZATION): string {
  return `"""Runs the exported Layerloom model on a batch of images.

    python3 predict.py --input x.npy --output logits.npy
    python3 predict.py --images pixels.npy --output logits.npy

x.npy:      float32 [N, 3, 32, 32], RGB, NCHW, already normalized: (pixel / 255 - MEAN) / STD per channel.
pixels.npy: uint8 [N, 32, 32, 3] (HWC) or [N, 3, 32, 32] RGB pixels; normalize() prepares them.
logits.npy: float32 [N, 10], classes in the order model.py lists them.
Needs only torch and numpy.
"""
import argparse
from pathlib import Path

import numpy as np
import torch

from model import Net

WEIGHTS = Path(__file__).with_name("weights.npz")
# The per-channel (R, G, B) normalization the model was trained with, on pixels scaled to 0..1.
MEAN = ${list(normalization.mean)}
STD = ${list(normalization.std)}


def normalize(pixels):
    """uint8 RGB images, [N, 32, 32, 3] or [N, 3, 32, 32] -> the float32 NCHW input the model expects."""
    x = np.asarray(pixels)
    if x.ndim == 4 and x.shape[-1] == 3 and x.shape[1] != 3:
        x = x.transpose(0, 3, 1, 2)
    x = x.astype(np.float32) / 255
    return ((x - np.array(MEAN, np.float32).reshape(1, 3, 1, 1)) / np.array(STD, np.float32).reshape(1, 3, 1, 1)).astype(np.float32)


def load_model(weights=WEIGHTS):
    """Net with the trained weights, in inference mode (Dropout off, BatchNorm on its running statistics)."""
    model = Net()
    with np.load(weights) as arrays:
        model.load_state_dict({key: torch.from_numpy(arrays[key]) for key in arrays.files})
    return model.eval()


def main():
    parser = argparse.ArgumentParser(description="Run the exported Layerloom model on a batch of images.")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--input", help="float32 .npy of shape [N, 3, 32, 32], normalized")
    source.add_argument("--images", help="uint8 .npy of RGB pixels, [N, 32, 32, 3] or [N, 3, 32, 32]; normalized here")
    parser.add_argument("--output", required=True, help="where to write the float32 [N, 10] .npy")
    args = parser.parse_args()
    x = np.load(args.input) if args.input else normalize(np.load(args.images))
    if x.ndim != 4 or tuple(x.shape[1:]) != (3, 32, 32):
        parser.error(f"--input must have shape [N, 3, 32, 32], not {list(x.shape)}")
    model = load_model()
    with torch.no_grad():
        logits = model(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)))
    np.save(args.output, logits.numpy())


if __name__ == "__main__":
    main()
`;
}
