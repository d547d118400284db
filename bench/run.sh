#!/bin/sh
# Builds the shared benchmark corpus with handbook (and Hugo, if installed, with a minimal
# layout that has a section nav) and prints wall time, CPU time and peak memory of each:
# fresh builds, unchanged rebuilds, rebuilds after editing one page's body, title or summary,
# and builds with Output/ deleted but the build cache kept.
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
# The build cache (.Output.handbook/cache): one page's body edited, then Output/ deleted with
# the cache kept, as a CI job restores it. The page is put back as it was at the end.
page=$(find "$work/Content" -name '*.md' ! -name '_index.md' | sort | head -n 1)
cp "$page" "$work/page.orig"
for i in $(seq "$runs"); do
    { cat "$work/page.orig"; echo; echo "Edit $i."; } >"$page"
    # The build's record does not trust a file changed in the second before a build.
    sleep 1.1
    measure "handbook rebuild after one edit $i" .build/release/handbook build --root "$work"
done
{ cat "$work/page.orig"; echo; echo "One more edit."; } >"$page"
sleep 1.1
.build/release/handbook build --root "$work" --verbose | sed 's/^/  /'
# Front matter: a new title (shown in its section's sidebars, pager and listing) and a new
# summary (its listing and search entry); the pages that show neither are taken whole.
front_matter_edits() { # key
    for i in $(seq "$runs"); do
        sed "s/^$1: .*/$1: \"Changed $i\"/" "$work/page.orig" >"$page"
        sleep 1.1
        measure "handbook rebuild after a $1 change $i" .build/release/handbook build --root "$work"
    done
    sed "s/^$1: .*/$1: \"Changed once more\"/" "$work/page.orig" >"$page"
    sleep 1.1
    .build/release/handbook build --root "$work" --verbose | sed 's/^/  /'
}
front_matter_edits title
front_matter_edits summary
for i in $(seq "$runs"); do
    rm -rf "$work/Output"
    measure "handbook build with Output/ deleted, cache kept $i" .build/release/handbook build --root "$work"
done
rm -rf "$work/Output"
.build/release/handbook build --root "$work" --verbose | sed 's/^/  /'
du -sh "$work/.Output.handbook/cache" | sed 's/^/  cache: /'
cp "$work/page.orig" "$page"
if command -v hugo >/dev/null 2>&1; then
    site="$work/hugo"
    rm -rf "$site" && mkdir -p "$site" && cp -r bench/hugo/. "$site/"
    ln -sfn "$work/Content" "$site/content"
    for i in $(seq "$runs"); do
        rm -rf "$site/public"
        measure "hugo $(hugo version | cut -d' ' -f2) fresh build $i" hugo --quiet --source "$site"
    done
fi
