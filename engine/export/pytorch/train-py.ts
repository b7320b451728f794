import type { Normalization } from '../../data/normalization.js';
import { SYMMETRIC_NORMALIZATION } from '../../data/normalization.js';
import type { TrainingConfig } from '../../project/schema.js';
import { ONE_CYCLE } from '../../project/learning-rate.js';

const py = (value: unknown) => JSON.stringify(value).replace(/\btrue\b/g, 'True').replace(/\bfalse\b/g, 'False').replace(/\bnull\b/g, 'None');

/**
 * CIFAR-10 reading, the loss and the optimizers for the benchmark's PyTorch twin: train.py's
 * formulas without its recipe (no schedule, augmentation or smoothing), as the benchmark times
 * plain training steps.
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
 * train.py: trains the exported Net with the recipe it had in Layerloom (optimizer with
 * Nesterov / weight decay, label smoothing, the learning-rate schedule, augmentation,
 * normalization, validation hold-out, early stopping, restore-best), on one process or many
 * (torchrun + DistributedDataParallel). It is also the PyTorch twin a Layerloom recipe is
 * compared with: the same formulas (one-cycle is torch's OneCycleLR), the same crop/flip/cutout
 * draws' distributions, and TF.js's optimizer constants (epsilon 1e-7, RMSprop decay 0.9).
 */
