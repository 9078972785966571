#!/usr/bin/env bash
# Benchmarks the packaging engine (EnvlockPackaging) against the reference implementation,
# `packaging` (tools venv, see scripts/setup.sh), in the same run, and writes the
# "Packaging engine" section of Docs/benchmarks.md.
#
#   ./scripts/bench-packaging.sh
#
# Swift parses and compares 1,000,000 version strings (median of 5 runs); Python does the
# same job on the first 100,000 of the identical corpus and is scaled by 10.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=.tools/venv/bin/python
[ -x "$PYTHON" ] || { echo "bench-packaging: run ./scripts/setup.sh first" >&2; exit 2; }

swift build -c release --product envlock-bench >&2
swift_line=$(.build/release/envlock-bench packaging)
echo "$swift_line"

"$PYTHON" - "$swift_line" <<'PY'
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import packaging
from packaging.specifiers import SpecifierSet
from packaging.version import Version

swift = dict(kv.split("=", 1) for kv in sys.argv[1].split()[1:])
N = 100_000
SCALE = int(swift["versions"]) / N


def corpus(count):
    """The same deterministic mix as Sources/envlock-bench/PackagingBenchmark.swift."""
    state = 0x9E3779B97F4A7C15
    mask = (1 << 64) - 1

    def nxt(bound):
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & mask
        return (state >> 33) % bound

    out = []
    for _ in range(count):
        base = f"{nxt(3)}.{nxt(30)}.{nxt(12)}"
        k = nxt(20)
        if k < 11:
            out.append(base)
        elif k == 11:
            out.append(f"{nxt(3)}.{nxt(30)}")
        elif k in (12, 13):
            out.append(base + ["a", "b", "rc"][nxt(3)] + str(nxt(4)))
        elif k == 14:
            out.append(base + f".dev{nxt(5)}")
        elif k == 15:
            out.append(base + f".post{nxt(3)}")
        elif k == 16:
            out.append(base + f"+cu12{nxt(5)}")
        elif k == 17:
            out.append(f"20{20 + nxt(6)}.{nxt(12) + 1}.{nxt(28) + 1}")
        elif k == 18:
            out.append("1!" + base)
        else:
            out.append(base + "rc1.post2.dev3")
    return out


strings = corpus(N)


def parse_and_compare():
    previous = Version("0")
    ascending = 0
    for s in strings:
        v = Version(s)
        if previous < v:
            ascending += 1
        previous = v
    return ascending


parse_times = []
for _ in range(5):
    start = time.perf_counter()
    parse_and_compare()
    parse_times.append(time.perf_counter() - start)
versions = [Version(s) for s in strings]
spec = SpecifierSet(">=1.19.5,<2.0,!=1.20.*")
contains_times = []
for _ in range(5):
    start = time.perf_counter()
    sum(1 for v in versions if spec.contains(v))
    contains_times.append(time.perf_counter() - start)

py_parse = statistics.median(parse_times) * SCALE
py_contains = statistics.median(contains_times) * SCALE
sw_parse = float(swift["parse_compare_median_s"])
sw_contains = float(swift["contains_median_s"])
print(f"packaging-python versions={N} scale={SCALE:g} parse_compare_median_s={py_parse:.4f} contains_median_s={py_contains:.4f}")

commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
swift_version = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
section = f"""## Packaging engine

Parse and compare 1,000,000 realistic version strings (releases, pre/post/dev releases,
local labels, dates, epochs), then check them against `>=1.19.5,<2.0,!=1.20.*`. Medians of
5 runs. `packaging` {packaging.__version__} runs the same job on the first 100,000 strings of the
identical corpus; its times are scaled by {SCALE:g}.

| Job (1,000,000 versions) | EnvlockPackaging (release) | `packaging` (Python {platform.python_version()}) | Ratio |
|---|---|---|---|
| Parse + compare with previous | {sw_parse:.3f} s | {py_parse:.2f} s | {py_parse / sw_parse:.0f}x |
| `SpecifierSet.contains` | {sw_contains:.3f} s | {py_contains:.2f} s | {py_contains / sw_contains:.0f}x |

Machine: {platform.machine()}, {swift_version}; commit {commit}. The machine is shared, so
absolute times vary between runs; the ratio is measured in one run.

Reproduce: `./scripts/bench-packaging.sh` (needs `./scripts/setup.sh` once). Raw lines:

```
{sys.argv[1]}
packaging-python versions={N} scale={SCALE:g} parse_compare_median_s={py_parse:.4f} contains_median_s={py_contains:.4f}
```
"""

path = Path("Docs/benchmarks.md")
text = path.read_text() if path.exists() else "# Benchmarks\n\nResults of the scripts under `scripts/bench-*.sh`.\n"
pattern = re.compile(r"## Packaging engine\n.*?(?=\n## |\Z)", re.S)
if pattern.search(text):
    text = pattern.sub(lambda _: section.rstrip("\n"), text).rstrip("\n") + "\n"
else:
    text = text.rstrip("\n") + "\n\n" + section
path.parent.mkdir(exist_ok=True)
path.write_text(text)
print(f"wrote {path}", file=sys.stderr)
PY
