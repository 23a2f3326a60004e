#!/usr/bin/env python3
"""PyTorch reference for Kiln's MLP benchmark: the plain training loop a PyTorch user writes.

Reads the benchmark data that the Java harness wrote (float32 little-endian features, then labels),
trains dense 64 relu -> dropout 0.5 -> dense 1 with Adam 1e-3 and BCEWithLogitsLoss, and prints one line:
`samples_per_second <value>` for the timed epochs (after one untimed warm-up epoch, as the Java side does).
"""
import argparse

import numpy as np
import torch
from torch import nn

from reference import report, train_step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    raw = np.fromfile(args.data, dtype="<f4")
    x = torch.from_numpy(raw[: args.rows * args.width].reshape(args.rows, args.width).copy())
    y = torch.from_numpy(raw[args.rows * args.width:].reshape(args.rows, 1).copy())

    model = nn.Sequential(nn.Linear(args.width, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    model.train()

    def epoch():
        order = torch.randperm(args.rows)
        xs, ys = x[order], y[order]
        for start in range(0, args.rows, args.batch):
            train_step(model, optimizer, loss_fn, xs[start:start + args.batch], ys[start:start + args.batch])

    report(epoch, args.rows, args.epochs)


if __name__ == "__main__":
    main()
