#!/bin/bash
# bash bench/embeddingmap.sh RUN NAME [--no-tsne]
# The embeddings map on a trained run's dataset, side by side with its reference, in one run:
# time and peak memory to embed every train + eval photo and to lay out the map (masklab-cli
# embed, from nothing, then again from the workspace's stored vectors), the map's neighbourhood
# preservation against scikit-learn's t-SNE on the same features (bench/python/map_quality.py),
# and the Map tab's frame time while panning all the points (mapframes). Writes
# bench/results/embeddingmap-NAME.txt. Needs build/ (cmake --build build) and python3-sklearn.
set -euo pipefail
run=$1 name=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
cli=$here/build/app/cli/masklab-cli
work=$(mktemp -d /tmp/embeddingmap-XXXXXX)
out=$here/bench/results/embeddingmap-$name.txt
mkdir -p "$here/bench/results"
{
    echo "# embeddingmap $name: run $run, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
    echo "## embed + map, nothing stored (masklab-cli embed --eval --map)"
    # exit 1 (photos that do not decode, listed) still wrote the files
    { /usr/bin/time -f "wall %e s, peak memory %M KB" "$cli" embed --run "$run" --eval \
        --workspace "$work/ws" --out "$work/emb.npy" --map "$work/map.csv" 2>&1 || true; } |
        grep -v "^Embedding\|^Laying\|^Principal\|^Finding"
    echo "## again, the vectors stored in the workspace"
    /usr/bin/time -f "wall %e s, peak memory %M KB" "$cli" embed --run "$run" --eval \
        --workspace "$work/ws" --map "$work/map2.csv" 2>&1 |
        grep -v "^Embedding\|^Laying\|^Principal\|^Finding"
    echo "## neighbourhood preservation"
    /usr/bin/python3 "$here/bench/python/map_quality.py" "$work/emb.npy" "$work/map.csv" "$@"
    echo "## frame time"
    QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$here/build/bench/mapframes" "$work/map.csv"
} | tee "$out"
echo "work folder: $work (emb.npy, map.csv)"
