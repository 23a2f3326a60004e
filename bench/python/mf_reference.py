#!/usr/bin/env python3
"""References for Kiln's recommendation tests and benchmark, on the committed MovieLens subset (or the whole
ml-latest-small with --data), same splits as the tests:

  explicit: rows with index % 5 == 0 are the test set (a 20% split spread over users); global mean, damped
            user+item biases (Koren's baseline, lambda_item 25, lambda_user 10) and a PyTorch MF with biases of the
            same size as Kiln's (Adam, MSE on standardised ratings, per-batch L2 on the rows a batch touches, biases included, as Kiln's matrixFactorization applies it)
  implicit: each user's latest interaction by timestamp held out (ties: the later row); most-popular and a PyTorch
            MF trained with BCE against uniformly sampled negatives; hitRate@10 and ndcg@10 over all items with the
            user's training items excluded

Usage: /usr/bin/python3 bench/python/mf_reference.py [--data path] [--seed 1] [--epochs 20]
"""
import argparse
import math
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402


def load(path):
    rows = np.genfromtxt(path, delimiter=",", skip_header=1)
    return rows[:, 0].astype(int), rows[:, 1].astype(int), rows[:, 2], rows[:, 3]


def index(values, train_mask):
    known = np.unique(values[train_mask])
    lookup = {v: i for i, v in enumerate(known)}
    return np.array([lookup.get(v, -1) for v in values]), len(known)


class MF(nn.Module):
    def __init__(self, users, items, factors):
        super().__init__()
        # ids shifted by one, 0 unknown (as Kiln's embeddings read them), uniform(-0.05, 0.05) as Keras starts them
        self.u = nn.Embedding(users + 1, factors, padding_idx=0)
        self.i = nn.Embedding(items + 1, factors, padding_idx=0)
        self.ub = nn.Embedding(users + 1, 1, padding_idx=0)
        self.ib = nn.Embedding(items + 1, 1, padding_idx=0)
        for e in (self.u, self.i, self.ub, self.ib):
            nn.init.uniform_(e.weight, -0.05, 0.05)
            with torch.no_grad():
                e.weight[0].zero_()

    def forward(self, u, i):
        pu, qi = self.u(u), self.i(i)
        bu, bi = self.ub(u), self.ib(i)
        return (pu * qi).sum(1) + bu.squeeze(1) + bi.squeeze(1), (pu, qi, bu, bi)


def train_mf(model, users, items, targets, epochs, batch, lr, l2, loss_kind, seed, negatives=None):
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr, eps=1e-7)
    for _ in range(epochs):
        u, i, y = users, items, targets
        if negatives is not None:
            u, i, y = negatives()
        order = torch.randperm(len(u))
        for start in range(0, len(u), batch):
            idx = order[start:start + batch]
            out, looked_up = model(u[idx], i[idx])
            if loss_kind == "mse":
                loss = ((out - y[idx]) ** 2).mean()
            else:
                loss = nn.functional.binary_cross_entropy_with_logits(out, y[idx])
            if l2 > 0:
                loss = loss + l2 * sum((v ** 2).sum() for v in looked_up) / len(idx)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model


