#!/usr/bin/env python3
"""PyTorch reference for Kiln's text benchmark: the plain training loops a PyTorch user writes.

Reads the ids the Java harness wrote (int32 rows x length, 0 = padding at the end, then float32 labels) and trains
  lstm: Embedding(vocabulary, 64, padding_idx=0) -> LSTM(64) over the packed (unpadded) sequences, last state
        -> Linear(64, 1)
  bag:  Embedding(vocabulary, 64, padding_idx=0) -> mean over the non-padding positions -> Linear(64, 1)
with Adam 1e-3 and BCEWithLogitsLoss, batch 64, shuffled each epoch; prints `samples_per_second <value>` for one
timed epoch after an untimed warm-up epoch (as the Java side does).
"""
import argparse
import os
import sys

# the same threads as Kiln's side: PyTorch's intra-op pool, and OpenMP/BLAS pools it may start besides
_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_name] = _threads

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn.utils.rnn import pack_padded_sequence  # noqa: E402

from reference import report, train_step  # noqa: E402


class Lstm(nn.Module):
    def __init__(self, vocabulary):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, 64, padding_idx=0)
        self.lstm = nn.LSTM(64, 64, batch_first=True)
        self.out = nn.Linear(64, 1)

    def forward(self, ids):
        lengths = (ids != 0).sum(1).clamp(min=1)
        packed = pack_padded_sequence(self.embedding(ids), lengths, batch_first=True, enforce_sorted=False)
        _, (h, _) = self.lstm(packed)
        return self.out(h[-1]).squeeze(1)


class Bag(nn.Module):
    def __init__(self, vocabulary):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, 64, padding_idx=0)
        self.out = nn.Linear(64, 1)

    def forward(self, ids):
        mask = (ids != 0).unsqueeze(2).float()
        mean = (self.embedding(ids) * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.out(mean).squeeze(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["lstm", "bag"], required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--length", type=int, default=64)
    parser.add_argument("--vocabulary", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    n, length = args.rows, args.length
    raw = np.fromfile(args.data, dtype=np.uint8)
    ids = torch.from_numpy(raw[: n * length * 4].view(np.int32).reshape(n, length).astype(np.int64))
    labels = torch.from_numpy(raw[n * length * 4: n * (length + 1) * 4].view(np.float32).copy())

    model = Lstm(args.vocabulary) if args.model == "lstm" else Bag(args.vocabulary)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    model.train()

    def epoch():
        order = torch.randperm(n)
        xs, ys = ids[order], labels[order]
        for start in range(0, n, args.batch):
            train_step(model, optimizer, loss_fn, xs[start:start + args.batch], ys[start:start + args.batch])

    report(epoch, n, 1)


if __name__ == "__main__":
    main()
