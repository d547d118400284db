#!/bin/sh
# Checks the self-contained release binary (scripts/release.sh): it loads no library from the
# Swift toolchain, runs with an empty environment (no PATH, no LD_LIBRARY_PATH), and builds the
# shipped handbook to the same bytes as the debug build. Prints its size and start-up time.
set -eu
cd "$(dirname "$0")/.."
sh scripts/release.sh
binary="$PWD/dist/handbook"
if ldd "$binary" | grep -Ei 'swift|libFoundation|libdispatch|libBlocksRuntime|not found'; then
    echo "test-release: the binary still needs the libraries above" >&2
    exit 1
fi
echo "test-release: libraries: $(ldd "$binary" | awk '{print $1}' | tr '\n' ' ')"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -r Content "$scratch/"
[ -d Themes ] && cp -r Themes "$scratch/"
version="$(env -i "$binary" --version)"
(cd "$scratch" && env -i "$binary" build --output "$scratch/release-out")
.build/debug/handbook build --root "$scratch" --output "$scratch/debug-out" >/dev/null
diff -r "$scratch/release-out" "$scratch/debug-out" >/dev/null || {
    echo "test-release: the release binary's site differs from the debug build's" >&2
    exit 1
}
start=$(date +%s%N)
for _ in 1 2 3 4 5 6 7 8 9 10; do env -i "$binary" --version >/dev/null; done
end=$(date +%s%N)
echo "test-release: handbook $version, $(du -k "$binary" | cut -f1) KB, start-up $(( (end - start) / 10000000 )) ms (mean of 10 runs of --version)"
