#!/usr/bin/env bash
# Fetches toml-test's cases (github.com/toml-lang/toml-test, MIT) into Tests/Fixtures/toml-test:
# the `valid/` documents with their expected JSON and the `invalid/` documents every parser must
# reject. They come from the tomlkit sdist on PyPI, which vendors the suite; the test suite reads
# the committed copy and never needs the network.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${TOMLKIT_VERSION:-0.13.2}"
PIP="${PIP:-.tools/venv/bin/pip}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$PIP" download --quiet --no-deps --no-binary :all: --dest "$work" "tomlkit==$VERSION"
tar -xzf "$work/tomlkit-$VERSION.tar.gz" -C "$work"
suite="$work/tomlkit-$VERSION/tests/toml-test"
dest=Tests/Fixtures/toml-test
rm -rf "$dest"
mkdir -p "$dest"
cp -R "$suite/tests/valid" "$suite/tests/invalid" "$dest/"
cp "$suite/COPYING" "$dest/COPYING"
echo "toml-test cases from the tomlkit $VERSION sdist on PyPI." > "$dest/SOURCE"
echo "$(find "$dest/invalid" -name '*.toml' | wc -l) invalid, $(find "$dest/valid" -name '*.toml' | wc -l) valid cases in $dest"
