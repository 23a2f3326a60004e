#!/usr/bin/env python3
"""scikit-learn's permutation_importance of a Kiln run's own predictions, beside Kiln's importance job.

The estimator below predicts by calling the running Kiln service (POST /api/v1/runs/{id}/predict), so both sides
shuffle columns of the same rows and score the same model; only the random permutations differ (NumPy's against
java.util.Random). Prints both rankings and whether their top three agree.

    KILN_KEY=... python3 bench/python/importance_sklearn.py http://localhost:8080 RUN_ID data/test.csv target [repeats]

The Kiln job must exist for the same dataset (POST /api/v1/runs/{id}/importance {"datasetId": ..., "repeats": 5});
its latest SUCCEEDED result is read from GET /api/v1/runs/{id}/importance.
"""
import json
import os
import sys
import urllib.request

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.inspection import permutation_importance


def call(url, body=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if os.environ.get("KILN_KEY"):
        headers["Authorization"] = "Bearer " + os.environ["KILN_KEY"]
    request = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def kiln_predict(base, run, X):
    rows = [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in X.to_dict("records")]
    predictions = []
    for start in range(0, len(rows), 1000):
        predictions += call(f"{base}/api/v1/runs/{run}/predict", {"rows": rows[start:start + 1000]})["predictions"]
    return predictions


class KilnClassifier(ClassifierMixin, BaseEstimator):
    def __init__(self, base="", run=""):
        self.base = base
        self.run = run

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.array([p["label"] for p in kiln_predict(self.base, self.run, X)])


class KilnRegressor(RegressorMixin, BaseEstimator):
    def __init__(self, base="", run=""):
        self.base = base
        self.run = run

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.array([p["value"] for p in kiln_predict(self.base, self.run, X)])


def main():
    base, run, path, target = sys.argv[1:5]
    repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    frame = pd.read_csv(path)
    regression = call(f"{base}/api/v1/runs/{run}")["task"] == "regression"
    if regression:
        y = frame.pop(target)
        model = KilnRegressor(base, run).fit(frame, y)
    else:
        y = frame.pop(target).astype(str).str.replace(r"\.0$", "", regex=True)
        model = KilnClassifier(base, run).fit(frame, y)
    result = permutation_importance(model, frame, y, scoring="r2" if regression else "accuracy", n_repeats=repeats,
                                    random_state=0)
    ours = sorted(zip(frame.columns, result.importances_mean, result.importances_std), key=lambda c: -c[1])
    kiln = call(f"{base}/api/v1/runs/{run}/importance")["result"]["columns"]
    print(f"{'scikit-learn':>40} {'mean':>8} {'std':>7}   {'Kiln':>40} {'mean':>8} {'std':>7}")
    for (name, mean, std), k in zip(ours[:10], kiln[:10]):
        print(f"{name:>40} {mean:8.4f} {std:7.4f}   {k['column']:>40} {k['mean']:8.4f} {k['std']:7.4f}")
    top_sklearn = {c[0] for c in ours[:3]}
    top_kiln = {c["column"] for c in kiln[:3]}
    print("top three agree" if top_sklearn == top_kiln else f"top three differ: {sorted(top_sklearn)} vs "
          f"{sorted(top_kiln)}")


if __name__ == "__main__":
    main()
