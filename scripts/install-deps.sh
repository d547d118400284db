#!/bin/sh
# Installs what building and testing handbook needs on Debian bookworm, beside the Swift
# toolchain: cmark-gfm and mimalloc (as Debian packages them) and pkg-config, plus the browser suite's
# Chromium, driver, fonts and Java. Safe to re-run. Needs root (or sudo).
set -eu
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libcmark-gfm-dev libcmark-gfm-extensions-dev cmark-gfm libmimalloc-dev pkg-config >/dev/null
sh Tests/browser/install-system-deps.sh
