#!/usr/bin/env bash
# The GPU proof, in one command of under ten minutes on a bare CUDA server that has CMake, a C++
# compiler and a Python PyTorch (whose LibTorch MaskLab builds against), but no Qt, OpenCV or
# yaml-cpp (they come from bench/gpu/debs/: run packages.sh on the CPU machine first).
#   bash bench/gpu/proof.sh OUT_DIR
# Builds (build.sh), runs the trainer's and predictor's tests (tst_gpu trains and predicts on the
# GPU in fp32, bf16 and fp16 and compares with the CPU), trains the default config and
# MobileNetV3-Large on a generated set on the GPU in each precision, predicts its eval set,
# trains the same models in PyTorch (torch_epoch.py: same batch, input size and memory format,
# the model alone in the other format too), trains one rank per GPU through NCCL (a group of
# one on one GPU), and writes OUT_DIR/report.md with the figures (plus three logs).
# Where there is no GPU, DEVICE=cpu PRECISIONS="fp32 bf16" PERSONS=40 BUILD=DIR (a build.sh
# build to use) tries the script itself out, small (MODELS="small_cnn 96x128 32" for one model).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mkdir -p "${1:-$root/gpu-proof}" && cd "${1:-$root/gpu-proof}" && pwd)
work=${WORK:-/tmp/masklab-gpu}
build=${BUILD:-$work/build}
device=${DEVICE:-cuda}
precisions=${PRECISIONS:-fp32 bf16 fp16}
persons=${PERSONS:-600}
python=${PYTHON:-python3}
report=$out/report.md
rm -rf "$work" && mkdir -p "$work"
cd "$root"
say() { echo "$*" | tee -a "$report"; }
# One step: its output to a log in OUT_DIR, its exit status and seconds into the report.
step() {
    local log=$1 name=$2
    shift 2
    local start=$SECONDS
    echo "== $name" >>"$out/$log"
    timeout "${STEP_LIMIT:-300}" "$@" >>"$out/$log" 2>&1
    local rc=$?
    # Inside the table the lines wait in held.txt, said after it.
    if [ -n "${holding:-}" ]; then
        echo "- $name: exit $rc, $((SECONDS - start)) s" >>"$work/held.txt"
    else
        say "- $name: exit $rc, $((SECONDS - start)) s"
    fi
    return $rc
}
# Peak memory used on the GPU (nvidia-smi, MiB) while a command runs: every process's context
# included, the same measure for MaskLab and PyTorch.
peak_during() {
    local samples=$work/memory.txt
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 100 >"$samples" 2>/dev/null &
    local sampler=$!
    "$@"
    local rc=$?
    kill $sampler 2>/dev/null
    wait $sampler 2>/dev/null
    peak=$(sort -n "$samples" | tail -1)
    return $rc
}

: >"$report"
say "# MaskLab GPU proof, $(date -u +%Y-%m-%dT%H:%MZ)"
say ""
say "- GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -1)"
say "- $("$python" -c 'import torch; print("PyTorch", torch.__version__, "CUDA", torch.version.cuda, "cxx11 ABI", torch._C._GLIBCXX_USE_CXX11_ABI)' 2>&1 | tail -1)"
say "- $(c++ --version | head -1); $(cmake --version | head -1); $(nproc) cores"
say ""
say "## Build and tests"
if [ -z "${BUILD:-}" ]; then
    STEP_LIMIT=360 step build.log "build (bench/gpu/build.sh)" bash "$here/build.sh" "$build" || {
        tail -40 "$out/build.log" | tee -a "$report"
        exit 1
    }
fi
cli=$build/app/cli/masklab-cli
export LD_LIBRARY_PATH=$here/prefix/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
step tests.log "ctest (tst_gpu, tst_precision, tst_lossscaler, tst_memoryformat, tst_trainer, tst_models, tst_photocodec)" \
    ctest --test-dir "$build" --output-on-failure -j 6 --timeout 240
grep -h "tests passed" "$out/tests.log" | sed 's/^/    /' | tee -a "$report"
step tests.log "tst_gpu again, for its figures" "$build/tests/tst_gpu"
grep -h "^PASS\|^FAIL\|^SKIP\|differ by" "$out/tests.log" | grep -v "^PASS.*TestCase()" |
    sed 's/^/    /' | tee -a "$report"

