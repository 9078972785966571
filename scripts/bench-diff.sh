#!/usr/bin/env bash
# Diff benchmark: builds envlock-bench in release mode, runs `envlock-bench diff` and replaces the
# "## Diff" section of Docs/benchmarks.md with the results.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product envlock-bench >&2
BENCH="$(swift build -c release --show-bin-path)/envlock-bench"
table="$("$BENCH" diff "$@")"
doc=Docs/benchmarks.md
[ -f "$doc" ] || printf '# Benchmarks\n\nRelease builds on the development machine (2 shared cores).\n' > "$doc"
section="$(cat <<MD
## Diff

\`scripts/bench-diff.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores, release build): \`EnvironmentDiff.compare\` on synthetic pairs
where B upgrades 5% of Python packages, rebuilds 2%, upgrades 4% of system packages, modifies 1% and renames 0.5% of
data files, and moves the project root (noise). Requirement graphs, broken-requirement checks and
explanation rules are included; rendering JSON is timed separately. Target: the largest size under 0.5 s.

$table
MD
)"
python3 - "$doc" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2].rstrip() + "\n"
text = open(path).read()
pattern = re.compile(r"^## Diff\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda m: section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
open(path, "w").write(text)
PY
echo "$table"
