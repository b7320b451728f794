/** predict.py: the command-line entry a script calls; also `load_model()` for Python callers. */
export const PREDICT_PY = `"""Runs the exported Layerloom model on a batch of images.

    python3 predict.py --input x.npy --output logits.npy

x.npy:      float32 [N, 3, 32, 32], RGB, NCHW, already normalized: (pixel / 255 - 0.5) / 0.5.
logits.npy: float32 [N, 10], classes in the order model.py lists them.
Needs only torch and numpy.
"""
import argparse
from pathlib import Path

import numpy as np
import torch

from model import Net

WEIGHTS = Path(__file__).with_name("weights.npz")


def load_model(weights=WEIGHTS):
    """Net with the trained weights, in inference mode (Dropout off, BatchNorm on its running statistics)."""
    model = Net()
    with np.load(weights) as arrays:
        model.load_state_dict({key: torch.from_numpy(arrays[key]) for key in arrays.files})
    return model.eval()


def main():
    parser = argparse.ArgumentParser(description="Run the exported Layerloom model on a batch of images.")
    parser.add_argument("--input", required=True, help="float32 .npy of shape [N, 3, 32, 32], normalized")
    parser.add_argument("--output", required=True, help="where to write the float32 [N, 10] .npy")
    args = parser.parse_args()
    x = np.load(args.input)
    if x.ndim != 4 or tuple(x.shape[1:]) != (3, 32, 32):
        parser.error(f"--input must have shape [N, 3, 32, 32], not {list(x.shape)}")
    model = load_model()
    with torch.no_grad():
        logits = model(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)))
    np.save(args.output, logits.numpy())


if __name__ == "__main__":
    main()
`;
