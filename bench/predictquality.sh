#!/usr/bin/env bash
# Eval macro F1 of one fold's model against the K-fold ensemble, with and without flip TTA.
#   masklab-cli synth /tmp/q300 --persons 300 --eval-persons 60 --seed 11
#   bash bench/predictquality.sh /tmp/q300 /tmp/q300-truth /tmp/predictquality [EPOCHS]
# Trains the K folds of the default config (via find-errors, which keeps them as fold-1..K),
# then predicts the eval set with each fold alone, with the ensemble of all folds, and with the
# ensemble plus flip TTA, and scores each against <truth>/eval_truth.csv.
set -euo pipefail
dataset=${1:?dataset}; truth=${2:?truth folder}; out=${3:?output folder}; epochs=${4:-12}
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
cp "$root/build/app/cli/masklab-cli" "$root/resources/train-default.yaml" "$out/"
cli="$out/masklab-cli"
/usr/bin/time -f "folds trained in %e s" "$cli" find-errors --config "$out/train-default.yaml" \
    --set data.dataset="$dataset" --set data.workspace="$out/ws" --set train.epochs="$epochs" \
    --out "$out/suspects.csv" >"$out/folds.log" 2>&1
tail -1 "$out/folds.log"
job=$(ls -d "$out"/ws/finder/*/ | head -1)
predict() { # name, predict options...
    local name=$1; shift
    /usr/bin/time -f "$name: %e s" "$cli" predict "$@" --eval "$dataset" --out "$out/$name.csv" \
        >"$out/$name.log" 2>&1
    tail -1 "$out/$name.log"
}
subs=()
for fold in "$job"fold-*; do
    name=$(basename "$fold")
    predict "$name" --run "$fold"; subs+=("$out/$name.csv")
    predict "$name-tta" --run "$fold" --tta hflip; subs+=("$out/$name-tta.csv")
done
predict ensemble --run "$job"; subs+=("$out/ensemble.csv")
predict ensemble-tta --run "$job" --tta hflip; subs+=("$out/ensemble-tta.csv")
/usr/bin/python3 "$root/bench/python/submission_f1.py" "$truth/eval_truth.csv" "${subs[@]}" |
    tee "$out/f1.txt"
