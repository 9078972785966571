#!/usr/bin/env bash
# Data-file hashing benchmark: builds envlock-bench in release mode, runs `envlock-bench data`
# (1 GiB file, 10,000-file 1 GiB tree, warm-cache re-capture, peak memory) and writes the
# "## Data files" section of Docs/benchmarks.md. Needs about 2.2 GB free under $BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR="${BENCH_DIR:-/tmp/envlock-bench-data}"
mkdir -p "$BENCH_DIR"
swift build -c release --product envlock-bench
section="$(.build/release/envlock-bench data --dir "$BENCH_DIR" "$@")"
echo "$section"
doc=Docs/benchmarks.md
[ -f "$doc" ] || printf '# Benchmarks\n\nWritten by the scripts/bench-*.sh scripts; each owns one section.\n' > "$doc"
# Replace the section (from its heading to the next "## " heading) or append it.
python3 - "$doc" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2].rstrip("\n") + "\n"
text = open(path).read()
pattern = re.compile(r"^## Data files\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda m: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
