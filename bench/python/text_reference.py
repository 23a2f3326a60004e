#!/usr/bin/env python3
"""Reference accuracies on Kiln's committed text set (Reuters grain: server/src/test/resources/data), same split.

  majority:  always the training set's most frequent class
  sklearn:   TfidfVectorizer + LogisticRegression (C=1, lbfgs), the issue's reference
  torch:     the two models Kiln's tests train, written in PyTorch with the same vectorization (Keras's
             TextVectorization: lower case, punctuation stripped, whitespace split, most frequent tokens first) and
             hyperparameters, per seed:
             multihot: multi-hot (maxTokens 10000) -> dense 32 relu -> dropout 0.5 -> dense 1; 10 epochs, batch 32,
                       Adam 1e-3
             lstm:     ids (maxTokens 5000, length 128) -> embedding 32 (padding 0) -> LSTM 32 over the unpadded
                       positions -> dense 1; 12 epochs, batch 32, Adam 3e-3
Run: /usr/bin/python3 bench/python/text_reference.py [seeds=1,2,3,4,5]   (Debian's python3-sklearn, python3-torch)
"""
import re
import string
import sys
from collections import Counter

import numpy as np
import pandas as pd
import torch
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

DATA = "server/src/test/resources/data/reuters_grain_%s.csv"
PUNCTUATION = re.compile("[%s]" % re.escape(string.punctuation))


def tokens(text):
    return PUNCTUATION.sub("", text.lower()).split()


def vocabulary(texts, max_tokens, reserved):
    counts = Counter(t for text in texts for t in tokens(text))
    ordered = sorted(counts.items(), key=lambda e: (-e[1], e[0]))[: max_tokens - reserved]
    return {t: i for i, (t, _) in enumerate(ordered)}


def multi_hot(texts, index):
    x = np.zeros((len(texts), len(index) + 1), dtype=np.float32)
    for r, text in enumerate(texts):
        for t in tokens(text):
            x[r, index[t] + 1 if t in index else 0] = 1
    return torch.from_numpy(x)


def ids(texts, index, length):
    x = np.zeros((len(texts), length), dtype=np.int64)
    for r, text in enumerate(texts):
        for i, t in enumerate(tokens(text)[:length]):
            x[r, i] = index[t] + 2 if t in index else 1
    return torch.from_numpy(x)


class Lstm(nn.Module):
    def __init__(self, vocabulary_size):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary_size, 32, padding_idx=0)
        self.lstm = nn.LSTM(32, 32, batch_first=True)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        lengths = (x != 0).sum(1).clamp(min=1)
        _, (h, _) = self.lstm(pack_padded_sequence(self.embedding(x), lengths, batch_first=True,
                                                   enforce_sorted=False))
        return self.out(h[-1]).squeeze(1)


def fit(model, x, y, x_test, y_test, epochs, lr, seed):
    torch.manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, eps=1e-7)
    loss_fn = nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(y))
        for start in range(0, len(y), 32):
            batch = order[start:start + 32]
            loss = loss_fn(model(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        return ((model(x_test) > 0).float() == y_test).float().mean().item()


def main():
    seeds = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "1,2,3,4,5").split(",")]
    train, test = pd.read_csv(DATA % "train"), pd.read_csv(DATA % "test")
    majority = train.topic.value_counts().idxmax()
    print(f"majority ({majority}): {(test.topic == majority).mean():.4f}")
    tfidf = TfidfVectorizer()
    lr = LogisticRegression(C=1.0, max_iter=1000).fit(tfidf.fit_transform(train.text), train.topic)
    print(f"sklearn TF-IDF + logistic regression (C=1): {lr.score(tfidf.transform(test.text), test.topic):.4f}")

    y, y_test = [torch.tensor((d.topic == "grain").values, dtype=torch.float32) for d in (train, test)]
    hot_index = vocabulary(train.text, 10000, 1)
    x_hot, x_hot_test = multi_hot(train.text, hot_index), multi_hot(test.text, hot_index)
    id_index = vocabulary(train.text, 5000, 2)
    x_ids, x_ids_test = ids(train.text, id_index, 128), ids(test.text, id_index, 128)
    torch.set_num_threads(1)
    for seed in seeds:
        torch.manual_seed(seed)
        dense = nn.Sequential(nn.Linear(x_hot.shape[1], 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 1),
                              nn.Flatten(0))
        hot = fit(dense, x_hot, y, x_hot_test, y_test, 10, 1e-3, seed)
        torch.manual_seed(seed)
        lstm = fit(Lstm(len(id_index) + 2), x_ids, y, x_ids_test, y_test, 12, 3e-3, seed)
        print(f"seed {seed}: torch multiHot + dense {hot:.4f}, torch embedding + LSTM {lstm:.4f}")


if __name__ == "__main__":
    main()
