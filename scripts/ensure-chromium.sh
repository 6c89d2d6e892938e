#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing (browser tests drive it with playwright-core;
# no browser is downloaded from anywhere else). Idempotent; prints the browser's path on stdout,
# and on stderr what it installed and why.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  echo "[ensure-chromium] Chromium is missing: the flame-graph and real-VS-Code tests drive Debian's chromium (playwright-core downloads no browser here)" >&2
  if [ "$(id -u)" != 0 ]; then
    echo "[ensure-chromium] installing it needs root: sudo apt-get install chromium fonts-dejavu-core" >&2
    exit 1
  fi
  echo "[ensure-chromium] apt-get install chromium fonts-dejavu-core" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
command -v chromium
