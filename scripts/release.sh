#!/bin/sh
# Builds the self-contained release binary dist/handbook: the Swift standard library and
# Foundation are linked in statically, so a CI job needs only this one file and Debian's
# libcmark-gfm0.29.0.gfm.6, libcmark-gfm-extensions0.29.0.gfm.6 and libmimalloc2.0 packages,
# no Swift toolchain.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --scratch-path .build-static
mkdir -p dist
strip -o dist/handbook .build-static/release/handbook
echo "release: dist/handbook, $(du -k dist/handbook | cut -f1) KB"
