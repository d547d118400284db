#!/bin/sh
# Installs the Debian packages the browser suite needs: Chromium, its driver, fonts
# for stable screenshots, and a Java runtime for the Nu HTML checker. Safe to re-run.
set -eu

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v chromedriver >/dev/null 2>&1 || need="$need chromium-driver"
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need="$need fonts-dejavu"
command -v java >/dev/null 2>&1 || need="$need default-jre-headless"
command -v unshare >/dev/null 2>&1 || need="$need util-linux"
command -v ip >/dev/null 2>&1 || need="$need iproute2"

if [ -z "$need" ]; then
    echo "install-system-deps: everything is already installed"
    exit 0
fi

echo "install-system-deps: installing$need"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; an old list may name versions that are gone.
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y $need; then
    $SUDO apt-get update
    # shellcheck disable=SC2086
    $SUDO apt-get install -y $need
fi
