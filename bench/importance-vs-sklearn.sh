#!/usr/bin/env bash
# Kiln's permutation importance against scikit-learn's permutation_importance of the same model's predictions
# (bench/python/importance_sklearn.py calls Kiln's /predict as its estimator) on a shared split and an MLP: accuracy for
# a classifier, r2 for a regression. Needs a running Kiln (KILN_URL, default http://localhost:8080; KILN_KEY or
# ./kiln-data/admin.key) and Debian's python3-sklearn and python3-pandas.
# Usage: bench/importance-vs-sklearn.sh [repeats=5] [data=breast_cancer] [target=target]
set -euo pipefail
cd "$(dirname "$0")/.."
KILN="${KILN_URL:-http://localhost:8080}"
KILN_KEY="${KILN_KEY:-$(cat "${KILN_DATA:-kiln-data}/admin.key")}"
export KILN_KEY
AUTH="Authorization: Bearer $KILN_KEY"
DATA=server/src/test/resources/data
id_of() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d '"' -f 4; }
NAME="${2:-breast_cancer}"
TARGET="${3:-target}"
TRAIN=$(curl -sS --fail-with-body -H "$AUTH" -F "file=@$DATA/${NAME}_train.csv" "$KILN/api/v1/datasets" | id_of)
TEST=$(curl -sS --fail-with-body -H "$AUTH" -F "file=@$DATA/${NAME}_test.csv" "$KILN/api/v1/datasets" | id_of)
MODEL=$(curl -sS --fail-with-body -H "$AUTH" -H 'Content-Type: application/json' "$KILN/api/v1/models" -d '{"name":
  "importance-mlp", "layers": [{"type": "dense", "units": 32, "activation": "relu"},
  {"type": "dense", "units": '"$([ "$NAME" = iris ] && echo '3, "activation": "softmax"' || { [ "$NAME" = breast_cancer ] && echo '1, "activation": "sigmoid"' || echo 1; })"'}]}' | id_of)
RUN=$(curl -sS --fail-with-body -H "$AUTH" -H 'Content-Type: application/json' "$KILN/api/v1/runs" -d "{\"datasetId\":
  \"$TRAIN\", \"modelId\": \"$MODEL\", \"target\": \"$TARGET\", \"testDatasetId\": \"$TEST\",
  \"hyperparameters\": {\"epochs\": 30, \"batchSize\": 32, \"seed\": 5}}" | id_of)
until curl -sS -H "$AUTH" "$KILN/api/v1/runs/$RUN" | grep -q '"status":"\(SUCCEEDED\|FAILED\|CANCELLED\)"'; do sleep 1; done
curl -sS --fail-with-body -H "$AUTH" -H 'Content-Type: application/json' "$KILN/api/v1/runs/$RUN/importance" \
  -d "{\"datasetId\": \"$TEST\", \"repeats\": ${1:-5}}" > /dev/null
until curl -sS -H "$AUTH" "$KILN/api/v1/runs/$RUN/importance" | grep -q '"status":"\(SUCCEEDED\|FAILED\)"'; do sleep 1; done
echo "run $RUN: $(curl -sS -H "$AUTH" "$KILN/api/v1/runs/$RUN" | grep -o '"test_[a-z0-9]*":[0-9.-]*' | tr '\n' ' ')"
/usr/bin/python3 bench/python/importance_sklearn.py "$KILN" "$RUN" "$DATA/${NAME}_test.csv" "$TARGET" "${1:-5}"
