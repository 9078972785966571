// Benchmarks: `envlock-bench <name>`; scripts/bench runs them and writes Docs/benchmarks.md.
print("usage: envlock-bench <benchmark>")
