"""PyTorch side of engine/bench/parity.ts: loads the exported initial weights, trains the same
first N batches (file order) with torch.optim, and compares each batch loss with Layerloom's.

usage: python3 engine/bench/parity_pytorch.py EXPORT_DIR --data cifar-10-batches-bin
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export")
    ap.add_argument("--data", required=True)
    a = ap.parse_args()
    sys.path.insert(0, a.export)
    from predict import load_model, normalize  # the export's own

    p = json.loads((Path(a.export) / "parity.json").read_text())
    raw = np.concatenate([np.fromfile(Path(a.data) / f"data_batch_{i}.bin", dtype=np.uint8).reshape(-1, 3073) for i in range(1, 6)])
    order_file = Path(a.export) / "order.u32"
    order = np.fromfile(order_file, dtype=np.uint32).astype(np.int64) if order_file.exists() else np.arange(p["steps"] * p["batchSize"])
    raw = raw[order]
    x = torch.from_numpy(normalize(raw[:, 1:].reshape(-1, 3, 32, 32)))
    y = torch.from_numpy(raw[:, 0].astype(np.int64))
    net = load_model().train()
    if p["optimizer"] == "sgd":
        opt = torch.optim.SGD(net.parameters(), lr=p["lr"], momentum=p["momentum"], nesterov=p["nesterov"], weight_decay=p["weightDecay"])
    else:
        opt = torch.optim.Adam(net.parameters(), lr=p["lr"], eps=1e-7, weight_decay=p["weightDecay"])
    worst = 0.0
    for s in range(p["steps"]):
        xb, yb = x[s * p["batchSize"]:(s + 1) * p["batchSize"]], y[s * p["batchSize"]:(s + 1) * p["batchSize"]]
        opt.zero_grad()
        loss = F.cross_entropy(net(xb), yb, label_smoothing=p["labelSmoothing"])
        loss.backward()
        opt.step()
        ours = p["losses"][s]
        worst = max(worst, abs(loss.item() - ours))
        if s < 3 or s % 100 == 99 or s == p["steps"] - 1:
            print(json.dumps({"step": s + 1, "pytorch": round(loss.item(), 6), "layerloom": round(ours, 6), "diff": round(loss.item() - ours, 7)}))
    test_acc = None
    if p.get("epochs"):
        t = np.fromfile(Path(a.data) / "test_batch.bin", dtype=np.uint8).reshape(-1, 3073)
        net.eval()
        with torch.no_grad():
            pred = net(torch.from_numpy(normalize(t[:, 1:].reshape(-1, 3, 32, 32)))).argmax(1).numpy()
        test_acc = float((pred == t[:, 0]).mean())
    print(json.dumps({"summary": True, "steps": p["steps"], "max_abs_loss_diff": worst, "test_acc_pytorch": test_acc, "test_acc_layerloom": p.get("testAcc")}))


if __name__ == "__main__":
    main()
