#!/usr/bin/env bash
# bf16 autocast against fp32, and channels-last against contiguous memory, on this CPU, side by
# side in one run, for MaskLab and for PyTorch:
#   [ARCHS="small_cnn ..."] bash bench/precisionbench.sh DATASET [EPOCHS] [FORMATS]
# For small_cnn, resnet18 and mobilenet_v3_large (or ARCHS) at 96x128, batch 32, 2 threads, single head:
# MaskLab trains EPOCHS (default 3) epochs in fp32 and in bf16, in each memory format of FORMATS
# (default "contiguous channels_last"; masklab-cli train, the same seed) and reports the last
# epoch's training images/s and the best validation macro F1; then Python's torch.autocast does
# one epoch of the same model on the same photos (bench/python/precision_epoch.py). Writes
# bench/results/precisionbench-<dataset>.txt.
# Needs build/ (packaging/build.sh) and Debian's python3-torch/torchvision.
set -euo pipefail
cd "$(dirname "$0")/.."
dataset=$1
epochs=${2:-3}
formats=${3:-contiguous channels_last}
cli=build/app/cli/masklab-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=bench/results/precisionbench-$(basename "$dataset")${ARCHS:+-$(tr ' ' - <<<"$ARCHS")}.txt
build/bench/trainbench list "$dataset" "$work/train.csv" >/dev/null
{
    echo "# precisionbench $(basename "$dataset"), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores," \
        "$(grep -o -m1 'avx512_bf16\|amx_bf16' /proc/cpuinfo || echo 'no native bf16')"
    for arch in ${ARCHS:-small_cnn resnet18 mobilenet_v3_large}; do
        for precision in fp32 bf16; do
            for format in $formats; do
                run=$work/$arch-$precision-$format
                "$cli" train --config resources/train-default.yaml --set "data.dataset=$dataset" \
                    --set "model.architecture=$arch" --set model.head=single \
                    --set "train.precision=$precision" --set "train.memory_format=$format" \
                    --set "train.epochs=$epochs" --set train.threads=2 --run "$run" >/dev/null 2>&1
                awk -F, -v a="$arch" -v p="$precision" -v f="$format" \
                    'NR > 1 { last = $10; if ($4 > best) best = $4 }
                    END { printf "masklab %-19s %s %-13s: %6.1f images/s (last epoch), best val " \
                          "macro F1 %.3f\n", a, p, f, last, best }' "$run/metrics.csv"
            done
        done
        for precision in fp32 bf16; do
            for format in $formats; do
                (cd bench/python && /usr/bin/python3 precision_epoch.py "$work/train.csv" 96x128 2 \
                    "$arch" "$precision" "$format")
            done
        done
    done
} | tee "$out"
