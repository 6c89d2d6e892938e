#!/usr/bin/env bash
# Installs a real VS Code (code-server 4.100.3 = VS Code 1.100.3, the last line that runs on
# Node 20) into .cache/ for the extension-host tests, the UI checks and `npm run demo`.
# It comes from the npm registry because these machines reach nothing else; see
# /work/shared/notes/real-editor-tests-offline.md for why each step is needed.
# Idempotent: a finished install leaves a stamp and the next run returns at once.
# Prints the path of the code-server executable on stdout; everything else goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=4.100.3
root="$PWD/.cache/code-server-$version"
bin="$root/node_modules/.bin/code-server"
stamp="$root/.installed"

if [ -f "$stamp" ] && [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

log() { echo "[install-code-server] $*" >&2; }
started=$(date +%s)

# Debian packages: gssapi headers for the `kerberos` native module, ripgrep (VS Code's
# @vscode/ripgrep would download rg from GitHub), Chromium to show the workbench.
missing=()
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
for tool in make g++ python3; do command -v "$tool" >/dev/null 2>&1 || missing+=(build-essential python3); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages (${missing[*]}); installing them needs root: apt-get install ${missing[*]}"
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2046
  apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi
bash scripts/ensure-chromium.sh >/dev/null

# A half-finished earlier attempt is started over rather than patched.
rm -rf "$root"
mkdir -p "$root"
cd "$root"
echo '{ "name": "hotpath-e2e-tools", "private": true }' > package.json

npm_quiet=(--no-audit --no-fund --loglevel=error)
log "npm install code-server@$version (its postinstall cannot run offline; done by hand below)"
npm install "${npm_quiet[@]}" --ignore-scripts "code-server@$version" >&2

vscode="$root/node_modules/code-server/lib/vscode"
log "VS Code's own modules"
(cd "$vscode" && npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts >&2)
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"
# node-pty's extra "compile_commands" step can fail after pty.node is built; the server runs
# without it, so judge the result by `code-server --version` below, not by this exit status.
(cd "$vscode" && npm rebuild "${npm_quiet[@]}" >"$root/rebuild.log" 2>&1) || log "npm rebuild in lib/vscode reported an error, expected from node-pty (see $root/rebuild.log; the modules are checked below)"
ln -sfn node_modules "$vscode/node_modules.asar"
log "built-in extensions' modules"
(cd "$vscode/extensions" && npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts >&2)
# argon2 (code-server's password hashing, loaded even with --auth none) is hoisted to the top.
npm rebuild "${npm_quiet[@]}" argon2 >&2

for native in "$vscode/node_modules/node-pty/build/Release/pty.node" "$vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"; do
  [ -f "$native" ] || { log "native module missing after the build: $native"; exit 1; }
done
reported=$("$bin" --version 2>&1 || true)
reported=${reported%%$'\n'*}
case "$reported" in
  "$version "*) ;;
  *) log "code-server --version printed: $reported"; exit 1 ;;
esac

date -u +%FT%TZ > "$stamp"
log "code-server $version ready in $(($(date +%s) - started)) s: $reported"
echo "$bin"
