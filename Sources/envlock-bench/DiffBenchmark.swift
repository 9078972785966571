// `envlock-bench diff [--scale N]`: times EnvironmentDiff.compare on synthetic snapshot pairs at
// four sizes up to 2,000 Python packages, 2,000 system packages and 100,000 data files, and
// prints a Markdown table for Docs/benchmarks.md.

import EnvlockDiff
import EnvlockModel
import Foundation

/// The diff benchmark.
enum DiffBenchmark {
  /// One synthetic environment size.
  struct Size {
    let python: Int
    let system: Int
    let data: Int
  }

  /// Runs the benchmark; `--runs N` sets the repetitions per size (default 5, median reported).
  static func run(arguments: [String]) {
    var runs = 5
    if let i = arguments.firstIndex(of: "--runs"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
      runs = n
    }
    let sizes = [1, 2, 3, 4].map { k in Size(python: 500 * k, system: 500 * k, data: 25_000 * k) }
    print(
      "| Python packages | system packages | data files | findings | diff (median of \(runs)) | JSON render | per 1,000 items |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes {
      let (a, b) = pair(size)
      let ia = DiffInput(label: "a", snapshot: a)
      let ib = DiffInput(label: "b", snapshot: b)
      var times: [Double] = []
      var report: DiffReport?
      for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        report = EnvironmentDiff.compare(ia, ib)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      }
      let renderStart = DispatchTime.now().uptimeNanoseconds
      _ = DiffJSONRenderer.render(report!)
      let render = Double(DispatchTime.now().uptimeNanoseconds - renderStart) / 1e9
      let median = times.sorted()[times.count / 2]
      let items = Double(size.python + size.system + size.data)
      print(
        "| \(size.python) | \(size.system) | \(size.data) | \(report!.totalCount) | \(ms(median)) | \(ms(render)) | \(ms(median / items * 1000)) |"
      )
    }
  }

  static func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }

  /// Two snapshots of one size: B upgrades 5% of packages, rebuilds 2%, changes 1% of data
  /// files, renames 0.5%, and moves the project root (noise).
  static func pair(_ size: Size) -> (Snapshot, Snapshot) {
    func digest(_ i: Int, _ salt: Int = 0) -> Digest {
      var x = UInt64(truncatingIfNeeded: i &* 2_654_435_761 &+ salt &* 97)
      var bytes: [UInt8] = []
      for _ in 0..<32 {
        x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        bytes.append(UInt8(truncatingIfNeeded: x >> 56))
      }
      return Digest(bytes: bytes)
    }
    func snapshot(root: String, variant: Bool) -> Snapshot {
      let info = CaptureInfo(
        toolVersion: "0.1.0", time: Timestamp(secondsSinceEpoch: variant ? 1_764_400_000 : 1_764_300_000),
        hostName: variant ? "prod" : "laptop", commandLine: ["envlock", "capture"], projectRoot: root)
      let site = "\(root)/.venv/lib/python3.11/site-packages"
      var packages: [PythonPackage] = []
      for i in 0..<size.python {
        let upgraded = variant && i % 20 == 0
        let rebuilt = variant && i % 50 == 7
        let deps = i >= 3 ? ["pkg\(i - 1)>=1.0", "pkg\(i - 3)<3; python_version >= \"3.8\""] : []
        packages.append(
          PythonPackage(
            name: "pkg\(i)", displayName: "pkg\(i)", version: upgraded ? "1.\(i % 7 + 1).0" : "1.\(i % 7).0",
            requiresDist: deps,
            wheelTags: i % 3 == 0 ? ["cp311-cp311-manylinux_2_17_x86_64"] : ["py3-none-any"],
            installer: "pip", requested: i % 10 == 0, location: site,
            record: RecordSummary(
              fileCount: 10, totalSize: 1000, contentFingerprint: digest(i, rebuilt ? 1 : 0))))
      }
      let system = (0..<size.system).map { i in
        SystemPackage(
          manager: .dpkg, name: "lib\(i)", version: variant && i % 25 == 0 ? "2.0-\(i)" : "1.0-\(i)",
          architecture: "amd64")
      }
      let data = (0..<size.data).map { i in
        let renamed = variant && i % 200 == 3
        return DataFile(
          path: renamed ? "data/moved/f\(i).bin" : "data/d\(i / 1000)/f\(i).bin", size: 4096, mode: 0o644,
          mtime: info.time, sha256: digest(i, variant && i % 100 == 1 ? 2 : 0))
      }
      let markers = MarkerEnvironment(
        implementationName: "cpython", implementationVersion: "3.11.7", osName: "posix",
        platformMachine: "x86_64",
        platformRelease: "6.1.0", platformSystem: "Linux", platformVersion: "#1", pythonFullVersion: "3.11.7",
        platformPythonImplementation: "CPython", pythonVersion: "3.11", sysPlatform: "linux")
      let interpreter = Interpreter(
        selection: InterpreterSelection(path: "\(root)/.venv", reason: "VIRTUAL_ENV"),
        implementation: "cpython",
        version: "3.11.7", executable: "\(root)/.venv/bin/python", realPath: "/usr/bin/python3.11",
        sha256: nil,
        libpython: nil, prefix: "\(root)/.venv", basePrefix: "/usr", execPrefix: "\(root)/.venv",
        isVirtualEnvironment: true, siteDirectories: [site], platform: "linux-x86_64", soabi: nil,
        extSuffix: nil,
        multiarch: nil, libc: nil, compiler: nil, buildDate: nil, markers: markers)
      var s = Snapshot(
        capture: info, interpreter: interpreter, pythonPackages: packages, systemPackages: system,
        dataFiles: data)
      s.normalize()
      return s
    }
    return (snapshot(root: "/home/ana/app", variant: false), snapshot(root: "/srv/app", variant: true))
  }
}
