// Compact builders for the snapshots the diff tests and the reference stories use.

@testable import EnvlockDiff
import EnvlockModel

/// Builds snapshots for tests: a dev laptop and a prod server that differ only by noise
/// (project root, home directory, host name, capture time) until a story changes them.
enum Build {
  static let digestA = Digest(hex: String(repeating: "a1", count: 32))!
  static let digestB = Digest(hex: String(repeating: "b2", count: 32))!
  static let digestC = Digest(hex: String(repeating: "c3", count: 32))!

  static func digest(_ seed: String) -> Digest {
    var h: UInt64 = 1_469_598_103_934_665_603
    for b in seed.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
    let hex = String(h, radix: 16)
    let unit = String(repeating: "0", count: 16 - hex.count) + hex
    return Digest(hex: String(repeating: unit, count: 4))!
  }

  /// The dev laptop: /home/ana/churn-model, python 3.11.7.
  static func laptop() -> Snapshot {
    snapshot(
      root: "/home/ana/churn-model", hostName: "ana-laptop", time: "2026-11-20T09:15:00Z",
      python: "3.11.7", site: "/home/ana/churn-model/.venv/lib/python3.11/site-packages")
  }

  /// The prod server: /srv/app, python 3.11.7, same packages.
  static func prod() -> Snapshot {
    snapshot(
      root: "/srv/app", hostName: "prod-7", time: "2026-11-28T23:02:11Z", python: "3.11.7",
      site: "/srv/app/.venv/lib/python3.11/site-packages")
  }

  static func markers(python: String, machine: String = "x86_64") -> MarkerEnvironment {
    MarkerEnvironment(
      implementationName: "cpython", implementationVersion: python, osName: "posix", platformMachine: machine,
      platformRelease: "6.1.0-18-amd64", platformSystem: "Linux", platformVersion: "#1 SMP Debian",
      pythonFullVersion: python, platformPythonImplementation: "CPython",
      pythonVersion: InterpreterComparer.minor(python), sysPlatform: "linux")
  }

  static func snapshot(root: String, hostName: String, time: String, python: String, site: String) -> Snapshot
  {
    let info = CaptureInfo(
      toolVersion: "0.1.0", time: Timestamp(rfc3339: time)!, hostName: hostName,
      commandLine: ["envlock", "capture"], projectRoot: root)
    let host = Host(
      os: OperatingSystem(id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)"),
      kernelRelease: "6.1.0-18-amd64", architecture: "x86_64", libc: Libc(family: "glibc", version: "2.36"),
      cpu: CPU(
        model: "Intel(R) Xeon(R)", vendor: "GenuineIntel", logicalCores: 8, flags: ["avx", "avx2", "fma"]),
      memoryBytes: 17_179_869_184, gpus: [], gpuProbe: "nvidia-smi absent")
    let tag = "cp" + InterpreterComparer.minor(python).replacing(".", with: "")
    var s = Snapshot(
      capture: info, host: host,
      interpreter: interpreter(python: python, root: root, site: site),
      pythonPackages: packages(tag: tag, site: site),
      systemPackages: [
        SystemPackage(manager: .dpkg, name: "libc6", version: "2.36-9+deb12u4", architecture: "amd64"),
        SystemPackage(manager: .dpkg, name: "libgomp1", version: "12.2.0-14", architecture: "amd64"),
        SystemPackage(manager: .dpkg, name: "python3.11", version: "3.11.2-6", architecture: "amd64"),
      ],
      environment: [
        RecordedVariable(name: "HOME", value: "~"),
        RecordedVariable(name: "USER", value: root.hasPrefix("/home/") ? "ana" : "app"),
        RecordedVariable(name: "DATA_DIR", value: "\(root)/data"),
        RecordedVariable(name: "LANG", value: "C.UTF-8"),
      ],
      dataFiles: [
        DataFile(path: "data/train.parquet", size: 1_048_576, mode: 0o644, mtime: info.time, sha256: digestA),
        DataFile(path: "data/labels.csv", size: 2_048, mode: 0o644, mtime: info.time, sha256: digestB),
      ])
    s.normalize()
    return s
  }

