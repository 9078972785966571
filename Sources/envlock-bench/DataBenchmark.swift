// `envlock-bench data`: data-file hashing against coreutils sha256sum on the same machine and
// page cache: one large file, a tree of many files on 1 and all cores, a re-capture with a warm
// hash cache, and peak memory for growing file sizes. Prints a Markdown section.

import EnvlockCapture
import Foundation
import Glibc

/// The data-hashing benchmark.
enum DataBenchmark {
  /// Runs the benchmark: `data [--dir DIR] [--mib N] [--files N] [--repeat N]`.
  static func run(arguments: [String]) {
    if arguments.first == "rss" {
      peakMemoryChild(arguments[1])
      return
    }
    if arguments.first == "recapture", arguments.count == 3 {
      // Profiling aid: warm re-captures of <dir>/tree with cache <cache>, timed.
      for _ in 0..<10 {
        let seconds = time {
          _ = hash(["tree"], dir: arguments[1], workers: DataHashOptions.onlineCores, cache: arguments[2])
        }
        print(String(format: "%.3f s", seconds))
      }
      return
    }
    var dir = "/tmp/envlock-bench-data"
    var mib = 1024
    var fileCount = 10_000
    var repeats = 5
    var i = 0
    while i + 1 < arguments.count {
      switch arguments[i] {
      case "--dir": dir = arguments[i + 1]
      case "--mib": mib = Int(arguments[i + 1]) ?? mib
      case "--files": fileCount = Int(arguments[i + 1]) ?? fileCount
      case "--repeat": repeats = Int(arguments[i + 1]) ?? repeats
      default: break
      }
      i += 2
    }
    let bytes = Int64(mib) << 20
    let big = dir + "/big.bin"
    let small = dir + "/small.bin"
    let tree = dir + "/tree"
    generate(file: big, bytes: bytes, seed: 1)
    generate(file: small, bytes: 64 << 20, seed: 2)
    generateTree(tree, files: fileCount, bytes: bytes)
    usleep(300_000)  // older than the hash cache's racy window
    let treeFiles = listFiles(tree)
    // Warm the page cache so both tools read from memory.
    _ = shell("cat \(big) > /dev/null; find \(tree) -type f -print0 | xargs -0 cat > /dev/null")

    let cores = DataHashOptions.onlineCores
    let coreutilsBig = median(repeats) { timeShell("sha256sum \(big) > /dev/null") }
    let envlockBig = median(repeats) { time { _ = hash([big], dir: dir, workers: cores) } }
    let coreutilsTree1 = median(repeats) {
      timeShell("cd \(tree) && find . -type f -print0 | xargs -0 -n 500 -P 1 sha256sum > /dev/null")
    }
    let coreutilsTreeN = median(repeats) {
      timeShell("cd \(tree) && find . -type f -print0 | xargs -0 -n 500 -P \(cores) sha256sum > /dev/null")
    }
    let envlockTree1 = median(repeats) { time { _ = hash(["tree"], dir: dir, workers: 1) } }
    let envlockTreeN = median(repeats) { time { _ = hash(["tree"], dir: dir, workers: cores) } }
    var firstCapture: [Double] = []
    var warmCapture: [Double] = []
    for run in 0..<repeats {
      let cache = dir + "/cache-\(run)"
      _ = shell("rm -rf \(cache)")
      firstCapture.append(time { _ = hash(["tree"], dir: dir, workers: cores, cache: cache) })
      var hits = 0
      warmCapture.append(time { hits = hash(["tree"], dir: dir, workers: cores, cache: cache).cacheHits })
      precondition(hits == treeFiles, "warm capture missed the cache: \(hits) of \(treeFiles)")
    }
    let first = firstCapture.sorted()[repeats / 2]
    let warm = warmCapture.sorted()[repeats / 2]
    let rssSmall = peakMemory(small)
    let rssBig = peakMemory(big)

    let gb = Double(bytes) / 1e9
    func rate(_ seconds: Double) -> String { String(format: "%.2f GB/s", gb / seconds) }
    func secs(_ seconds: Double) -> String { String(format: "%.3f s", seconds) }
    func ratio(_ x: Double) -> String { String(format: "%.2fx", x) }
    func verdict(_ x: Double, _ target: Double) -> String {
      String(format: "≥ %gx: %@", target, x >= target ? "met" : "**not met**")
    }
    print(
      """
      ## Data files

      Measured by `scripts/bench-data.sh` (release build, `envlock-bench data --mib \(mib) --files \(fileCount) --repeat \(repeats)`), \
      medians of \(repeats) runs, page cache warm, \(cores) cores, \(cpuModel()).

      | case | coreutils `sha256sum` | envlock | ratio | target |
      |---|---|---|---|---|
      | one \(mib) MiB file | \(secs(coreutilsBig)) (\(rate(coreutilsBig))) | \(secs(envlockBig)) (\(rate(envlockBig))) | \(ratio(coreutilsBig / envlockBig)) | \(verdict(coreutilsBig / envlockBig, 3)) |
      | \(fileCount) files, \(mib) MiB, 1 worker | \(secs(coreutilsTree1)) (\(rate(coreutilsTree1))) | \(secs(envlockTree1)) (\(rate(envlockTree1))) | \(ratio(coreutilsTree1 / envlockTree1)) | |
      | \(fileCount) files, \(mib) MiB, \(cores) workers | \(secs(coreutilsTreeN)) (\(rate(coreutilsTreeN)), `xargs -P\(cores)`) | \(secs(envlockTreeN)) (\(rate(envlockTreeN))) | \(ratio(envlockTree1 / envlockTreeN)) vs envlock on 1 worker | \(verdict(envlockTree1 / envlockTreeN, 1.7)) |
      | re-capture of the tree, warm hash cache | | \(secs(warm)) (first capture \(secs(first))) | \(ratio(first / warm)) faster | \(verdict(first / warm, 20)) |

      The machine is shared (other builds may run during the benchmark), so ratios move by 10-20% \
      between runs. Both captures are timed in-process around the data stage of a capture \
      (`DataHasher.run`: walk, cache load, hashing, cache write). The warm re-capture does one \
      `fstatat` per file (about a third of its CPU time is that system call) and looks every file up \
      in the loaded cache; it reads no file contents.

      Peak resident memory of a process hashing one file: 64 MiB file \(rssSmall / 1024) MiB, \(mib) MiB file \(rssBig / 1024) MiB (flat: one 1 MiB buffer per worker).

      Reproduce: `scripts/bench-data.sh` (writes this section), or
      `swift build -c release --product envlock-bench && .build/release/envlock-bench data --dir /tmp/envlock-bench-data`.
      coreutils commands: `sha256sum big.bin`; `find . -type f -print0 | xargs -0 -n 500 -P N sha256sum`.
      """)
  }

