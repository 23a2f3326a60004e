#!/usr/bin/env bash
# Kiln's text classifiers through the service, per seed, on the committed Reuters grain split: the multi-hot + dense
# and the embedding + LSTM models of the text tests (same preprocessing and hyperparameters), test accuracy per seed;
# compare with bench/python/text_reference.py (scikit-learn TF-IDF + logistic regression, PyTorch per seed).
# Needs a running Kiln (./mvnw spring-boot:run) and curl. Usage: bench/text-seeds.sh [seeds="1 2 3 4 5"]
# (KILN_URL, default http://localhost:8080; KILN_KEY, else kiln-data/admin.key)
set -euo pipefail
cd "$(dirname "$0")/.."
KILN="${KILN_URL:-http://localhost:8080}"
AUTH="Authorization: Bearer ${KILN_KEY:-$(cat kiln-data/admin.key)}"
DATA=server/src/test/resources/data
id_of() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d '"' -f 4; }
post() { curl -sS --fail-with-body -H "$AUTH" -H 'Content-Type: application/json' "$KILN/api/v1/$1" -d "$2"; }

TRAIN=$(curl -sS --fail-with-body -H "$AUTH" -F "file=@$DATA/reuters_grain_train.csv" "$KILN/api/v1/datasets" | id_of)
TEST=$(curl -sS --fail-with-body -H "$AUTH" -F "file=@$DATA/reuters_grain_test.csv" "$KILN/api/v1/datasets" | id_of)
DENSE=$(post models '{"name": "bag-of-words", "layers": [{"type": "dense", "units": 32, "activation": "relu"},
  {"type": "dropout", "rate": 0.5}, {"type": "dense", "units": 1, "activation": "sigmoid"}]}' | id_of)
LSTM=$(post models "$(cat examples/models/text-lstm.json)" | id_of)

accuracy() {  # run id → test accuracy once finished
  while :; do
    local run; run=$(curl -sS -H "$AUTH" "$KILN/api/v1/runs/$1")
    case "$run" in
      *'"status":"SUCCEEDED"'*) echo "$run" | grep -o '"test_accuracy":[0-9.]*' | cut -d: -f2; return ;;
      *'"status":"FAILED"'*|*'"status":"CANCELLED"'*) echo "$run" | grep -o '"error":"[^"]*"'; return ;;
    esac
    sleep 1
  done
}

for seed in ${1:-1 2 3 4 5}; do
  dense=$(post runs '{"datasetId": "'"$TRAIN"'", "modelId": "'"$DENSE"'", "target": "topic", "testDatasetId": "'"$TEST"'",
    "preprocessing": {"columns": {"text": {"encode": "text", "maxTokens": 10000}}},
    "hyperparameters": {"epochs": 10, "batchSize": 32, "seed": '"$seed"', "validationSplit": 0.0}}' | id_of)
  lstm=$(post runs '{"datasetId": "'"$TRAIN"'", "modelId": "'"$LSTM"'", "target": "topic", "testDatasetId": "'"$TEST"'",
    "preprocessing": {"columns": {"text": {"encode": "text", "outputMode": "int", "maxTokens": 5000, "outputSequenceLength": 128}}},
    "hyperparameters": {"epochs": 12, "batchSize": 32, "seed": '"$seed"', "validationSplit": 0.0,
                        "optimizer": {"type": "adam", "learningRate": 0.003}}}' | id_of)
  echo "seed $seed: multiHot + dense $(accuracy "$dense"), embedding + LSTM $(accuracy "$lstm")"
done