  static func interpreter(python: String, root: String, site: String) -> Interpreter {
    let minor = InterpreterComparer.minor(python)
    let abi = "cpython-\(minor.replacing(".", with: ""))-x86_64-linux-gnu"
    return Interpreter(
      selection: InterpreterSelection(path: "\(root)/.venv", reason: "VIRTUAL_ENV"),
      implementation: "cpython",
      version: python, executable: "\(root)/.venv/bin/python", realPath: "/usr/bin/python\(minor)",
      sha256: digest("python" + python), libpython: nil, prefix: "\(root)/.venv", basePrefix: "/usr",
      execPrefix: "\(root)/.venv", isVirtualEnvironment: true, siteDirectories: [site],
      platform: "linux-x86_64",
      soabi: abi, extSuffix: ".\(abi).so", multiarch: "x86_64-linux-gnu",
      libc: Libc(family: "glibc", version: "2.36"),
      compiler: "GCC 12.2.0", buildDate: "Mar 13 2023 12:18:29", markers: markers(python: python))
  }

  static func package(
    _ name: String, _ version: String, requires: [String] = [], tags: [String] = ["py3-none-any"],
    requested: Bool = false, site: String, fingerprint: String? = nil
  ) -> PythonPackage {
    PythonPackage(
      name: name, displayName: name, version: version, requiresDist: requires, wheelTags: tags,
      rootIsPurelib: tags == ["py3-none-any"], installer: "pip", requested: requested, location: site,
      record: RecordSummary(
        fileCount: 10, totalSize: 1000,
        contentFingerprint: digest(fingerprint ?? name + version + tags.joined())))
  }

  static func binary(_ tag: String, _ platform: String = "manylinux_2_17_x86_64") -> [String] {
    ["\(tag)-\(tag)-\(platform)"]
  }

  static func packages(tag: String, site: String) -> [PythonPackage] {
    [
      package(
        "numpy", "1.26.4", tags: binary(tag), site: site),
      package(
        "pandas", "2.1.4",
        requires: [
          "numpy<2,>=1.23.2; python_version == \"3.11\"", "python-dateutil>=2.8.2", "pytz>=2020.1",
          "tzdata>=2022.1",
        ],
        tags: binary(tag), requested: true, site: site),
      package("python-dateutil", "2.9.0", requires: ["six>=1.5"], site: site),
      package("six", "1.16.0", site: site),
      package("pytz", "2024.1", site: site),
      package("tzdata", "2024.1", site: site),
      package(
        "scikit-learn", "1.3.2",
        requires: ["numpy<2.0,>=1.17.3", "scipy>=1.5.0", "joblib>=1.1.1", "threadpoolctl>=2.0.0"],
        tags: binary(tag), requested: true, site: site),
      package("scipy", "1.11.4", requires: ["numpy<1.28.0,>=1.21.6"], tags: binary(tag), site: site),
      package("joblib", "1.1.1", site: site),
      package("threadpoolctl", "2.2.0", site: site),
      package(
        "requests", "2.31.0",
        requires: [
          "charset-normalizer<4,>=2", "idna<4,>=2.5", "urllib3<3,>=1.21.1", "certifi>=2017.4.17",
          "PySocks!=1.5.7,>=1.5.6; extra == \"socks\"",
        ], requested: true, site: site),
      package("charset-normalizer", "3.3.2", site: site),
      package("idna", "3.6", site: site),
      package("urllib3", "2.2.1", site: site),
      package("certifi", "2024.2.2", site: site),
    ]
  }

  /// Replaces (or adds) a package in a snapshot.
  static func set(_ s: inout Snapshot, _ p: PythonPackage) {
    s.pythonPackages.removeAll { $0.name == p.name }
    s.pythonPackages.append(p)
    s.normalize()
  }

  /// The site directory of a snapshot.
  static func site(_ s: Snapshot) -> String { s.interpreter!.siteDirectories[0] }

  /// A DiffInput with config contents from a dictionary.
  static func input(_ label: String, _ s: Snapshot, config: [String: String] = [:]) -> DiffInput {
    DiffInput(label: label, snapshot: s) { file in config[file.path].map { Array($0.utf8) } }
  }
}
