#!/usr/bin/env bash
# CI's check of the Debian package: contents and Depends, the validators (desktop-file-validate,
# appstreamcli, lintian), then install it as a user would, run the installed programs, purge.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(bash packaging/build-deb.sh | tail -1)
echo "MaskLab: checking $deb ($(du -h "$deb" | cut -f1))"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

contents=$(dpkg-deb --contents "$deb" | awk '{print $6}')
for path in ./usr/bin/masklab ./usr/bin/masklab-cli ./usr/share/applications/masklab.desktop \
    ./usr/share/metainfo/io.github.masklab.masklab.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/masklab.svg \
    ./usr/share/icons/hicolor/48x48/apps/masklab.png \
    ./usr/share/man/man1/masklab.1.gz ./usr/share/man/man1/masklab-cli.1.gz \
    ./usr/share/bash-completion/completions/masklab-cli ./usr/share/masklab/train-default.yaml \
    ./usr/share/doc/masklab/copyright ./usr/share/doc/masklab/changelog.gz; do
    grep -qx -- "$path" <<<"$contents" || { echo "MaskLab: $deb lacks $path" >&2; exit 1; }
done
depends=$(dpkg-deb --field "$deb" Depends)
for library in libqt6widgets6 libqt6network6 libtorch libopencv-core libyaml-cpp qt6-qpa-plugins; do
    grep -q "$library" <<<"$depends" || { echo "MaskLab: Depends lacks $library: $depends" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb --extract "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/masklab.desktop"
appstreamcli validate --no-net --explain "$work/root/usr/share/metainfo/"*.metainfo.xml
lintian --fail-on error,warning "$deb"

# Installing and purging would replace a masklab the user installed: then only the above runs.
if dpkg-query -W -f='${Status}' masklab 2>/dev/null | grep -q "install ok installed"; then
    echo "MaskLab: a masklab package is installed here; not replacing it (install test skipped)"
    exit 0
fi
start=$(date +%s%N)
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "./$deb" >/dev/null
QT_QPA_PLATFORM=offscreen /usr/bin/masklab --version >/dev/null
/usr/bin/masklab-cli --version
/usr/bin/masklab-cli synth "$work/data" --persons 6 --eval-persons 2 >/dev/null
/usr/bin/masklab-cli check "$work/data" 2>/dev/null
QT_QPA_PLATFORM=offscreen /usr/bin/masklab --screenshot "$work/shot.png" "$work/data"
test -s "$work/shot.png"
echo "MaskLab: installed programs ran (install to first window saved: $(( ($(date +%s%N) - start) / 1000000 )) ms)"
man -w masklab-cli >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -q masklab >/dev/null
! command -v masklab-cli >/dev/null || { echo "MaskLab: purge left masklab-cli" >&2; exit 1; }
echo "MaskLab: the package installs, runs and purges cleanly"