def explicit(args):
    user, item, rating, _ = load(args.data)
    test = np.arange(len(user)) % 5 == 0
    train = ~test
    mu = rating[train].mean()
    rmse = lambda p: math.sqrt(np.mean((p - rating[test]) ** 2))  # noqa: E731
    print("explicit: %d train, %d test ratings" % (train.sum(), test.sum()))
    print("global mean rmse %.4f" % rmse(np.full(test.sum(), mu)))
    bi, bu = {}, {}
    for it in np.unique(item[train]):
        m = train & (item == it)
        bi[it] = (rating[m] - mu).sum() / (25 + m.sum())
    for us in np.unique(user[train]):
        m = train & (user == us)
        bu[us] = (rating[m] - mu - np.array([bi[i] for i in item[m]])).sum() / (10 + m.sum())
    pred = np.array([mu + bu.get(u, 0) + bi.get(i, 0) for u, i in zip(user[test], item[test])])
    print("damped user+item bias rmse %.4f" % rmse(pred))
    ui, nu = index(user, train)
    ii, ni = index(item, train)
    std = rating[train].std()
    y = torch.tensor((rating - mu) / std, dtype=torch.float32)
    U = torch.tensor(ui + 1)
    I = torch.tensor(ii + 1)
    tr = torch.tensor(train)
    for seed in range(1, args.seeds + 1):
        model = train_mf(MF(nu, ni, args.factors), U[tr], I[tr], y[tr], args.epochs, args.batch, args.lr, args.l2,
                         "mse", seed)
        with torch.no_grad():
            out = model(U[~tr], I[~tr])[0].numpy() * std + mu
        out = np.clip(out, rating[train].min(), rating[train].max())
        print("pytorch MF (factors %d, epochs %d, batch %d, lr %g, l2 %g) seed %d rmse %.4f"
              % (args.factors, args.epochs, args.batch, args.lr, args.l2, seed, rmse(out)))


def implicit(args):
    user, item, _, time = load(args.data)
    held = np.zeros(len(user), dtype=bool)
    for us in np.unique(user):
        rows = np.where(user == us)[0]
        if len(rows) < 2:
            continue
        latest = rows[0]
        for r in rows:
            if time[r] >= time[latest]:
                latest = r
        held[latest] = True
    train = ~held
    ui, nu = index(user, train)
    ii, ni = index(item, train)
    seen = [set() for _ in range(nu)]
    for u, i in zip(ui[train], ii[train]):
        seen[u].add(i)
    pop = np.bincount(ii[train], minlength=ni)
    tests = [(u, i) for u, i in zip(ui[held], ii[held]) if u >= 0 and i >= 0 and i not in seen[u]]

    def metrics(score_fn, k=10):
        hits, ndcg = 0.0, 0.0
        for u, i in tests:
            s = score_fn(u).astype(np.float64).copy()
            s[list(seen[u])] = -np.inf
            top = sorted(range(ni), key=lambda j: (-s[j], j))[:k]
            if i in top:
                hits += 1
                ndcg += 1 / math.log2(top.index(i) + 2)
        return hits / len(tests), ndcg / len(tests)

    print("implicit: %d train interactions, %d held-out users" % (train.sum(), len(tests)))
    print("most popular hitRate@10 %.4f ndcg@10 %.4f" % metrics(lambda u: pop.astype(float)))
    U = torch.tensor(ui[train] + 1)
    I = torch.tensor(ii[train] + 1)
    for seed in range(1, args.seeds + 1):
        rng = np.random.default_rng(seed)

        def sample():
            us, its, ys = [U], [I], [torch.ones(len(U))]
            for _ in range(args.negatives):
                neg = []
                for u in ui[train]:
                    j = rng.integers(ni)
                    while j in seen[u]:
                        j = rng.integers(ni)
                    neg.append(j + 1)
                us.append(U)
                its.append(torch.tensor(neg))
                ys.append(torch.zeros(len(U)))
            return torch.cat(us), torch.cat(its), torch.cat(ys)

        model = train_mf(MF(nu, ni, args.factors), None, None, None, args.epochs, args.batch, args.lr, args.l2,
                         "bce", seed, negatives=sample)
        with torch.no_grad():
            every = torch.arange(1, ni + 1)
            scores = lambda u: model(torch.full((ni,), u + 1), every)[0].numpy()  # noqa: E731
            print("pytorch MF bce (negatives %d) seed %d hitRate@10 %.4f ndcg@10 %.4f"
                  % ((args.negatives, seed) + metrics(scores)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="server/src/test/resources/data/ratings/ratings.csv")
    parser.add_argument("--factors", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--l2", type=float, default=0.0)
    parser.add_argument("--negatives", type=int, default=4)
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--only", choices=["explicit", "implicit"])
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.only != "implicit":
        explicit(args)
    if args.only != "explicit":
        implicit(args)


if __name__ == "__main__":
    sys.exit(main())