  private static func hash(_ operands: [String], dir: String, workers: Int, cache: String? = nil)
    -> DataHashResult
  {
    let result = DataHasher.run(
      operands: operands, projectRoot: dir, options: DataHashOptions(workers: workers, cacheDirectory: cache))
    precondition(result.problems.isEmpty, "hashing failed: \(result.problems)")
    return result
  }

  /// Child mode: hash one file, print the peak resident set (KiB).
  private static func peakMemoryChild(_ path: String) {
    _ = DataHasher.run(operands: [path], projectRoot: "/", options: DataHashOptions())
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? "VmHWM: 0 kB"
    print(line.split(separator: " ", omittingEmptySubsequences: true)[1])
  }

  private static func peakMemory(_ path: String) -> Int {
    Int(shell("\(CommandLine.arguments[0]) data rss \(path)").trimmingCharacters(in: .whitespacesAndNewlines))
      ?? -1
  }

  private static func generate(file: String, bytes: Int64, seed: UInt64) {
    var st = stat()
    if stat(file, &st) == 0, Int64(st.st_size) == bytes { return }
    let fd = open(file, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
    precondition(fd >= 0, "cannot create \(file)")
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    var block = [UInt64](repeating: 0, count: (1 << 20) / 8)
    var written: Int64 = 0
    while written < bytes {
      for k in block.indices {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        block[k] = state
      }
      let n = Int(min(Int64(1 << 20), bytes - written))
      _ = block.withUnsafeBytes { write(fd, $0.baseAddress!, n) }
      written += Int64(n)
    }
    close(fd)
  }

  private static func generateTree(_ tree: String, files: Int, bytes: Int64) {
    if listFiles(tree) == files { return }
    _ = shell("rm -rf \(tree)")
    let each = bytes / Int64(files)
    for k in 0..<files {
      let folder = "\(tree)/d\(k % 100)"
      mkdir(tree, 0o755)
      mkdir(folder, 0o755)
      generate(file: "\(folder)/f\(k).bin", bytes: each, seed: UInt64(k + 10))
    }
  }

  private static func listFiles(_ tree: String) -> Int {
    Int(shell("find \(tree) -type f 2>/dev/null | wc -l").trimmingCharacters(in: .whitespacesAndNewlines))
      ?? 0
  }

  private static func cpuModel() -> String {
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let line = info.split(separator: "\n").first { $0.hasPrefix("model name") }
    return line.map { String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces) }
      ?? "unknown CPU"
  }

  private static func median(_ n: Int, _ body: () -> Double) -> Double {
    let samples = (0..<n).map { _ in body() }.sorted()
    return samples[n / 2]
  }

  private static func time(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  private static func timeShell(_ command: String) -> Double {
    time { _ = shell(command) }
  }

  @discardableResult
  private static func shell(_ command: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    try? process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}
