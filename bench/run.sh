#!/bin/sh
# Builds the shared benchmark corpus with handbook (and Hugo, if installed, with a minimal
# layout that has a section nav) and prints wall time, CPU time and peak memory of each.
# Usage: sh bench/run.sh [PAGES] [RUNS]      (defaults: 10000 pages, 3 runs)
# Numbers go to standard output; nothing is asserted.
set -eu
cd "$(dirname "$0")/.."
pages="${1:-10000}"
runs="${2:-3}"
work="${BENCH_DIR:-/tmp/handbook-bench-$pages}"
if [ ! -d "$work/Content" ]; then
    python3 ../shared/bench/make_corpus.py "$work/Content" --pages "$pages" --seed 1
fi
swift build -c release >/dev/null
measure() { # label, command...
    label="$1"; shift
    /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB peak" "$@" >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt"; exit 1; }
    tail -n 1 "$work/time.txt"
}
echo "corpus: $pages pages in $work"
for i in $(seq "$runs"); do
    rm -rf "$work/Output" "$work/.Output.handbook"
    measure "handbook fresh build $i" .build/release/handbook build --root "$work"
done
for i in $(seq "$runs"); do
    measure "handbook rebuild $i" .build/release/handbook build --root "$work"
done
.build/release/handbook build --root "$work" --verbose | sed 's/^/  /'
if command -v hugo >/dev/null 2>&1; then
    site="$work/hugo"
    rm -rf "$site" && mkdir -p "$site" && cp -r bench/hugo/. "$site/"
    ln -sfn "$work/Content" "$site/content"
    for i in $(seq "$runs"); do
        rm -rf "$site/public"
        measure "hugo $(hugo version | cut -d' ' -f2) fresh build $i" hugo --quiet --source "$site"
    done
fi
