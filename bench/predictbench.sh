#!/usr/bin/env bash
# Predicting a large eval set: one run and an ensemble of three, with and without flip TTA,
# against the decode-only rate (the batch loader alone) and the model's compute-only rate on
# batches in memory; wall time and peak memory of each masklab-cli predict.
#   masklab-cli synth /tmp/p2700 --persons 60 --eval-persons 1800 --seed 4
#   bash bench/predictbench.sh /tmp/p2700 /tmp/predictbench
# (1,800 eval persons = 12,600 eval images, as a 2,700-person competition set has.) The three
# runs are the default config trained for one epoch on the small train set: their weights do
# not change the speed.
set -euo pipefail
dataset=${1:?dataset}; out=${2:?output folder}
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
cp "$root/build/app/cli/masklab-cli" "$root/build/bench/predictbench" \
    "$root/resources/train-default.yaml" "$out/"
cli="$out/masklab-cli"
for seed in 1 2 3; do
    [ -f "$out/run$seed/best.pt" ] || "$cli" train --config "$out/train-default.yaml" \
        --set data.dataset="$dataset" --set train.epochs=1 --set train.seed=$seed \
        --run "$out/run$seed" >"$out/train$seed.log" 2>&1
done
: >"$out/summary.txt"
"$out/predictbench" decode "$out/run1" "$dataset" | tee -a "$out/summary.txt"
"$out/predictbench" compute "$out/run1" | tee -a "$out/summary.txt"
"$out/predictbench" compute "$out/run1" 1 | tee -a "$out/summary.txt"
images=$(($(wc -l <"$dataset/eval/info.csv") - 1))
predict() { # label, options...
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$out/$label.time" "$cli" predict "$@" --eval "$dataset" \
        --out "$out/$label.csv" >"$out/$label.log" 2>&1
    read -r seconds kb <"$out/$label.time"
    printf '%-16s %6.0f s  %5.0f images/s  %5d MB peak\n' "$label" "$seconds" \
        "$(echo "$images / $seconds" | bc -l)" "$((kb / 1024))" | tee -a "$out/summary.txt"
}
predict one-run --run "$out/run1"
predict one-run-tta --run "$out/run1" --tta hflip
predict ensemble-3 --run "$out/run1" --run "$out/run2" --run "$out/run3"
predict ensemble-3-tta --run "$out/run1" --run "$out/run2" --run "$out/run3" --tta hflip
