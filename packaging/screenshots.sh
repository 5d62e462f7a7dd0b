#!/usr/bin/env bash
# The screenshots of the AppStream metadata (resources/screenshots), taken by the app itself
# (masklab --screenshot) on the demo dataset, offscreen. Run after packaging/demo.sh made it.
set -euo pipefail
cd "$(dirname "$0")/.."
demo="${XDG_CACHE_HOME:-$HOME/.cache}/masklab/demo-v1"
out=resources/screenshots
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$demo" "$work/demo" # the run folder goes next to the dataset, not into the cache
build/app/gui/masklab --screenshot "$out/browser.png" --tab browser "$work/demo"
build/app/gui/masklab --screenshot "$out/eda.png" --tab eda "$work/demo"
printf 'train: {epochs: 4, run_name: screenshot}\n' >"$work/train.yaml"
build/app/gui/masklab --screenshot "$out/training.png" --train "$work/train.yaml" --delay 40 "$work/demo"
