// Benchmarks: `envlock-bench <name>`; scripts/bench-*.sh run them and write Docs/benchmarks.md.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "data": DataBenchmark.run(arguments: Array(arguments.dropFirst()))
default: print("usage: envlock-bench <benchmark>   (benchmarks: data)")
}
