#!/usr/bin/env bash
# Proves the test suite leaves the user's home alone: `snapshot FILE` lists every file under $HOME
# (type, path, size, modification time), `verify FILE` lists it again and fails, naming what
# changed, if anything was added, removed or modified.
# Not listed: npm's package cache ($npm_config_cache, else ~/.npm), which npm keeps on purpose and
# which keeps installs offline-friendly; and, for a developer's machine where other programs write to
# $HOME meanwhile (a shell history, an editor), the paths in HOTPATH_HOME_IGNORE (colon-separated,
# relative to $HOME). CI sets neither.
set -euo pipefail
mode=${1:?usage: home-unchanged.sh snapshot|verify FILE}
file=${2:?usage: home-unchanged.sh snapshot|verify FILE}

listing() {
  local prune=(-path "${npm_config_cache:-$HOME/.npm}")
  local rel
  IFS=: read -r -a ignored <<<"${HOTPATH_HOME_IGNORE:-}"
  for rel in "${ignored[@]}"; do [ -n "$rel" ] && prune+=(-o -path "$HOME/$rel"); done
  # Folders are listed without their times: creating and removing a temporary file changes those.
  find "$HOME" -xdev \( "${prune[@]}" \) -prune -o \( -type d -printf 'd %P\n' \) -o -printf '%y %P %s %T@\n' | LC_ALL=C sort
}

case "$mode" in
  snapshot) listing >"$file" ;;
  verify)
    if ! changes=$(listing | diff "$file" - ); then
      echo "The tests changed files under $HOME (< before, > after); tests must keep to their own temporary folders:" >&2
      printf '%s\n' "$changes" | grep '^[<>]' | head -50 >&2
      exit 1
    fi
    ;;
  *) echo "usage: home-unchanged.sh snapshot|verify FILE" >&2; exit 2 ;;
esac
