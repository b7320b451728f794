import type { TrainingConfig } from '../../project/schema.js';

/**
 * CIFAR-10 reading, the loss and the optimizers as train.py defines them. The benchmark's
 * PyTorch twin trains with the same functions, so its speed is that of this script.
 * loss_fn reads the module-level OUTPUTS_PROBABILITIES.
 */
export const TRAINING_HELPERS_PY = `def read_cifar(folder, names, limit=None):
    """CIFAR-10 binary records: a label byte, then 32x32 R, G and B planes, which is already NCHW."""
    raw = np.concatenate([np.fromfile(Path(folder) / name, dtype=np.uint8).reshape(-1, 3073) for name in names])[:limit]
    x = raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32)
    x /= 255  # (x/255 - 0.5)/0.5 in place: one float copy of the set in memory, not four
    x -= 0.5
    x /= 0.5
    return TensorDataset(torch.from_numpy(x), torch.from_numpy(raw[:, 0].astype(np.int64)))


def loss_fn(output, labels):
    if OUTPUTS_PROBABILITIES:
        return F.nll_loss(torch.log(output.clamp(1e-7, 1)), labels)
    return F.cross_entropy(output, labels)


def make_optimizer(name, params, lr, momentum):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, eps=1e-7)
    return torch.optim.RMSprop(params, lr=lr, alpha=0.9, momentum=momentum, eps=1e-7)`;

/**
 * train.py: trains the exported Net with the settings it had in Layerloom, on one process or
 * many (torchrun + DistributedDataParallel), for users who outgrow one machine. Optimizer
 * constants follow TF.js's (Adam and RMSprop epsilon 1e-7, RMSprop decay 0.9) so a run here
 * behaves like one in the app.
 */
export function trainPySource(training: TrainingConfig, outputsProbabilities: boolean): string {
  const settings = `{"optimizer": "${training.optimizer}", "lr": ${training.learningRate}, "momentum": ${training.momentum}, "batch_size": ${training.batchSize}, "epochs": ${training.epochs}}`;
  return `"""Trains Net (model.py) on CIFAR-10 with the settings it was trained with in Layerloom.

One process:  python3 train.py --data cifar-10-batches-bin
Several:      torchrun --nproc_per_node N train.py --data cifar-10-batches-bin
              (DistributedDataParallel; --batch-size is per process, so N processes see N times as many images per step)

Starts from the exported weights (add --from-scratch for fresh ones), trains on all 50,000
training images, reports test accuracy after each epoch and writes the weights to --out in
the weights.npz format predict.py loads. Needs only torch and numpy.
"""
import argparse
import os
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

from model import CLASS_NAMES, INPUT_SHAPE, NUM_CLASSES, Net
from predict import load_model

SETTINGS = ${settings}
OUTPUTS_PROBABILITIES = ${outputsProbabilities ? 'True' : 'False'}  # True when the graph ends in Softmax


${TRAINING_HELPERS_PY}


def main():
    parser = argparse.ArgumentParser(description="Train the exported Layerloom model on CIFAR-10.")
    parser.add_argument("--data", required=True, help="the cifar-10-batches-bin folder")
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--batch-size", type=int, default=SETTINGS["batch_size"])
    parser.add_argument("--lr", type=float, default=SETTINGS["lr"])
    parser.add_argument("--optimizer", choices=["sgd", "adam", "rmsprop"], default=SETTINGS["optimizer"])
    parser.add_argument("--momentum", type=float, default=SETTINGS["momentum"])
    parser.add_argument("--limit", type=int, default=None, help="train on only the first N images, for a quick trial")
    parser.add_argument("--from-scratch", action="store_true", help="start from fresh weights instead of the exported ones")
    parser.add_argument("--out", default="trained-weights.npz")
    args = parser.parse_args()
    if tuple(INPUT_SHAPE) != (3, 32, 32) or NUM_CLASSES != 10:
        parser.error(f"this model takes {INPUT_SHAPE[1]}x{INPUT_SHAPE[2]}x{INPUT_SHAPE[0]} images in {NUM_CLASSES} classes "
                     f"({', '.join(CLASS_NAMES)}); train.py reads CIFAR-10 only. Train it on its image folder with "
                     "\`npx layerloom train PROJECT --data FOLDER\`, or in the app")

    distributed = "WORLD_SIZE" in os.environ  # set by torchrun
    cuda = torch.cuda.is_available()
    if distributed:
        dist.init_process_group("nccl" if cuda else "gloo")
    rank = dist.get_rank() if distributed else 0
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")

    net = (Net() if args.from_scratch else load_model()).to(device)
    model = DistributedDataParallel(net, device_ids=[local_rank] if cuda else None) if distributed else net
    train = read_cifar(args.data, [f"data_batch_{i}.bin" for i in range(1, 6)], args.limit)
    test = read_cifar(args.data, ["test_batch.bin"])
    sampler = DistributedSampler(train) if distributed else None
    loader = DataLoader(train, batch_size=args.batch_size, shuffle=sampler is None, sampler=sampler)
    optimizer = make_optimizer(args.optimizer, model.parameters(), args.lr, args.momentum)

    for epoch in range(1, args.epochs + 1):
        if sampler is not None:
            sampler.set_epoch(epoch)
        model.train()
        for x, labels in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(x.to(device)), labels.to(device))
            loss.backward()
            optimizer.step()
        if rank == 0:
            net.eval()
            with torch.no_grad():
                correct = sum((net(x.to(device)).argmax(1).cpu() == labels).sum().item() for x, labels in DataLoader(test, batch_size=500))
            print(f"epoch {epoch}/{args.epochs}  last batch loss {loss.item():.4f}  test accuracy {correct / len(test):.2%}", flush=True)

    if rank == 0:
        np.savez(args.out, **{key: value.cpu().numpy() for key, value in net.state_dict().items()})
        print(f"weights written to {args.out}")
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;
}
