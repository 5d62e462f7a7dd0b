#!/usr/bin/env bash
# The backbones side by side on one dataset and this machine's CPU (issue 16's measurement):
#   bash bench/backbonebench.sh DATASET [EPOCHS]
# For each architecture: a short run of its preset-like recipe from random weights (ImageNet
# files cannot be reached from the build machines), its best validation macro F1, F1 per
# minute of training, training images/s, then predict images/s on DATASET's eval set.
# DATASET: e.g. masklab-cli synth /tmp/b300 --persons 300 --eval-persons 60.
set -euo pipefail
cd "$(dirname "$0")/.."
dataset=$1
epochs=${2:-3}
cli=build/app/cli/masklab-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# architecture, input size (width x height, the face box's 3:4), batch size
runs=(
    "small_cnn 96 128 32"
    "resnet18 144 192 32"
    "mobilenet_v3_large 144 192 32"
    "efficientnet_b0 144 192 32"
    "efficientnet_b3 144 192 16"
)
printf '%-20s %-8s %6s %9s %10s %12s %12s\n' architecture size epochs "best F1" "F1/min" "train img/s" "predict img/s"
for run in "${runs[@]}"; do
    read -r arch width height batch <<<"$run"
    dir="$work/$arch"
    "$cli" train --config resources/train-default.yaml --set "data.dataset=$dataset" \
        --set "model.architecture=$arch" --set "data.input_width=$width" \
        --set "data.input_height=$height" --set "train.batch_size=$batch" \
        --set "train.epochs=$epochs" --set "optimizer.lr=0.001" --run "$dir" >/dev/null 2>&1
    # metrics.jsonl: one object per epoch with val_macro_f1, seconds, images_per_s.
    read -r best minutes speed < <(/usr/bin/python3 - "$dir/metrics.jsonl" <<'PY'
import json, sys
epochs = [json.loads(line) for line in open(sys.argv[1])]
best = max(e["val_macro_f1"] for e in epochs)
minutes = sum(e["seconds"] for e in epochs) / 60
speed = sum(e["images_per_s"] for e in epochs) / len(epochs)
print(f"{best:.4f} {minutes:.2f} {speed:.1f}")
PY
)
    start=$(date +%s%N)
    "$cli" predict --run "$dir" --eval "$dataset" --out "$work/$arch.csv" >/dev/null 2>&1
    images=$(($(wc -l <"$work/$arch.csv") - 1))
    predict=$(awk -v n="$images" -v ns="$(($(date +%s%N) - start))" 'BEGIN { printf "%.1f", n / (ns / 1e9) }')
    f1min=$(awk -v f="$best" -v m="$minutes" 'BEGIN { printf "%.3f", f / m }')
    printf '%-20s %-8s %6s %9s %10s %12s %12s\n' "$arch" "${width}x$height" "$epochs" "$best" \
        "$f1min" "$speed" "$predict"
done
echo "(predict img/s includes loading the model and decoding; one process, all cores)"
