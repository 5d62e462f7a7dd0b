#!/usr/bin/env bash
# Run on a Debian 12 machine that builds MaskLab (packaging/deps.sh): downloads into
# bench/gpu/debs/ (git-ignored; it travels with the checkout to the GPU server) the Debian
# packages that masklab-cli needs and a bare CUDA server lacks: Qt 6 Core, Network and Test,
# OpenCV's core, imgproc and flann (not imgcodecs: photos are read with libjpeg and libpng
# there, core/base/photocodec.h), yaml-cpp, libjpeg, libpng, Gloo's headers, the headers and
# CMake files of each, and every library they load but the C and C++ runtimes, which the
# server has (newer). The list is worked out from the libraries' own dependencies here, not
# kept by hand. Prints what it took and its size; refuses more than LIMIT MiB (default 40: the
# whole checkout that travels may be 64 MiB).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
limit=${LIMIT:-40}
multiarch=/usr/lib/x86_64-linux-gnu
libraries=(libQt6Core.so.6 libQt6Network.so.6 libQt6Test.so.6 libopencv_core.so.406
    libopencv_imgproc.so.406 libopencv_flann.so.406 libyaml-cpp.so.0.7 libjpeg.so.62
    libpng16.so.16)
development=(qt6-base-dev qt6-base-dev-tools qmake6 qmake6-bin libopencv-core-dev libopencv-imgproc-dev
    libopencv-flann-dev libyaml-cpp-dev libjpeg62-turbo-dev libpng-dev zlib1g-dev libgloo-dev)
# The server's own: its C library, compiler runtime (libtorch needs its newer libstdc++) and zlib.
server_has=(libc6 libgcc-s1 libstdc++6 libgomp1 zlib1g)

# The package that holds a library (Debian 12 registers some under /lib, some under /usr/lib).
package_of() {
    local real owner
    real=$(readlink -f "$1")
    owner=$({ dpkg -S "$real" || dpkg -S "${real#/usr}" || dpkg -S "$1"; } 2>/dev/null | head -1 |
        cut -d: -f1)
    if [ -z "$owner" ]; then
        echo "bench/gpu/packages.sh: no Debian package holds $1 (is MaskLab's build set up here?)" >&2
        return 1
    fi
    echo "$owner"
}

packages=("${development[@]}")
for library in "${libraries[@]}"; do
    packages+=("$(package_of "$multiarch/$library")")
    while read -r loaded; do
        packages+=("$(package_of "$loaded")")
    done < <(ldd "$multiarch/$library" | awk '$3 ~ /^\// { print $3 }')
done
# moc, which the build runs, loads only what libQt6Core loads.
wanted=$(printf '%s\n' "${packages[@]}" | sort -u | grep -v -x -F -f <(printf '%s\n' "${server_has[@]}"))

rm -rf "$here/debs"
mkdir -p "$here/debs"
(cd "$here/debs" && apt-get download $wanted >"$here/debs/download.log" 2>&1) || {
    cat "$here/debs/download.log" >&2
    echo "bench/gpu/packages.sh: apt-get download failed" >&2
    exit 1
}
rm "$here/debs/download.log"
count=$(ls "$here/debs"/*.deb | wc -l)
size=$(du -sm "$here/debs" | cut -f1)
echo "bench/gpu/debs: $count packages, $size MiB:"
echo "$wanted" | tr '\n' ' '
echo
if [ "$size" -gt "$limit" ]; then
    echo "bench/gpu/packages.sh: $size MiB is over the $limit MiB that may travel" >&2
    exit 1
fi
