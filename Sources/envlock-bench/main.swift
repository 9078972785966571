// Benchmarks: `envlock-bench <name> [options]`; scripts/bench-*.sh run them and write Docs/benchmarks.md.

import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let names = ["capture", "data", "diff", "packaging"]
switch arguments.first {
case "packaging":
  PackagingBenchmark.run()
case "capture":
  exit(await CaptureBenchmark.run(arguments: Array(arguments.dropFirst())))
case "data":
  DataBenchmark.run(arguments: Array(arguments.dropFirst()))
case "diff":
  DiffBenchmark.run(arguments: Array(arguments.dropFirst()))
default:
  print("usage: envlock-bench <benchmark> [options]\nbenchmarks: \(names.joined(separator: ", "))")
  exit(2)
}
