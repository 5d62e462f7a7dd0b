#!/usr/bin/env bash
# README command 1: from a fresh clone to the running app on the built-in demo dataset.
# Extra arguments go to masklab, e.g. --screenshot demo.png.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/build.sh

# The demo dataset is generated once into the user's cache, never into the repository.
cache="${XDG_CACHE_HOME:-$HOME/.cache}/masklab"
demo="$cache/demo-v1"
if [ ! -f "$demo/train/train.csv" ]; then
    echo "MaskLab: generating the demo dataset in $demo (once)..."
    mkdir -p "$cache"
    rm -rf "$demo.partial" "$demo-truth"
    build/app/cli/masklab-cli synth "$demo.partial" --persons 180 --eval-persons 30 \
        --seed 2024 --label-noise 0.03 --truth "$demo-truth"
    mv "$demo.partial" "$demo"   # atomic: an interrupted run never leaves a half dataset
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    cat >&2 <<MSG
MaskLab: built, and the demo dataset is ready in $demo,
but there is no display to show the window on (DISPLAY and WAYLAND_DISPLAY are not set).
  - on a desktop, run this command from a terminal inside the session;
  - on a server, use a virtual display:   xvfb-run -a bash packaging/demo.sh
  - or render one screenshot and exit:    QT_QPA_PLATFORM=offscreen bash packaging/demo.sh --screenshot demo.png
MSG
    exit 2
fi
exec build/app/gui/masklab "$@" "$demo"
