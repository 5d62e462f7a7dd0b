#!/usr/bin/env bash
# Builds masklab-cli and the trainer's tests against the packages in bench/gpu/debs/
# (packages.sh) and a LibTorch that is already there: on a GPU server, the one inside its Python
# PyTorch (torch.utils.cmake_prefix_path); elsewhere TORCH_PREFIX, or Debian's. Nothing is
# installed: the packages are unpacked with dpkg -x into bench/gpu/prefix/.
#   bash bench/gpu/build.sh [BUILD_DIR]       (default build-gpu/, git-ignored)
# Prints where each dependency was found, so a run can show that the prefix, not the system,
# provided them. Needs cmake, a C++ compiler and dpkg (ninja if present).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build-gpu}
prefix=$here/prefix
ls "$here"/debs/*.deb >/dev/null 2>&1 || { echo "no bench/gpu/debs: run packages.sh first" >&2; exit 1; }
rm -rf "$prefix"
for deb in "$here"/debs/*.deb; do
    dpkg -x "$deb" "$prefix"
done
lib=$prefix/usr/lib/x86_64-linux-gnu
# moc runs during the build and loads Qt from the prefix.
export LD_LIBRARY_PATH=$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
python=${PYTHON:-python3}
torch=${TORCH_PREFIX:-$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null || true)}
if [ -z "$torch" ] || [ ! -d "$torch" ]; then
    if command -v nvidia-smi >/dev/null; then # a GPU server must build against its CUDA LibTorch
        echo "bench/gpu/build.sh: $python has no PyTorch to build against; set PYTHON or TORCH_PREFIX" >&2
        exit 1
    fi
    torch=/usr/lib/x86_64-linux-gnu/cmake # Debian's libtorch-dev
fi
echo "LibTorch: $torch"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$root" -B "$build" ${generator[@]+"${generator[@]}"} -DCMAKE_BUILD_TYPE=Release \
    -DMASKLAB_CLI_ONLY=ON -DMASKLAB_OPENCV_CODECS=OFF -DMASKLAB_BUILD_BENCH=OFF \
    -DCMAKE_DISABLE_FIND_PACKAGE_OpenCV=ON \
    -DCMAKE_PREFIX_PATH="$prefix/usr;$torch" \
    -DCMAKE_CXX_FLAGS="-isystem $prefix/usr/include/x86_64-linux-gnu" \
    -DCMAKE_BUILD_RPATH="$lib"
grep -E '^(Qt6Core_DIR|Qt6Network_DIR|yaml-cpp_DIR|OpenCV_core_LIBRARY|OpenCV_INCLUDE_DIRS|JPEG_LIBRARY_RELEASE|JPEG_INCLUDE_DIR|PNG_LIBRARY_RELEASE|PNG_PNG_INCLUDE_DIR|GLOO_INCLUDE_DIR|Torch_DIR):' \
    "$build/CMakeCache.txt" | sed 's/:[A-Z]*=/ = /'
cmake --build "$build" -j "$(nproc)"
