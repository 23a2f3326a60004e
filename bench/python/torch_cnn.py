#!/usr/bin/env python3
"""PyTorch reference for Kiln's Fashion-MNIST CNN benchmark: the plain training loop a PyTorch user writes.

Reads the images the Java harness wrote (uint8, n x 28 x 28, then n uint8 labels), trains
conv2d 32 3x3 relu -> maxpool 2 -> conv2d 64 3x3 relu -> maxpool 2 -> flatten -> dense 128 relu -> dropout 0.5
-> dense 10 with Adam 1e-3 and CrossEntropyLoss, converting each batch to floats in [0, 1] as it goes, and prints
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
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    raw = np.fromfile(args.data, dtype=np.uint8)
    n = args.rows
    images = torch.from_numpy(raw[: n * 784].reshape(n, 1, 28, 28).copy())
    labels = torch.from_numpy(raw[n * 784: n * 785].astype(np.int64))

    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    model.train()

    def epoch():
        order = torch.randperm(n)
        xs, ys = images[order], labels[order]
        for start in range(0, n, args.batch):
            x = xs[start:start + args.batch].float().div_(255)
            train_step(model, optimizer, loss_fn, x, ys[start:start + args.batch])

    report(epoch, n, args.epochs)


if __name__ == "__main__":
    main()
