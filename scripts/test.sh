#!/bin/sh
# Runs every test: format lint, the Swift tests (unit, conformance, golden site, invalid
# sites, CLI), a build of the shipped handbook, the self-contained release binary in an empty
# environment, and the browser suite on the build.
set -eu
cd "$(dirname "$0")/.."
echo "== swift format lint"
swift format lint --strict --recursive Package.swift Sources Tests Plugins
echo "== swift build"
swift build
echo "== swift test"
swift test
echo "== handbook build (the shipped handbook)"
.build/debug/handbook build
echo "== the self-contained release binary"
sh scripts/test-release.sh
echo "== browser suite"
HANDBOOK_SCREENSHOTS="${HANDBOOK_SCREENSHOTS:-$PWD/screenshots}" bash Tests/browser/run.sh "$PWD/Output"
echo "== fuzz (90 s)"
sh scripts/fuzz.sh 90
