// Parses and compares one million realistic version strings (and checks them against a
// specifier set); prints one machine-readable line with the medians of five runs.

import EnvlockPackaging
import Foundation

/// The `packaging` benchmark: PEP 440 parsing and ordering throughput.
enum PackagingBenchmark {
  /// How many version strings one run parses and compares.
  static let count = 1_000_000
  /// How many runs the medians are taken over.
  static let runs = 5

  /// A deterministic, realistic mix of version strings (releases, pre/post/dev, locals, dates).
  static func corpus(count: Int) -> [String] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var out: [String] = []
    out.reserveCapacity(count)
    for _ in 0..<count {
      let base = "\(next(3)).\(next(30)).\(next(12))"
      switch next(20) {
      case 0..<11: out.append(base)
      case 11: out.append("\(next(3)).\(next(30))")
      case 12, 13: out.append(base + ["a", "b", "rc"][next(3)] + "\(next(4))")
      case 14: out.append(base + ".dev\(next(5))")
      case 15: out.append(base + ".post\(next(3))")
      case 16: out.append(base + "+cu12\(next(5))")
      case 17: out.append("20\(20 + next(6)).\(next(12) + 1).\(next(28) + 1)")
      case 18: out.append("1!" + base)
      default: out.append(base + "rc1.post2.dev3")
      }
    }
    return out
  }

  /// Parses every string and compares each version with the previous one.
  static func parseAndCompare(_ strings: [String]) -> Int {
    var previous = Version(parsing: "0")!
    var ascending = 0
    for s in strings {
      guard let v = Version(parsing: s) else { continue }
      if previous < v { ascending += 1 }
      previous = v
    }
    return ascending
  }

  /// Median of a list of durations, in seconds.
  static func median(_ seconds: [Double]) -> Double { seconds.sorted()[seconds.count / 2] }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }

  /// Runs the benchmark and prints `packaging versions=... parse_compare_median_s=... contains_median_s=...`.
  static func run() {
    let strings = corpus(count: count)
    let clock = ContinuousClock()
    var parseTimes: [Double] = []
    var checksum = 0
    for _ in 0..<runs {
      let start = clock.now
      checksum &+= parseAndCompare(strings)
      parseTimes.append(seconds(clock.now - start))
    }
    let versions = strings.compactMap(Version.init(parsing:))
    let specifier = try! SpecifierSet(">=1.19.5,<2.0,!=1.20.*")
    var containsTimes: [Double] = []
    for _ in 0..<runs {
      let start = clock.now
      var matched = 0
      for v in versions where specifier.contains(v) { matched += 1 }
      checksum &+= matched
      containsTimes.append(seconds(clock.now - start))
    }
    print(
      "packaging versions=\(count) runs=\(runs)"
        + " parse_compare_median_s=\(String(format: "%.4f", median(parseTimes)))"
        + " contains_median_s=\(String(format: "%.4f", median(containsTimes)))"
        + " checksum=\(checksum)")
  }
}
