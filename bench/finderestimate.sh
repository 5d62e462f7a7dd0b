#!/usr/bin/env bash
# The error finder's time before it starts against the time it takes (bench/finderestimate.cpp),
# on a 300-person set, with the Quick setting (12 epochs per fold) of the default config:
#   masklab-cli synth /tmp/ds300 --persons 300 --eval-persons 30 --label-noise 0.05 --seed 7
#   bash bench/finderestimate.sh /tmp/ds300 /tmp/finderestimate
# 1. 2 folds in a fresh workspace (the plan times 4 batches then and there),
# 2. 5 folds in another fresh workspace,
# 3. 2 folds of 11 epochs in the first workspace (the plan takes the pace of its folds).
# Takes about 30 minutes on 2 cores; run it on an otherwise idle machine.
set -euo pipefail
dataset=${1:?dataset}; out=${2:?output folder}
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
cp "$root/build/bench/finderestimate" "$root/resources/train-default.yaml" "$out/"
cd "$out"
./finderestimate train-default.yaml "$dataset" "$out/ws-a" 2 12 | tee summary.txt
./finderestimate train-default.yaml "$dataset" "$out/ws-b" 5 12 | tee -a summary.txt
./finderestimate train-default.yaml "$dataset" "$out/ws-a" 2 11 | tee -a summary.txt
