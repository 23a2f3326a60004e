#!/usr/bin/env bash
# Kiln in five calls: upload a dataset, define a model, start a run, wait for it, read its metrics.
# Needs only curl. Point it at another server with KILN_URL (default http://localhost:8080).
# Every call sends an API key: KILN_KEY, else the admin key Kiln wrote on its first start to admin.key in its
# data directory (KILN_DATA, default ./kiln-data next to this repository's README).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
KILN="${KILN_URL:-http://localhost:8080}"
DATA="$HERE/data"
KEY_FILE="${KILN_DATA:-$HERE/../kiln-data}/admin.key"
if [ -z "${KILN_KEY:-}" ] && [ ! -r "$KEY_FILE" ]; then
  echo "No API key: set KILN_KEY, or start Kiln once so that it writes $KEY_FILE" >&2
  exit 1
fi
AUTH="Authorization: Bearer ${KILN_KEY:-$(cat "$KEY_FILE")}"

# every Kiln resource answers with its "id" first
id_of() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d '"' -f 4; }
field_of() { grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d '"' -f 4; }

echo "1. Upload the training and test files"
TRAIN=$(curl -sS --fail-with-body -H "$AUTH" -F "file=@$DATA/iris_train.csv" -F name=iris-train "$KILN/api/v1/datasets" | id_of)
TEST=$(curl -sS --fail-with-body -H "$AUTH" -F "file=@$DATA/iris_test.csv" -F name=iris-test "$KILN/api/v1/datasets" | id_of)
echo "   datasets $TRAIN (train), $TEST (test)"

echo "2. Define a model: dense 64 relu -> dense 3 softmax"
MODEL=$(curl -sS --fail-with-body -H "$AUTH" -H 'Content-Type: application/json' "$KILN/api/v1/models" -d '{
  "name": "iris-mlp",
  "layers": [ {"type": "dense", "units": 64, "activation": "relu"},
              {"type": "dense", "units": 3, "activation": "softmax"} ] }' | id_of)
echo "   model $MODEL"

echo "3. Start a run (the task, multiclass, is inferred from the target column)"
RUN=$(curl -sS --fail-with-body -H "$AUTH" -H 'Content-Type: application/json' "$KILN/api/v1/runs" -d '{
  "datasetId": "'"$TRAIN"'", "modelId": "'"$MODEL"'", "target": "target", "testDatasetId": "'"$TEST"'",
  "hyperparameters": { "epochs": 30, "batchSize": 16, "seed": 42,
                       "optimizer": {"type": "adam", "learningRate": 0.005} } }' | id_of)
echo "   run $RUN"

echo "4. Wait for it"
for _ in $(seq 1 300); do
  STATUS=$(curl -sS --fail-with-body -H "$AUTH" "$KILN/api/v1/runs/$RUN" | field_of status)
  case "$STATUS" in
    SUCCEEDED|FAILED|CANCELLED) break ;;
  esac
  sleep 1
done
echo "   $STATUS"

echo "5. Per-epoch metrics"
curl -sS --fail-with-body -H "$AUTH" -H 'Accept: text/csv' "$KILN/api/v1/runs/$RUN/metrics"

echo "Test metrics:"
curl -sS --fail-with-body -H "$AUTH" "$KILN/api/v1/runs/$RUN" | grep -o '"test_[a-z_]*":[0-9.eE-]*' || true
[ "$STATUS" = "SUCCEEDED" ]
