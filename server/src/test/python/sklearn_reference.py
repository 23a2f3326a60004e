#!/usr/bin/env python3
"""Prints the scikit-learn values that MetricsTest pins (run with Debian's python3-sklearn 1.2.1).

The inputs are fixed here and copied into the test verbatim; rerun after changing them.
"""
import numpy as np
from sklearn import metrics as m

# binary: labels and probabilities of class 1 (ties included: 0.4 twice, 0.8 twice)
y = np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0])
p = np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.65, 0.8, 0.2, 0.05])
pred = (p > 0.5).astype(int)
print("binary accuracy", repr(m.accuracy_score(y, pred)))
print("binary precision", repr(m.precision_score(y, pred)))
print("binary recall", repr(m.recall_score(y, pred)))
print("binary f1", repr(m.f1_score(y, pred)))
print("binary auc", repr(m.roc_auc_score(y, p)))

# degenerate binary: all predictions equal; and nothing predicted positive
print("constant auc", repr(m.roc_auc_score(y, np.full(10, 0.3))))
print("no positive precision", repr(m.precision_score(y, np.zeros(10, dtype=int), zero_division=0)))
print("no positive f1", repr(m.f1_score(y, np.zeros(10, dtype=int), zero_division=0)))

# multiclass: 3 classes, probabilities per row
yc = np.array([0, 1, 2, 2, 1, 0, 2, 1, 0, 2, 1, 1])
pc = np.array([
    [0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3],
    [0.5, 0.3, 0.2], [0.6, 0.1, 0.3], [0.1, 0.1, 0.8], [0.2, 0.5, 0.3],
    [0.3, 0.3, 0.4], [0.25, 0.45, 0.3], [0.15, 0.45, 0.4], [0.05, 0.9, 0.05]])
predc = pc.argmax(axis=1)
print("multi accuracy", repr(m.accuracy_score(yc, predc)))
for avg in ["macro", "weighted", "micro"]:
    print("multi precision", avg, repr(m.precision_score(yc, predc, average=avg, zero_division=0)))
    print("multi recall", avg, repr(m.recall_score(yc, predc, average=avg, zero_division=0)))
    print("multi f1", avg, repr(m.f1_score(yc, predc, average=avg, zero_division=0)))
print("multi auc ovr macro", repr(m.roc_auc_score(yc, pc, multi_class="ovr", average="macro")))
print("multi top2", repr(m.top_k_accuracy_score(yc, pc, k=2)))
print("multi confusion", m.confusion_matrix(yc, predc).tolist())
print("multi per-class precision", m.precision_score(yc, predc, average=None, zero_division=0).tolist())
print("multi per-class recall", m.recall_score(yc, predc, average=None, zero_division=0).tolist())
print("multi per-class f1", m.f1_score(yc, predc, average=None, zero_division=0).tolist())

# regression
yt = np.array([3.0, -0.5, 2.0, 7.0, 4.2])
yp = np.array([2.5, 0.0, 2.0, 8.0, 3.9])
print("reg mse", repr(m.mean_squared_error(yt, yp)))
print("reg mae", repr(m.mean_absolute_error(yt, yp)))
print("reg rmse", repr(m.mean_squared_error(yt, yp, squared=False)))
print("reg r2", repr(m.r2_score(yt, yp)))
print("reg r2 constant truth", repr(m.r2_score([2.0, 2.0, 2.0], [2.0, 2.5, 1.0])))
print("reg r2 constant perfect", repr(m.r2_score([2.0, 2.0, 2.0], [2.0, 2.0, 2.0])))
