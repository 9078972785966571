// `envlock-bench capture`: times a capture of a 150+ distribution venv against
// `uv pip freeze --no-cache` and `pip freeze` on the same venv, in one run, and writes the
// ratios into the "## Capture" section of Docs/benchmarks.md.
//
//   envlock-bench capture [--venv PATH] [--dists N] [--runs N] [--docs Docs/benchmarks.md]
//   envlock-bench capture --once PATH      (one capture, JSON to stdout; what the timing runs)

import EnvlockCapture
import EnvlockModel
import Foundation

/// The capture benchmark.
public enum CaptureBenchmark {
  /// Runs the benchmark with command-line `arguments` (a leading `capture` is ignored); returns the exit code.
  @discardableResult
  public static func run(arguments: [String]) async -> Int32 {
    var args = arguments
    if args.first == "capture" { args.removeFirst() }
    do {
      if let i = args.firstIndex(of: "--once"), i + 1 < args.count {
        return try await once(venv: args[i + 1])
      }
      func value(_ flag: String) -> String? {
        args.firstIndex(of: flag).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
      }
      let dists = Int(value("--dists") ?? "") ?? 160
      let runs = Int(value("--runs") ?? "") ?? 11
      let docs = value("--docs")
      let venv = try value("--venv") ?? buildVenv(distributions: dists)
      let report = try measure(venv: venv, runs: runs)
      print(report)
      if let docs { try writeSection(report, to: docs) }
      return 0
    } catch {
      FileHandle.standardError.write(Data("envlock-bench capture: \(error)\n".utf8))
      return 2
    }
  }

  struct BenchError: Error, CustomStringConvertible {
    var description: String
  }

