#!/usr/bin/env bash
# The label-error finder on a real-face set with planted errors (issue 27):
#   /usr/bin/python3 ../shared/tools/realfaces.py UTK_DIR /tmp/r300n --persons 300 \
#       --eval-persons 60 --seed 2 --label-noise 0.05
#   bash bench/realfacesfinder.sh /tmp/r300n NAME [--folds K] [--set key=value ...] [--from DIR]
# Runs find-errors with resources/train-default.yaml and the overrides in a fresh workspace,
# scores the list against <set>-truth/label_noise.csv (per kind precision@N, recall@2N, the
# reliability of the scores, and how many planted gender and age errors the folds' models dispute
# at all: bench/python/finder_ceiling.py) and appends the figures, wall and CPU minutes and peak
# memory to bench/results/realfacesfinder_<set name>.txt, the precision-recall curve to
# bench/results/realfacesfinder_pr_<set name>.csv. The work folder (with the folds' out-of-fold
# probabilities) stays in /tmp/realfaces-bench/. --from DIR starts from an earlier work folder's
# workspace: its folds are reused (same config and labels), so only the scoring runs again.
set -euo pipefail
set_dir=${1:?real-face set folder}; name=${2:?a name for this setting}; shift 2
root="$(cd "$(dirname "$0")/.." && pwd)"
args=()
from=""
while [ $# -gt 0 ]; do
    case "$1" in
    --folds) args+=(--folds "$2"); shift 2 ;;
    --set) args+=(--set "$2"); shift 2 ;;
    --from) from="$2"; shift 2 ;;
    *) echo "realfacesfinder.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
set_name=$(basename "$set_dir")
work="/tmp/realfaces-bench/finder-$set_name-$name"
rm -rf "$work"; mkdir -p "$work"
if [ -n "${from:-}" ]; then cp -r "$from/ws" "$work/ws"; fi
cp "$root/build/app/cli/masklab-cli" "$root/resources/train-default.yaml" "$work/"
/usr/bin/time -f "%e %U %S %M" -o "$work/finder.time" "$work/masklab-cli" find-errors \
    --config "$work/train-default.yaml" --set data.dataset="$set_dir" \
    --set data.workspace="$work/ws" "${args[@]}" --no-duplicates --out "$work/suspects.csv" \
    >"$work/finder.log" 2>&1
read -r wall user system kb <"$work/finder.time"
results="$root/bench/results"
mkdir -p "$results"
{
    printf '== %s  (%s)  %.1f min wall  %.1f min CPU  %d MB peak  %s listed\n' "$name" \
        "${args[*]:-defaults}" "$(echo "$wall / 60" | bc -l)" \
        "$(echo "($user + $system) / 60" | bc -l)" "$((kb / 1024))" \
        "$(($(wc -l <"$work/suspects.csv") - 1))"
    /usr/bin/python3 "$root/bench/python/finder_eval.py" "$work/suspects.csv" "$set_dir-truth" \
        --pr "$results/realfacesfinder_pr_$set_name.csv" --label "$name" --reliability \
        --estimate "$(ls -t "$work"/ws/finder/*/estimate.json | head -1)"
    /usr/bin/python3 "$root/bench/python/finder_ceiling.py" \
        "$(ls -t "$work"/ws/finder/*/oof.csv | head -1)" "$set_dir-truth"
} | tee -a "$results/realfacesfinder_$set_name.txt"
