#!/usr/bin/env bash
# One training recipe on a real-face set, scored on its eval set (issue 27):
#   /usr/bin/python3 ../shared/tools/realfaces.py UTK_DIR /tmp/r600 --persons 600 --eval-persons 150 --seed 1
#   bash bench/realfaces.sh /tmp/r600 NAME [--config FILE] [--set key=value ...]
# Trains the config (resources/train-default.yaml unless --config) with the --set overrides on
# <set>/train, predicts <set>/eval with the best checkpoint, scores it against
# <set>-truth/eval_truth.csv and appends one line to bench/results/realfaces_<set name>.txt:
# the name, eval macro F1 and per-head F1, best validation macro F1, wall and CPU minutes, peak
# memory, and the overrides. The faces stay outside the project; only the figures are kept.
set -euo pipefail
set_dir=${1:?real-face set folder}; name=${2:?a name for this recipe}; shift 2
root="$(cd "$(dirname "$0")/.." && pwd)"
config="$root/resources/train-default.yaml"
overrides=()
while [ $# -gt 0 ]; do
    case "$1" in
    --config) config=$2; shift 2 ;;
    --set) overrides+=(--set "$2"); shift 2 ;;
    *) echo "realfaces.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
work="/tmp/realfaces-bench/$(basename "$set_dir")-$name"
rm -rf "$work"; mkdir -p "$work"
# A copy of the binary, so a rebuild during the run changes nothing.
cp "$root/build/app/cli/masklab-cli" "$config" "$work/"
cli="$work/masklab-cli"
/usr/bin/time -f "%e %U %S %M" -o "$work/train.time" "$cli" train --config "$work/$(basename "$config")" \
    --set data.dataset="$set_dir" --set data.workspace="$work/ws" "${overrides[@]}" \
    --run "$work/run" >"$work/train.log" 2>&1
"$cli" predict --run "$work/run" --eval "$set_dir" --out "$work/submission.csv" >"$work/predict.log" 2>&1
read -r wall user system kb <"$work/train.time"
scores=$(/usr/bin/python3 "$root/bench/python/submission_f1.py" "$set_dir-truth/eval_truth.csv" \
    "$work/submission.csv" | sed "s|  $work/submission.csv||")
best=$(/usr/bin/python3 -c "
import json, sys
best = max((json.loads(l).get('val_macro_f1', 0) for l in open(sys.argv[1]) if l.strip()), default=0)
print(f'{best:.4f}')" "$work/run/metrics.jsonl")
line=$(printf '%-22s eval %s  val best %s  %5.1f min wall %5.1f min CPU  %5d MB  %s' "$name" \
    "$scores" "$best" "$(echo "$wall / 60" | bc -l)" "$(echo "($user + $system) / 60" | bc -l)" \
    "$((kb / 1024))" "${overrides[*]:-}")
mkdir -p "$root/bench/results"
echo "$line" | tee -a "$root/bench/results/realfaces_$(basename "$set_dir").txt"
