#!/bin/sh
# Fuzzes the build for SECONDS (default 90): libFuzzer feeds arbitrary bytes as site.yml and
# pages (format in Sources/HandbookFuzz/Case/FuzzCase.swift) through parse, resolve and render in
# memory, starting from the fixture sites and Content/. Exits non-zero on a crash, a hang (one
# input over 10 s), an out-of-memory, a leak, a memory error (AddressSanitizer) or a broken
# invariant (a diagnostic outside the input), printing the minimised input: add it to
# Tests/Fixtures/fuzz/ as NAME.input (see FuzzRegressionTests).
# HANDBOOK_FUZZ_CORPUS=DIR keeps the corpus in DIR across runs instead of a temporary folder.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-90}
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")
libfuzzer=$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a | head -n 1)

echo "building the fuzzer (.build-fuzz)"
# Coverage instrumentation for every Swift module (the frontend flag: the driver flag would link
# libFuzzer's main into the build-tool executables too) and libyaml's C code inside Yams; the
# harness keeps its own main and calls libFuzzer's driver (-D FUZZING). AddressSanitizer finds
# memory errors and, through libFuzzer, leaks; the build tool it also instruments leaks at exit
# by design, hence detect_leaks=0 while building.
ASAN_OPTIONS=detect_leaks=0 swift build -c release --scratch-path .build-fuzz --product HandbookFuzzer \
    -Xswiftc -sanitize=address -Xswiftc -Xfrontend -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING \
    -Xcc -fsanitize=address -Xcc -fsanitize=fuzzer-no-link -Xlinker "$libfuzzer" -Xlinker -lstdc++
binary=.build-fuzz/release/HandbookFuzzer

work=$(mktemp -d "${TMPDIR:-/tmp}/handbook-fuzz.XXXXXX")
corpus=${HANDBOOK_FUZZ_CORPUS:-$work/corpus}
mkdir -p "$corpus"

# seed NAME CONTENT [PATH...]: one input from CONTENT/site.yml and the files at the PATHs
# under CONTENT (all of them when none is given).
seed() {
    name=$1
    content=$2
    shift 2
    if [ $# -eq 0 ]; then set -- .; fi
    {
        if [ -f "$content/site.yml" ]; then cat "$content/site.yml"; fi
        (cd "$content" && find "$@" -type f) | sed 's|^\./||' | LC_ALL=C sort | while IFS= read -r path; do
            if [ "$path" = site.yml ]; then continue; fi
            printf '\000%s\n' "$path"
            cat "$content/$path"
        done
    } >"$corpus/seed-$name"
}
seed site Tests/Fixtures/site/Content
for site in Tests/Fixtures/invalid/*/; do seed "invalid-$(basename "$site")" "$site/Content"; done
# Content/ one section at a time (with the home page): the whole of it is slow to mutate.
for section in Content/*/; do seed "content-$(basename "$section")" Content _index.md "$(basename "$section")"; done
for input in Tests/Fixtures/fuzz/*.input; do
    if [ -f "$input" ]; then cp "$input" "$corpus/fixture-$(basename "$input")"; fi
done

echo "fuzzing for $seconds s (corpus $corpus, log $work/log)"
start=$(date +%s)
status=0
# The Swift runtime's backtracer would take the crash signals libFuzzer needs to save the input.
SWIFT_BACKTRACE=enable=no "$binary" "$corpus" -dict=Tests/Fixtures/fuzz/handbook.dict \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=393216 \
    -artifact_prefix="$work/" -print_final_stats=1 >"$work/log" 2>&1 || status=$?
elapsed=$(($(date +%s) - start))

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
coverage=$(grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*/[0-9a-zA-Z]*' "$work/log" | tail -n 1)
echo "fuzz: ${elapsed} s, ${execs:-?} executions, ${coverage:-no coverage line}, exit $status"
if [ "$status" -ne 0 ]; then
    echo "--- end of the libFuzzer log"
    tail -n 40 "$work/log"
    for artifact in "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-*; do
        [ -f "$artifact" ] || continue
        # Minimising keeps any crash, not necessarily this one: both inputs are printed.
        case $artifact in
        */crash-* | */leak-*)
            SWIFT_BACKTRACE=enable=no "$binary" -minimize_crash=1 -max_total_time=30 -timeout=10 \
                -exact_artifact_path="$artifact.min" "$artifact" >"$work/minimise.log" 2>&1 || true
            ;;
        esac
        for input in "$artifact" "$artifact.min"; do
            [ -f "$input" ] || continue
            echo "--- $input ($(wc -c <"$input") bytes), base64 (first 64 KB):"
            head -c 65536 "$input" | base64
            echo "reproduce: $binary $input (or swift build && .build/debug/HandbookFuzzer $input)"
        done
    done
    echo "kept $work"
    exit 1
fi
rm -rf "$work"
