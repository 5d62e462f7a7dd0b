#!/usr/bin/env bash
# A sweep with successive halving against the same grid without it, side by side in one run
# (issue 29): total time, the best validation macro F1 each finds, and the queue's overhead
# between runs (wall time not spent inside a training session, per child process).
#   bash bench/sweepbench.sh DATASET [EPOCHS] [WIDTHxHEIGHT]
# DATASET: e.g. masklab-cli synth /tmp/s200 --persons 200, or a real-face set
# (bench/realfaces.sh). The grid: 4 learning rates (log-spaced) x 2 widths of the small CNN, the
# default recipe otherwise; the halving keeps the best third at epochs EPOCHS/5 and EPOCHS/2.
# Needs a build (packaging/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
dataset=$(realpath "$1")
epochs=${2:-10}
size=${3:-72x96}
cli=$(realpath build/app/cli/masklab-cli)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

write_sweep() { # name, early_stop block
    cat > "$work/$1.yaml" <<EOF
name: $1
set:
  data.dataset: $dataset
  data.workspace: $work/ws
  data.input_width: ${size%x*}
  data.input_height: ${size#*x}
  train.epochs: $epochs
parameters:
  optimizer.lr: {low: 0.0003, high: 0.01, count: 4, log: true}
  model.width: [16, 32]
$2
EOF
}
r1=$((epochs / 5 > 0 ? epochs / 5 : 1))
r2=$((epochs / 2 > r1 ? epochs / 2 : r1 + 1))
write_sweep grid ""
write_sweep asha "early_stop: {rungs: [$r1, $r2], keep: 0.33}"

run_sweep() { # name -> prints "seconds"
    local start end
    start=$(date +%s.%N)
    "$cli" sweep --sweep "$work/$1.yaml" > "$work/$1.log" 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
summary() { # name, wall seconds
    python3 - "$work/ws" "$1" "$2" "$work/$1.log" <<'EOF'
import json, sys, pathlib
ws, name, wall, log = pathlib.Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
state = json.loads((ws / "sweeps" / name / "state.json").read_text())
trained = sum(json.loads((ws / "runs" / p["run"] / "status.json").read_text()).get("seconds", 0)
              for p in state["points"])
epochs = sum(p["epochs_done"] for p in state["points"])
stretches = open(log).read().count("training to epoch")
best = max(state["points"], key=lambda p: p["best_macro_f1"] if p["state"] == "finished" else -1)
print(f"{name}: {wall:.0f} s wall, {epochs} epochs trained in {stretches} child processes; "
      f"best {best['run']} ({best['values']}) validation macro F1 {best['best_macro_f1']:.4f}; "
      f"overhead {(wall - trained) / max(1, stretches):.1f} s per child process "
      f"({wall - trained:.0f} s of the wall time outside training sessions)")
EOF
}
echo "dataset $dataset, $epochs epochs at $size, grid of 8 points; halving at epochs $r1, $r2"
echo "$(nproc) cores, $(date -u +%Y-%m-%d)"
"$cli" sweep --sweep "$work/asha.yaml" --plan | tail -1
grid=$(run_sweep grid)
summary grid "$grid"
asha=$(run_sweep asha)
summary asha "$asha"
echo "asha / grid wall time: $(echo "scale=2; $asha / $grid" | bc)"
