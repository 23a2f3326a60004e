#!/usr/bin/env python3
"""PyTorch reference for Kiln's recommendation benchmark: the plain training loop a PyTorch user writes for matrix
factorization with biases (as Kiln's matrixFactorization expands: user and item embeddings of `factors`, their dot
product plus a user and an item bias, ids shifted by one with 0 for unknown), Adam 1e-3, MSE on standardised
ratings, shuffled batches; prints `samples_per_second <value>` for one timed epoch after an untimed warm-up epoch.

Reads what the Java harness wrote: int32 user ids, int32 item ids (0-based), float32 standardised ratings.
"""
import argparse
import os
import sys

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_name] = _threads

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from reference import report, train_step  # noqa: E402


class MF(nn.Module):
    def __init__(self, users, items, factors):
        super().__init__()
        self.u = nn.Embedding(users + 1, factors, padding_idx=0)
        self.i = nn.Embedding(items + 1, factors, padding_idx=0)
        self.ub = nn.Embedding(users + 1, 1, padding_idx=0)
        self.ib = nn.Embedding(items + 1, 1, padding_idx=0)

    def forward(self, ids):
        u, i = ids[:, 0], ids[:, 1]
        return (self.u(u) * self.i(i)).sum(1) + self.ub(u).squeeze(1) + self.ib(i).squeeze(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--factors", type=int, default=32)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    n = args.rows
    raw = np.fromfile(args.data, dtype=np.uint8)
    users = raw[: n * 4].view(np.int32).astype(np.int64) + 1
    items = raw[n * 4: n * 8].view(np.int32).astype(np.int64) + 1
    ratings = torch.from_numpy(raw[n * 8: n * 12].view(np.float32).copy())
    ids = torch.from_numpy(np.stack([users, items], axis=1))

    model = MF(args.users, args.items, args.factors)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    model.train()

    def epoch():
        order = torch.randperm(n)
        xs, ys = ids[order], ratings[order]
        for start in range(0, n, args.batch):
            train_step(model, optimizer, loss_fn, xs[start:start + args.batch], ys[start:start + args.batch])

    report(epoch, n, 1)


if __name__ == "__main__":
    main()
