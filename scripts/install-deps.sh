#!/usr/bin/env bash
# Installs the C libraries Berth links against, when they are missing:
# GLPK (the integer-programming solver) and GNU libmicrohttpd (the emulator's HTTP server).
# On Debian and Ubuntu it uses apt-get (through sudo when not root); on macOS it prints the
# Homebrew command instead of running it.
set -euo pipefail

packages=(libglpk-dev libmicrohttpd-dev pkg-config)

if [[ "$(uname -s)" == "Darwin" ]]; then
    if ! brew list glpk libmicrohttpd pkg-config >/dev/null 2>&1; then
        echo "berth: install the C libraries first: brew install glpk libmicrohttpd pkg-config" >&2
        exit 69
    fi
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "berth: missing ${missing[*]}, and there is no apt-get here to install them" >&2
    exit 69
fi
sudo=""
if [[ "$(id -u)" -ne 0 ]]; then
    sudo="sudo"
fi
echo "berth: installing ${missing[*]} with apt-get" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
