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

# Debian packages, only those missing, each with the reason it is needed.
declare -A why=(
  [libkrb5-dev]="gssapi headers, to build code-server's kerberos native module"
  [ripgrep]="VS Code's search (its npm package would download rg from GitHub, unreachable here)"
  [build-essential]="make and g++, to build code-server's native modules (node-pty, argon2, spdlog)"
  [python3]="node-gyp runs on python3"
)
missing=()
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
{ command -v make && command -v g++; } >/dev/null 2>&1 || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  for pkg in "${missing[@]}"; do log "missing Debian package $pkg: ${why[$pkg]}"; done
  if [ "$(id -u)" != 0 ]; then
    log "installing them needs root: sudo apt-get install ${missing[*]}"
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Native modules are built against Node's headers. Without a `nodedir` in npm's configuration,
# node-gyp downloads them (and fails offline); Debian's nodejs ships them in /usr/include/node.
nodedir=$(npm config get nodedir 2>/dev/null || true)
if [ -z "$nodedir" ] || [ "$nodedir" = undefined ] || [ "$nodedir" = null ]; then
  node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  for candidate in "$node_prefix" /usr /usr/local; do
    if [ -f "$candidate/include/node/node.h" ]; then
      export npm_config_nodedir="$candidate"
      log "npm has no nodedir set: native modules are built against this machine's Node headers in $candidate/include/node (no download)"
      break
    fi
  done
  if [ -z "${npm_config_nodedir:-}" ]; then
    log "no Node headers found (looked for include/node/node.h under $node_prefix, /usr, /usr/local) and npm has no nodedir: node-gyp would download them, which fails offline."
    log "Install your distribution's Node headers (Debian: the nodejs package ships them) or set nodedir in ~/.npmrc."
    exit 1
  fi
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
# code-server writes a default config file (and says so) on its first run: give it one of its own
# under the install, never the user's ~/.config, and read the version from the line that holds it.
scratch="$root/version-check"
mkdir -p "$scratch"
reported=$(XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" "$bin" --version 2>&1 || true)
version_line=$(printf '%s\n' "$reported" | grep -m1 "^$version " || true)
if [ -z "$version_line" ]; then
  log "code-server --version did not print $version; it printed:"
  printf '%s\n' "$reported" | sed 's/^/  /' >&2
  exit 1
fi
reported=$version_line

date -u +%FT%TZ > "$stamp"
log "code-server $version ready in $(($(date +%s) - started)) s: $reported"
echo "$bin"
