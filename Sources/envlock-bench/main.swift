// Benchmarks: `envlock-bench <name>`; scripts/bench-*.sh run them and write Docs/benchmarks.md.

import Foundation

let benchmarks: [String: () -> Void] = [
  "packaging": PackagingBenchmark.run
]

let arguments = CommandLine.arguments
if arguments.count == 2, let benchmark = benchmarks[arguments[1]] {
  benchmark()
} else {
  print("usage: envlock-bench <benchmark>\nbenchmarks: \(benchmarks.keys.sorted().joined(separator: ", "))")
  exit(2)
}
