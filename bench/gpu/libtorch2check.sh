#!/usr/bin/env bash
# Does the trainer compile against LibTorch 2.x? Debian 12 ships LibTorch 1.13; a GPU server's
# PyTorch is 2.x. This takes the headers of Debian 13's LibTorch 2.6 and of sid's 2.14 (apt-get
# download with a private package list, unpacked into bench/gpu/libtorch2/, git-ignored; nothing
# is installed) and compiles every file that includes LibTorch (the trainer's and the tests
# that use its insides), as build/compile_commands.json
# compiles it, with those headers instead (syntax only: there is no 2.x library to link here).
# 2.14 needs C++20 (CMakeLists.txt switches to it for LibTorch 2.14 on).
#   bash bench/gpu/libtorch2check.sh [BUILD_DIR] [NAME...]   (default build/; NAMEs: only the
#                                                           files whose names hold one)
# Prints one line per file and version; exits 1 if any failed. ncclcollectives.cpp under
# tests/cudastub needs CUDA's own headers from 2.x on, so it is left to the GPU machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
shift || true
store=$here/libtorch2
mkdir -p "$store/lists/partial" "$store/cache/archives/partial"
printf 'deb http://deb.debian.org/debian trixie main\ndeb http://deb.debian.org/debian sid main\n' \
    >"$store/sources.list"
apt=(-o "Dir::Etc::SourceList=$store/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$store/lists" -o "Dir::Cache=$store/cache")
apt-get "${apt[@]}" update -qq
status=0
for suite in trixie sid; do
    version=$(apt-cache "${apt[@]}" madison libtorch-dev | awk -v s="$suite/" '$0 ~ s { print $3; exit }')
    gloo=$(apt-cache "${apt[@]}" madison libgloo-dev | awk -v s="$suite/" '$0 ~ s { print $3; exit }')
    headers=$store/$version
    if [ ! -d "$headers/usr/include/torch" ]; then
        (cd "$store" && apt-get "${apt[@]}" download "libtorch-dev=$version" "libgloo-dev=$gloo" 2>&1 |
            grep -v '^W: Download is performed unsandboxed' || true)
        for deb in "$store"/libtorch-dev_*.deb "$store"/libgloo-dev_*.deb; do
            dpkg -x "$deb" "$headers"
        done
        rm -f "$store"/*.deb
    fi
    major=${version%%.*}
    minor=$(echo "$version" | cut -d. -f2)
    standard=c++17
    if [ "$major" -gt 2 ] || { [ "$major" -eq 2 ] && [ "$minor" -ge 14 ]; }; then
        standard=c++20
    fi
    echo "== LibTorch $version ($suite), -std=$standard"
    python3 - "$build/compile_commands.json" "$headers/usr/include" "$standard" "$@" <<'PYTHON' || status=1
import json, os, shlex, subprocess, sys
commands, include, standard = sys.argv[1:4]
names = sys.argv[4:]
failed = 0
for entry in json.load(open(commands)):
    source = entry["file"]
    if "/usr/include/torch/csrc/api/include" not in entry["command"] \
            or "nccl_compile_check" in entry["command"] or source.endswith("cmake_pch.hxx.cxx") \
            or (names and not any(n in os.path.basename(source) for n in names)):
        continue
    args, skip = [], False
    words = shlex.split(entry["command"])
    for i, word in enumerate(words):
        if skip:
            skip = False
        elif word in ("-o", "-include"):
            skip = True
        elif word == "-c" or word == "-Winvalid-pch":
            pass
        elif word == "-isystem" and words[i + 1] == "/usr/include/torch/csrc/api/include":
            args += ["-isystem", include + "/torch/csrc/api/include", "-isystem", include]
            skip = True
        else:
            args.append(word.replace("-std=c++17", "-std=" + standard))
    if "/core/trainer/" in source:  # these include LibTorch through the precompiled header
        args += ["-include", os.path.join(os.path.dirname(source), "torchapi.h")]
    args += ["-fsyntax-only", source]
    result = subprocess.run(args, cwd=entry["directory"], capture_output=True, text=True)
    print(("ok    " if result.returncode == 0 else "FAILED") + " " + os.path.basename(source),
          flush=True)
    if result.returncode:
        failed += 1
        print("\n".join(l for l in result.stderr.splitlines() if "error" in l)[:2000])
sys.exit(1 if failed else 0)
PYTHON
done
exit $status