export function trainPySource(training: TrainingConfig, outputsProbabilities: boolean, normalization: Normalization = SYMMETRIC_NORMALIZATION): string {
  const settings = py({
    optimizer: training.optimizer, lr: training.learningRate, momentum: training.momentum, nesterov: training.nesterov,
    weight_decay: training.weightDecay, label_smoothing: training.labelSmoothing, batch_size: training.batchSize, epochs: training.epochs,
    validation_split: training.validationSplit,
    schedule: { kind: training.schedule.kind, warmup_epochs: training.schedule.warmupEpochs, step_epochs: training.schedule.stepEpochs, step_factor: training.schedule.stepFactor },
    augment: { crop_padding: training.augment.cropPadding, pad_mode: training.augment.padMode, flip: training.augment.flip, cutout: training.augment.cutout },
    early_stopping: training.earlyStopping && { monitor: training.earlyStopping.monitor, patience: training.earlyStopping.patience },
    restore_best: training.restoreBest,
  });
  return `"""Trains Net (model.py) on CIFAR-10 with the recipe it was trained with in Layerloom.

One process:  python3 train.py --data cifar-10-batches-bin
Several:      torchrun --nproc_per_node N train.py --data cifar-10-batches-bin
              (DistributedDataParallel; --batch-size is per process, so N processes see N times as many images per step)

Starts from the exported weights (add --from-scratch for fresh ones, PyTorch's default init),
holds out the last validation_split of the training images as Layerloom does, reports loss,
accuracy, learning rate and test accuracy after each epoch, and writes the weights to --out in
the weights.npz format predict.py loads. --json prints one JSON line per epoch. Needs only
torch and numpy.
"""
import argparse
import json
import math
import os
import time
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from model import CLASS_NAMES, INPUT_SHAPE, NUM_CLASSES, Net
from predict import load_model

SETTINGS = ${settings}
MEAN = ${py(normalization.mean)}
STD = ${py(normalization.std)}
OUTPUTS_PROBABILITIES = ${outputsProbabilities ? 'True' : 'False'}  # True when the graph ends in Softmax
ONE_CYCLE = {"pct_start": ${ONE_CYCLE.pctStart}, "div_factor": ${ONE_CYCLE.divFactor}, "final_div_factor": ${ONE_CYCLE.finalDivFactor}}


def read_cifar(folder, names, limit=None):
    """CIFAR-10 binary records: a label byte, then 32x32 R, G and B planes: uint8 NCHW images."""
    raw = np.concatenate([np.fromfile(Path(folder) / name, dtype=np.uint8).reshape(-1, 3073) for name in names])[:limit]
    return torch.from_numpy(raw[:, 1:].reshape(-1, 3, 32, 32).copy()), torch.from_numpy(raw[:, 0].astype(np.int64))


def normalize(images):
    """uint8 NCHW -> (x/255 - mean)/std per channel, float32."""
    mean = torch.tensor(MEAN, dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(STD, dtype=torch.float32).view(1, 3, 1, 1)
    return (images.float() / 255 - mean) / std


def augment(images, generator):
    """Random crop of the padded image (reflect, or zero = black), horizontal flip, cutout (0 after normalizing)."""
    a = SETTINGS["augment"]
    n = images.shape[0]
    x = images.float()
    p = a["crop_padding"]
    if p > 0:
        padded = F.pad(x, (p, p, p, p), mode="reflect") if a["pad_mode"] == "reflect" else F.pad(x, (p, p, p, p), mode="constant", value=0.0)
        offsets = torch.randint(0, 2 * p + 1, (n, 2), generator=generator)
        x = torch.stack([padded[i, :, oy:oy + 32, ox:ox + 32] for i, (oy, ox) in enumerate(offsets.tolist())])
    if a["flip"]:
        flip = torch.rand(n, generator=generator) < 0.5
        x = torch.where(flip.view(n, 1, 1, 1), x.flip(3), x)
    x = normalize(x)
    if a["cutout"] > 0:
        size, half = a["cutout"], a["cutout"] // 2
        centres = torch.randint(0, 32, (n, 2), generator=generator)
        for i, (cy, cx) in enumerate(centres.tolist()):
            x[i, :, max(0, cy - half):max(0, cy - half + size), max(0, cx - half):max(0, cx - half + size)] = 0
    return x


def lr_at(step, steps_per_epoch, epochs):
    """The learning rate of optimizer step \`step\` (0-based), as Layerloom's schedules compute it."""
    s, peak = SETTINGS["schedule"], SETTINGS["lr"]
    total = max(1, steps_per_epoch * epochs)
    warmup = min(total, round(s["warmup_epochs"] * steps_per_epoch))
    cos = lambda start, end, pct: end + (start - end) / 2 * (1 + math.cos(math.pi * min(max(pct, 0), 1)))
    if s["kind"] == "onecycle":
        initial = peak / ONE_CYCLE["div_factor"]
        final = initial / ONE_CYCLE["final_div_factor"]
        rise_end = (warmup if warmup > 0 else ONE_CYCLE["pct_start"] * total) - 1
        if step <= rise_end:
            return cos(initial, peak, 1 if rise_end <= 0 else step / rise_end)
        return cos(peak, final, 1 if total - 1 <= rise_end else (step - rise_end) / (total - 1 - rise_end))
    if step < warmup:
        return peak * (step + 1) / warmup
    if s["kind"] == "step":
        return peak * s["step_factor"] ** ((step // steps_per_epoch) // s["step_epochs"])
    if s["kind"] == "cosine":
        return cos(peak, 0, 1 if total == warmup else (step - warmup) / (total - warmup))
    return peak


def make_optimizer(params):
    name, lr, wd = SETTINGS["optimizer"], SETTINGS["lr"], SETTINGS["weight_decay"]
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=SETTINGS["momentum"], nesterov=SETTINGS["nesterov"] and SETTINGS["momentum"] > 0, weight_decay=wd)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, eps=1e-7, weight_decay=wd)
    if name == "adamw":
        return torch.optim.AdamW(params, lr=lr, eps=1e-7, weight_decay=wd)
    return torch.optim.RMSprop(params, lr=lr, alpha=0.9, momentum=SETTINGS["momentum"], eps=1e-7, weight_decay=wd)


def loss_fn(output, labels, smoothing):
    if OUTPUTS_PROBABILITIES:
        log_p = torch.log(output.clamp(1e-7, 1))
        return (1 - smoothing) * F.nll_loss(log_p, labels) - smoothing * log_p.mean(1).mean()
    return F.cross_entropy(output, labels, label_smoothing=smoothing)


def evaluate(net, images, labels, device):
    net.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(labels), 500):
            out = net(normalize(images[i:i + 500]).to(device)).cpu()
            loss += loss_fn(out, labels[i:i + 500], 0.0).item() * len(out)
            correct += (out.argmax(1) == labels[i:i + 500]).sum().item()
    return loss / max(1, len(labels)), correct / max(1, len(labels))


def main():
    parser = argparse.ArgumentParser(description="Train the exported Layerloom model on CIFAR-10.")
    parser.add_argument("--data", required=True, help="the cifar-10-batches-bin folder")
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--batch-size", type=int, default=SETTINGS["batch_size"])
    parser.add_argument("--lr", type=float, default=SETTINGS["lr"], help="peak learning rate of the schedule")
    parser.add_argument("--limit", type=int, default=None, help="train on only the first N images, for a quick trial")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--from-scratch", action="store_true", help="start from fresh weights instead of the exported ones")
    parser.add_argument("--json", action="store_true", help="one JSON line per epoch")
    parser.add_argument("--out", default="trained-weights.npz")
    args = parser.parse_args()
    if tuple(INPUT_SHAPE) != (3, 32, 32) or NUM_CLASSES != 10:
        parser.error(f"this model takes {INPUT_SHAPE[1]}x{INPUT_SHAPE[2]}x{INPUT_SHAPE[0]} images in {NUM_CLASSES} classes "
                     f"({', '.join(CLASS_NAMES)}); train.py reads CIFAR-10 only. Train it on its image folder with "
                     "\`npx layerloom train PROJECT --data FOLDER\`, or in the app")
    SETTINGS["lr"] = args.lr
    if args.seed is not None:
        torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed if args.seed is not None else torch.seed() % 2**31)

    distributed = "WORLD_SIZE" in os.environ  # set by torchrun
    cuda = torch.cuda.is_available()
    if distributed:
        dist.init_process_group("nccl" if cuda else "gloo")
    rank = dist.get_rank() if distributed else 0
    world = dist.get_world_size() if distributed else 1
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")

    net = (Net() if args.from_scratch else load_model()).to(device)
    model = DistributedDataParallel(net, device_ids=[local_rank] if cuda else None) if distributed else net
    images, labels = read_cifar(args.data, [f"data_batch_{i}.bin" for i in range(1, 6)], args.limit)
    held = int(len(labels) * SETTINGS["validation_split"])
    train_x, train_y = images[:len(labels) - held], labels[:len(labels) - held]
    val_x, val_y = images[len(labels) - held:], labels[len(labels) - held:]
    test_x, test_y = read_cifar(args.data, ["test_batch.bin"])
    optimizer = make_optimizer(model.parameters())
    batch = min(args.batch_size, len(train_y))
    steps_per_epoch = math.ceil(len(train_y) / world / batch)
    monitor = (SETTINGS["early_stopping"] or {}).get("monitor", "val_loss")
    best, best_state, step = None, None, 0

    for epoch in range(1, args.epochs + 1):
        model.train()
        started = time.perf_counter()
        order = torch.randperm(len(train_y), generator=generator)[rank::world]
        loss_sum, correct, seen = 0.0, 0, 0
        for b in range(0, len(order), batch):
            idx = order[b:b + batch]
            for group in optimizer.param_groups:
                group["lr"] = lr_at(step, steps_per_epoch, args.epochs)
            x, y = augment(train_x[idx], generator).to(device), train_y[idx].to(device)
            optimizer.zero_grad()
            out = model(x)
            loss = loss_fn(out, y, SETTINGS["label_smoothing"])
            loss.backward()
            optimizer.step()
            step += 1
            loss_sum += loss.item() * len(idx)
            correct += (out.argmax(1) == y).sum().item()
            seen += len(idx)
        seconds = time.perf_counter() - started
        if rank != 0:
            continue
        val_loss, val_acc = evaluate(net, val_x, val_y, device) if held else (None, None)
        test_loss, test_acc = evaluate(net, test_x, test_y, device)
        line = {"epoch": epoch, "epochs": args.epochs, "loss": loss_sum / seen, "acc": correct / seen, "valLoss": val_loss, "valAcc": val_acc,
                "testLoss": test_loss, "testAcc": test_acc, "lr": optimizer.param_groups[0]["lr"], "seconds": seconds}
        print(json.dumps(line) if args.json else f"epoch {epoch}/{args.epochs}  loss {line['loss']:.4f}  acc {line['acc']:.2%}  lr {line['lr']:.3g}  {seconds:.1f}s  test accuracy {test_acc:.2%}", flush=True)
        if held:
            value = val_loss if monitor == "val_loss" else val_acc
            if best is None or (value < best[1] if monitor == "val_loss" else value > best[1]):
                best = (epoch, value)
                if SETTINGS["restore_best"]:
                    best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            elif SETTINGS["early_stopping"] and epoch - best[0] >= SETTINGS["early_stopping"]["patience"]:
                print(f"stopped early: no better {monitor} for {SETTINGS['early_stopping']['patience']} epochs", flush=True)
                break

    if rank == 0:
        if best_state is not None:
            net.load_state_dict(best_state)
            print(f"weights restored from epoch {best[0]} (best {monitor}); test accuracy {evaluate(net, test_x, test_y, device)[1]:.2%}", flush=True)
        np.savez(args.out, **{key: value.cpu().numpy() for key, value in net.state_dict().items()})
        print(f"weights written to {args.out}")
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;
}
