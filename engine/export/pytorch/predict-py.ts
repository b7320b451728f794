/** predict.py: the command-line entry a script calls; also `load_model()` for Python callers. */
export const PREDICT_PY = `"""Runs the exported Layerloom model on a batch of images.

    python3 predict.py --input x.npy --output logits.npy

x.npy:      float32 [N, *INPUT_SHAPE] (model.py: channels, height, width), NCHW, already
            resized as the training images were and normalized: (pixel / 255 - 0.5) / 0.5.
logits.npy: float32 [N, len(CLASS_NAMES)], classes in CLASS_NAMES order.
Prints each image's most likely class by name. Needs only torch and numpy.
"""
import argparse
from pathlib import Path

import numpy as np
import torch

from model import CLASS_NAMES, INPUT_SHAPE, OUTPUTS_PROBABILITIES, Net

WEIGHTS = Path(__file__).with_name("weights.npz")


def load_model(weights=WEIGHTS):
    """Net with the trained weights, in inference mode (Dropout off, BatchNorm on its running statistics)."""
    model = Net()
    with np.load(weights) as arrays:
        model.load_state_dict({key: torch.from_numpy(arrays[key]) for key in arrays.files})
    return model.eval()


def main():
    parser = argparse.ArgumentParser(description="Run the exported Layerloom model on a batch of images.")
    parser.add_argument("--input", required=True, help=f"float32 .npy of shape [N, {', '.join(map(str, INPUT_SHAPE))}], normalized")
    parser.add_argument("--output", help=f"where to write the float32 [N, {len(CLASS_NAMES)}] .npy")
    parser.add_argument("--top", type=int, default=1, help="how many classes to print per image")
    args = parser.parse_args()
    x = np.load(args.input)
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