say ""
say "## Training on the GPU: MaskLab against PyTorch (whole epochs, loader included)"
step runs.log "synth: $persons + $((persons / 6)) eval generated persons" \
    "$cli" synth "$work/data" --persons "$persons" --eval-persons $((persons / 6)) --seed 3
say ""
say "| model | input, batch | precision, memory format | MaskLab images/s | MaskLab GPU peak MiB | PyTorch images/s (model alone) | PyTorch GPU peak MiB | PyTorch model alone in the other format | MaskLab val F1 |"
say "|---|---|---|---|---|---|---|---|---|"
IFS=';' read -ra models <<<"${MODELS:-small_cnn 96x128 32;mobilenet_v3_large 192x256 64}"
holding=1
for model in "${models[@]}"; do
    read -r arch size batch <<<"$model"
    width=${size%x*} height=${size#*x}
    for precision in $precisions; do
        run=$work/runs/$arch-$precision
        peak_during step runs.log "masklab $arch $precision" "$cli" train \
            --config resources/train-default.yaml --set "data.dataset=$work/data" \
            --set "model.architecture=$arch" --set model.head=single \
            --set "data.input_width=$width" --set "data.input_height=$height" \
            --set "train.batch_size=$batch" --set "train.device=$device" \
            --set "train.precision=$precision" --set train.epochs=3 --set train.workers=12 \
            --run "$run"
        masklab_peak=$peak
        masklab=$(awk -F, 'NR > 1 { last = $10; if ($4 > best) best = $4 } END { printf "%.0f %.3f", last, best }' \
            "$run/metrics.csv" 2>/dev/null)
        # PyTorch in the memory format MaskLab's auto chose (the device line says channels-last).
        format=contiguous
        grep -q '"device": *"[^"]*channels-last' "$run/status.json" 2>/dev/null && format=channels_last
        peak_during step runs.log "pytorch $arch $precision" "$python" "$here/torch_epoch.py" \
            "$work/data" "$arch" "$precision" "$size" "$batch" 12 "$device" "$format"
        torch_peak=$peak
        line=$(grep "^pytorch .* $arch $precision " "$out/runs.log" | tail -1)
        torch=$(sed -E 's/.*: ([0-9]+) images\/s per epoch, ([0-9]+) images\/s model alone.*/\1 (\2)/' <<<"$line")
        other=$(sed -E 's/.*, ([0-9]+ images\/s) model alone in ([a-z_]+)$/\1 in \2/' <<<"$line")
        say "| $arch | $size, $batch | $precision, $format | ${masklab% *} | $masklab_peak | $torch | $torch_peak | $other | ${masklab#* } |"
    done
done
holding=
say ""
cat "$work/held.txt" >>"$report"
say ""
say "Device lines: $(grep -h -o 'training on [^;]*' "$out/runs.log" | sort -u | tr '\n' ';')"
grep -h "fp16 loss scale" "$out/runs.log" | sort -u | head -4 | sed 's/^/    /' | tee -a "$report"

say ""
say "## Prediction on the GPU"
for run in "$work"/runs/*; do # every run that trained
    [ -f "$run/best.pt" ] || continue
    step runs.log "predict the eval set with $(basename "$run")" "$cli" predict --run "$run" \
        --eval "$work/data" --out "$work/submission-$(basename "$run").csv"
done

say ""
say "## Ranks through NCCL"
# A rank per GPU; with one GPU, --nproc 1 and a named backend put the one rank in a process
# group of its own (NCCL refuses two ranks on one GPU), so NCCL's set-up and all-reduce run.
# The GPUs this process may use (CUDA_VISIBLE_DEVICES counts; nvidia-smi -L would not).
gpus=$("$python" -c 'import torch; print(torch.cuda.device_count())' 2>/dev/null || echo 0)
if [ "$gpus" -ge 1 ]; then
    step runs.log "masklab-cli train --nproc $gpus, NCCL, 1 epoch" env MASKLAB_DIST_BACKEND=nccl \
        "$cli" train --config resources/train-default.yaml --set "data.dataset=$work/data" \
        --set "train.device=$device" --set train.epochs=1 --nproc "$gpus" --run "$work/runs/nccl"
    say "- status.json: $(grep -o '"backend": *"[a-z]*"' "$work/runs/nccl/status.json" 2>/dev/null || echo 'no backend recorded')"
else
    say "- not run: no GPU here"
fi
grep -h -i "nccl" "$out/runs.log" | sort -u | head -5 | sed 's/^/    /' | tee -a "$report"
say ""
say "Total: $SECONDS s"
