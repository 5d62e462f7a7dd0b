#!/usr/bin/env bash
# Distributed data parallelism against threads on this machine (issue 17's measurement):
#   bash bench/distbench.sh DATASET [ARCH...]
# For each architecture, one epoch two ways with the same global batch (32) and the same cores:
#   threads: one process, train.threads 2 (LibTorch's intra-op threads), batch 32
#   ranks:   masklab-cli train --nproc 2 (Gloo on loopback), train.threads 1 each, batch 16 each
# and, from the ranks' run, the gradient bytes all-reduced per step and the all-reduce's share of
# the training time (the trainer's "gradients all-reduced" line).
# DATASET: e.g. masklab-cli synth /tmp/b120 --persons 120 --size 192x256.
set -euo pipefail
cd "$(dirname "$0")/.."
dataset=$1
shift
archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(small_cnn resnet18 mobilenet_v3_large efficientnet_b0 resnet50)
cli=build/app/cli/masklab-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Training images/s and the epoch's training seconds from a run's metrics.jsonl.
speed() {
    /usr/bin/python3 - "$1/metrics.jsonl" <<'PY'
import json, sys
e = [json.loads(line) for line in open(sys.argv[1])][0]
print(f'{e["images_per_s"]:.1f}')
PY
}

common=(--config resources/train-default.yaml --set "data.dataset=$dataset"
    --set data.input_width=96 --set data.input_height=128 --set train.epochs=1)
printf '%-20s %14s %14s %8s %12s %14s\n' architecture "threads img/s" "ranks img/s" speedup \
    "MB per step" "all-reduce %"
for arch in "${archs[@]}"; do
    "$cli" train "${common[@]}" --set "model.architecture=$arch" --set train.threads=2 \
        --set train.workers=2 --set train.batch_size=32 --run "$work/$arch-threads" \
        >/dev/null 2>&1
    "$cli" train "${common[@]}" --set "model.architecture=$arch" --set train.threads=1 \
        --set train.workers=1 --set train.batch_size=16 --run "$work/$arch-ranks" --nproc 2 \
        >/dev/null 2>"$work/$arch-ranks.err"
    threads=$(speed "$work/$arch-threads")
    ranks=$(speed "$work/$arch-ranks")
    # "epoch 1: gradients all-reduced in 2 buckets, 46.79 MB per step; 3.1 s of the epoch's
    # 60.2 s of training (5.1%)"
    line=$(tr '\r' '\n' <"$work/$arch-ranks.err" | grep "gradients all-reduced" | tail -1)
    mb=$(sed -E 's/.* ([0-9.]+) MB per step.*/\1/' <<<"$line")
    share=$(sed -E 's/.*\(([0-9.]+)%\).*/\1/' <<<"$line")
    printf '%-20s %14s %14s %8s %12s %14s\n' "$arch" "$threads" "$ranks" \
        "$(awk -v a="$ranks" -v b="$threads" 'BEGIN { printf "%.2f", a / b }')" "$mb" "$share"
done
echo "(one epoch, 96x128, global batch 32; img/s: training images per second over the epoch)"