  /// One capture of `venv`, written as canonical JSON to stdout.
  static func once(venv: String) async throws -> Int32 {
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "VIRTUAL_ENV")
    env.removeValue(forKey: "CONDA_PREFIX")
    let options = CaptureOptions(
      python: venv, projectRoot: FileManager.default.currentDirectoryPath, environment: env,
      commandLine: ["envlock-bench", "capture", "--once", venv], toolVersion: "bench")
    let snapshot = try Capturer.capture(options).snapshot
    FileHandle.standardOutput.write(Data(try CanonicalJSON.encode(snapshot)))
    return 0
  }

  /// The tools venv that scripts/setup.sh creates.
  static func tool(_ name: String) throws -> String {
    let path = FileManager.default.currentDirectoryPath + "/.tools/venv/bin/" + name
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw BenchError(description: "\(path) is missing; run ./scripts/setup.sh first")
    }
    return path
  }

  /// CPU seconds (user + system) used by waited-for children so far.
  static func childrenCPU() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  /// Runs a process to completion, discarding its output; returns wall seconds.
  @discardableResult
  static func timed(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws
    -> Double
  {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let environment { p.environment = environment }
    p.standardOutput = FileHandle.nullDevice
    let err = Pipe()
    p.standardError = err
    let start = DispatchTime.now().uptimeNanoseconds
    try p.run()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    guard p.terminationStatus == 0 else {
      throw BenchError(
        description:
          "\(executable) \(arguments.joined(separator: " ")) failed: \(String(decoding: errData, as: UTF8.self))"
      )
    }
    return seconds
  }

  /// Builds wheels of varied sizes offline and installs them with uv into a fresh venv (with pip).
  static func buildVenv(distributions: Int) throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "envlock-bench-capture-\(distributions)")
    try? FileManager.default.removeItem(at: root)
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let script = root.appendingPathComponent("make.py")
    try #"""
    import base64, hashlib, os, sys, zipfile
    out, n = sys.argv[1], int(sys.argv[2])
    def line(p, d):
        h = base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()
        return '%s,sha256=%s,%d' % (p, h, len(d))
    for i in range(n):
        name, ver = 'benchpkg%03d' % i, '1.%d.0' % i
        di = '%s-%s.dist-info' % (name, ver)
        nfiles = [4, 12, 40, 150, 600][i % 5]
        files = {'%s/mod%d.py' % (name, k): (('# module %d of %s\n' % (k, name)) * (20 + k % 50)).encode() for k in range(nfiles)}
        deps = ''.join('Requires-Dist: benchpkg%03d>=1.0\n' % j for j in range(max(0, i - 3), i))
        files[di + '/METADATA'] = ('Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: bench\nRequires-Python: >=3.8\n%s\n%s'
                                   % (name, ver, deps, 'Long description line.\n' * 200)).encode()
        files[di + '/WHEEL'] = b'Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n'
        if i % 7 == 0:
            files[di + '/entry_points.txt'] = ('[console_scripts]\n%s = %s.mod0:main\n' % (name, name)).encode()
        files[di + '/RECORD'] = ('\n'.join([line(p, d) for p, d in files.items()] + [di + '/RECORD,,']) + '\n').encode()
        with zipfile.ZipFile(os.path.join(out, '%s-%s-py3-none-any.whl' % (name, ver)), 'w') as z:
            for p, d in files.items():
                z.writestr(p, d)
    """#.write(to: script, atomically: true, encoding: .utf8)
    let wheels = root.appendingPathComponent("wheels")
    try FileManager.default.createDirectory(at: wheels, withIntermediateDirectories: true)
    try timed("/usr/bin/env", ["python3", script.path, wheels.path, String(distributions)])
    let venv = root.appendingPathComponent("venv").path
    try timed("/usr/bin/env", ["python3", "-m", "venv", venv])
    let names = (0..<distributions).map { String(format: "benchpkg%03d", $0) }
    var env = ProcessInfo.processInfo.environment
    env["UV_NO_CACHE"] = "1"
    try timed(
      try tool("uv"),
      [
        "pip", "install", "--no-cache", "--no-index", "--find-links", wheels.path, "--python",
        venv + "/bin/python",
      ] + names,
      environment: env)
    return venv
  }

  /// Times envlock (a fresh process per run), uv and pip, interleaved; medians.
  static func measure(venv: String, runs: Int) throws -> String {
    let me =
      CommandLine.arguments[0].hasPrefix("/")
      ? CommandLine.arguments[0] : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]
    let uv = try tool("uv")
    let python = venv + "/bin/python"
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "VIRTUAL_ENV")
    var peers: [(String, String, [String])] = [
      ("envlock capture (interpreter + packages + host + dpkg + ELF)", me, ["capture", "--once", venv]),
      ("uv pip freeze --no-cache", uv, ["pip", "freeze", "--no-cache", "--python", python]),
      ("pip freeze", python, ["-m", "pip", "freeze", "--disable-pip-version-check"]),
    ]
    // For scale, the whole CLI when it was built next to this binary: capture, then write, sign
    // and summarize the archive (an empty project: no data or config files).
    let cli = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("envlock").path
    let project = NSTemporaryDirectory() + "envlock-bench-cli-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: project) }
    if FileManager.default.isExecutableFile(atPath: cli) {
      try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
      try timed(cli, ["keygen", "--secret-key", project + "/bench.key"], environment: env)
      peers.append(
        (
          "envlock capture --python VENV (the CLI: archive written and signed)", cli,
          [
            "capture", "--python", venv, "--project", project, "--key", project + "/bench.key", "--output",
            project + "/out.envlock", "--force", "--quiet",
          ]
        ))
    }
    for (_, exe, args) in peers { try timed(exe, args, environment: env) }  // warm the page cache
    var samples = [[Double]](repeating: [], count: peers.count)
    var cpu = [[Double]](repeating: [], count: peers.count)
    for _ in 0..<runs {
      for (i, peer) in peers.enumerated() {
        let before = childrenCPU()
        samples[i].append(try timed(peer.1, peer.2, environment: env))
        cpu[i].append(childrenCPU() - before)
      }
    }
    let medians = samples.map { $0.sorted()[$0.count / 2] }
    let cpuMedians = cpu.map { $0.sorted()[$0.count / 2] }
    var load = [Double](repeating: 0, count: 3)
    _ = getloadavg(&load, 3)
    let countOutput = Process()
    countOutput.executableURL = URL(fileURLWithPath: uv)
    countOutput.arguments = ["pip", "list", "--python", python, "--format", "freeze"]
    let pipe = Pipe()
    countOutput.standardOutput = pipe
    try countOutput.run()
    let listed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    countOutput.waitUntilExit()
    let dists = listed.split(separator: "\n").count
    func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
    var text =
      "Median of \(runs) runs each, interleaved, page cache warm, on a venv of \(dists) distributions"
    text += " (generated wheels of 4 to 600 files, installed with uv; 2 cores; load average"
    text += String(format: " %.1f at the end of the run).\n\n", load[0])
    text +=
      "| command | wall (median) | envlock / peer, wall | CPU user+sys (median) | envlock / peer, CPU |\n"
    text += "| --- | --- | --- | --- | --- |\n"
    for (i, peer) in peers.enumerated() {
      let ratio = i == 0 ? "1.00" : i == 3 ? "" : String(format: "%.2f", medians[0] / medians[i])
      let cpuRatio =
        i == 0 ? "1.00" : i == 3 ? "" : String(format: "%.2f", cpuMedians[0] / max(cpuMedians[i], 1e-6))
      text += "| `\(peer.0)` | \(ms(medians[i])) | \(ratio) | \(ms(cpuMedians[i])) | \(cpuRatio) |\n"
    }
    text += "\nThe issue's target is a wall ratio of at most 0.50 against uv and at most 0.10 against pip."
    text += " The first row is a fresh process per run that captures and writes the whole snapshot as"
    text += " canonical JSON to stdout; the last row, when present, is the `envlock` CLI itself, which"
    text += " also writes the tar + zstd archive, signs it and prints the summary (for scale, no target).\n"
    let met = medians[0] / medians[1] <= 0.5 && medians[0] / medians[2] <= 0.1
    text += "\nStatus in this run: target \(met ? "met" : "**not met**")"
    text += String(format: " (%.2f of uv, %.2f of pip).", medians[0] / medians[1], medians[0] / medians[2])
    text +=
      " On a shared, loaded machine wall times mostly measure CPU share; the CPU column is the steadier one.\n"
    return text
  }

  /// Replaces (or appends) the "## Capture" section of the benchmarks file.
  static func writeSection(_ report: String, to path: String) throws {
    let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "# Benchmarks\n"
    let section = """
      ## Capture

      Reproduce with `./scripts/bench-capture.sh` (builds release, builds the venv offline, runs
      `envlock-bench capture --docs Docs/benchmarks.md`). Target (issue 3): at most half the time
      of `uv pip freeze --no-cache` and at least 10x faster than `pip freeze`.

      \(report)
      """
    var lines = existing.components(separatedBy: "\n")
    if let start = lines.firstIndex(of: "## Capture") {
      var end = start + 1
      while end < lines.count && !lines[end].hasPrefix("## ") { end += 1 }
      lines.replaceSubrange(start..<end, with: section.components(separatedBy: "\n") + [""])
    } else {
      if lines.last == "" { lines.removeLast() }
      lines += [""] + section.components(separatedBy: "\n") + [""]
    }
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
  }
}
