#!/usr/bin/env bash
# The main job in one command: install what is missing, build, make a signing key if there is
# none, capture the current Python environment into a signed archive, verify it and show it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh -c release --static-swift-stdlib --product envlock >&2
ENVLOCK="$(swift build -c release --static-swift-stdlib --show-bin-path)/envlock"
KEYDIR="${XDG_CONFIG_HOME:-$HOME/.config}/envlock"
if [ ! -f "$KEYDIR/envlock.key" ]; then
  "$ENVLOCK" keygen
fi
mkdir -p out
"$ENVLOCK" capture --output out/environment.envlock --force
echo
"$ENVLOCK" verify out/environment.envlock --key "$KEYDIR/envlock.pub"
