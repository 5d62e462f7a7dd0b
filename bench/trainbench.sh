#!/usr/bin/env bash
# The trainer against the Python baseline, side by side in one run (issue 5's benchmarks):
#   bash bench/trainbench.sh DATASET [EVAL_DATASET]
# DATASET: a dataset to train on (e.g. masklab-cli synth /tmp/b100 --persons 100);
# EVAL_DATASET: one with a 12,600-image eval set for the predict memory figure (optional).
# Needs a build (packaging/build.sh) and Debian's python3-torch/torchvision (deps.sh --tests).
set -euo pipefail
cd "$(dirname "$0")/.."
dataset=$1
eval_dataset=${2:-}
bench=build/bench/trainbench
cli=build/app/cli/masklab-cli
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bench" list "$dataset" "$work/train.csv"
echo "== (1) data pipeline: images/s, one augmented epoch"
for size in 96x128 224x224; do
    for workers in 1 2; do
        "$bench" loader "$dataset" "$size" "$workers"
        "$python" bench/python/baseline.py loader "$work/train.csv" "$size" "$workers"
    done
done
echo "== (2, 3) one training epoch, ResNet-18 at 96x128, batch 32"
"$bench" epoch "$dataset" 96x128 2
"$python" bench/python/baseline.py epoch "$work/train.csv" 96x128 2
"$python" bench/python/baseline.py epoch "$work/train.csv" 96x128 0
echo "== (4) peak memory (maximum resident set size)"
peak() { /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>&1; tail -1 "$work/rss"; }
kb=$(peak "$cli" train --config resources/train-default.yaml --set "data.dataset=$dataset" \
    --set train.epochs=1 --run "$work/run")
echo "masklab train (default config, 1 epoch): $((kb / 1024)) MB"
if [ -n "$eval_dataset" ]; then
    kb=$(peak "$cli" predict --run "$work/run" --eval "$eval_dataset" --out "$work/submission.csv")
    echo "masklab predict $(($(wc -l < "$work/submission.csv") - 1)) images: $((kb / 1024)) MB"
fi
