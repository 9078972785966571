// A passing project for the rule tables: project files on disk, a hand-built snapshot signed into a
// real archive, a target snapshot and a contract using every rule; each case changes one thing.

import EnvlockContract
import EnvlockArchive
import EnvlockFileIO
import EnvlockModel
import EnvlockSigning
import EnvlockTestSupport
import Foundation

/// What a case changes in the passing project.
struct Mutation: Sendable {
  var files: @Sendable (inout [String: String]) -> Void = { _ in }
  var snapshot: @Sendable (inout Snapshot) -> Void = { _ in }
  var target: @Sendable (inout Snapshot) -> Void = { _ in }
  var contract: @Sendable (inout String) -> Void = { _ in }
  /// Changes to project files after the capture.
  var afterCapture: @Sendable (inout [String: String]) -> Void = { _ in }
  /// Sign with a key that is not listed in the contract.
  var otherSigner = false
}

/// Builds the passing project, applies a mutation and runs the check.
enum Fixture {
  static let captureTime = Timestamp(rfc3339: "2026-11-20T10:00:00Z")!
  static let now = Date(timeIntervalSince1970: TimeInterval(captureTime.secondsSinceEpoch + 86_400))
  static let releaseKey = SecretKey.generate()
  static let otherKey = SecretKey.generate()
  static let site = "/srv/churn/.venv/lib/python3.11/site-packages"

  static let files: [String: String] = [
    "pyproject.toml": """
    [project]
    name = "churn-model"
    version = "0.3.0"
    dependencies = [
      "numpy>=1.26",
      "pandas>=2.1",
      "tomli>=2; python_version < \\"3.11\\"",
    ]

    [build-system]
    requires = ["hatchling"]
    build-backend = "hatchling.build"

    """,
    "requirements.txt": """
    # pinned by uv pip compile
    numpy==1.26.4 \\
        --hash=sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    pandas==2.1.4  # data frames
    --index-url https://pypi.org/simple

    """,
    "src/churn_model/__init__.py": "__version__ = \"0.3.0\"\n",
    "src/churn_model/schemas.py": "INPUT = {}\n",
    "schemas/input.json": "{\"type\": \"object\"}\n",
    "reports/metrics.json": "{\"auc\": 0.87, \"latency\": {\"p95_ms\": 35}, \"rows\": 10000}\n",
    "data/train.csv": "a,b\n1,2\n",
    "coverage.json": """
    {"meta": {"version": "7.4.0"}, "totals": {"covered_lines": 90, "num_statements": 100},
     "files": {
       "src/churn_model/model.py": {"summary": {"covered_lines": 60, "num_statements": 60}},
       "src/churn_model/io.py": {"summary": {"covered_lines": 30, "num_statements": 40}}}}

    """,
  ]

  static func contract(keyFile: String, trainHash: String) -> String {
    """
    [interpreter]
    implementation = "cpython"
    version = ">=3.10,<3.13"

    [dependencies]
    pin = "exact"
    source_exempt = ["churn-model"]
    deny = ["tensorflow"]

    [packaging]
    layout = "src"

    [schemas]
    files = ["schemas/input.json"]
    modules = ["churn_model.schemas"]

    [performance]
    metrics = "reports/metrics.json"

    [performance.thresholds]
    auc = ">= 0.85"
    "latency.p95_ms" = "<= 40"

    [tests]
    coverage = "coverage.json"
    min_line_rate = 0.8

    [tests.paths]
    "src/churn_model/model.py" = 0.95

    [resources]
    cpu_cores = 4
    memory = "16 GiB"
    gpus = 1
    gpu_memory = "16 GiB"
    disk = "1 GiB"

    [environment]
    required = ["MODEL_URI"]
    forbidden = ["DEBUG"]
    equal = { PYTHONHASHSEED = "0" }
    data = { "data/train.csv" = "\(trainHash)" }
    signed_by = ["\(keyFile)"]
    max_age = "30d"

    """
  }

  static func digest(_ text: String) -> EnvlockModel.Digest {
    EnvlockModel.Digest.sha256(text.utf8)
  }

  static func markers(_ version: String = "3.11.7", machine: String = "x86_64") -> MarkerEnvironment {
    let short = version.split(separator: ".").prefix(2).joined(separator: ".")
    return MarkerEnvironment(
      implementationName: "cpython", implementationVersion: version, osName: "posix",
      platformMachine: machine,
      platformRelease: "6.1.0", platformSystem: "Linux", platformVersion: "#1 SMP",
      pythonFullVersion: version,
      platformPythonImplementation: "CPython", pythonVersion: short, sysPlatform: "linux")
  }

  static func interpreter(_ version: String = "3.11.7", prefix: String = "/srv/churn/.venv") -> Interpreter {
    Interpreter(
      selection: InterpreterSelection(path: prefix, reason: "--python"), implementation: "cpython",
      version: version,
      executable: prefix + "/bin/python", realPath: "/usr/bin/python3.11", sha256: nil, libpython: nil,
      prefix: prefix,
      basePrefix: "/usr", execPrefix: prefix, isVirtualEnvironment: true, siteDirectories: [site],
      platform: "linux-x86_64", soabi: "cpython-311-x86_64-linux-gnu", extSuffix: nil, multiarch: nil,
      libc: Libc(family: "glibc", version: "2.36"), compiler: nil, buildDate: nil, markers: markers(version))
  }

  static func host(cores: Int, memoryGiB: Int64, name: String = "NVIDIA A10G") -> EnvlockModel.Host {
    EnvlockModel.Host(
      os: OperatingSystem(id: "debian", versionId: "12"), kernelRelease: "6.1.0", architecture: "x86_64",
      libc: Libc(family: "glibc", version: "2.36"),
      cpu: CPU(model: "AMD EPYC", vendor: "AuthenticAMD", logicalCores: cores, flags: ["avx2"]),
      memoryBytes: memoryGiB << 30,
      gpus: [GPU(name: name, driverVersion: "535", cudaVersion: "12.2", memoryBytes: 24 << 30)],
      gpuProbe: "nvidia-smi")
  }

  static func package(
    _ name: String, _ version: String, requires: [String] = [], tags: [String] = ["py3-none-any"],
    directUrl: DirectURL? = nil, size: Int64 = 1_000_000
  ) -> PythonPackage {
    PythonPackage(
      name: name, displayName: name, version: version, requiresDist: requires, requiresPython: ">=3.9",
      wheelTags: tags, installer: "pip", requested: true, directUrl: directUrl, location: site,
      record: RecordSummary(fileCount: 10, totalSize: size, contentFingerprint: digest(name)))
  }

  static func snapshot(files: [String: String]) -> Snapshot {
    var s = Snapshot(
      capture: CaptureInfo(
        toolVersion: "test", time: captureTime, hostName: "laptop", commandLine: ["envlock", "capture"],
        projectRoot: "/srv/churn"),
      host: host(cores: 8, memoryGiB: 32), interpreter: interpreter())
    s.pythonPackages = [
      package(
        "numpy", "1.26.4", tags: ["cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux2014_x86_64"],
        size: 60_000_000),
      package("pandas", "2.1.4", requires: ["numpy>=1.23.2; python_version == \"3.11\"", "pytz>=2020.1"]),
      package("pytz", "2024.1"),
      package(
        "churn-model", "0.3.0",
        directUrl: DirectURL(url: "file:///srv/churn", dirInfo: DirectURL.DirInfo(editable: true))),
    ]
    s.environment = [
      RecordedVariable(name: "MODEL_URI", value: "s3://models/churn"),
      RecordedVariable(name: "PYTHONHASHSEED", value: "0"),
    ]
    for path in [
      "data/train.csv", "reports/metrics.json", "schemas/input.json", "src/churn_model/schemas.py",
    ] {
      guard let text = files[path] else { continue }
      s.dataFiles.append(
        DataFile(
          path: path, size: Int64(text.utf8.count), mode: 0o644, mtime: captureTime, sha256: digest(text)))
    }
    for path in ["pyproject.toml", "requirements.txt"] {
      guard let text = files[path] else { continue }
      s.configFiles.append(
        ConfigFile(path: path, size: Int64(text.utf8.count), mode: 0o644, sha256: digest(text)))
    }
    s.normalize()
    return s
  }

  static func target() -> Snapshot {
    var s = Snapshot(
      capture: CaptureInfo(
        toolVersion: "test", time: captureTime, hostName: "prod-1", commandLine: ["envlock", "capture"],
        projectRoot: "/app"),
      host: host(cores: 16, memoryGiB: 64), interpreter: interpreter(prefix: "/app/.venv"))
    s.normalize()
    return s
  }

  /// Builds the project with `mutation` and checks it.
  static func check(_ mutation: Mutation = Mutation()) throws -> CheckReport {
    let root = try TestSupport.temporaryDirectory("envlock-contract")
    defer { try? FileManager.default.removeItem(at: root) }
    var files = Fixture.files
    mutation.files(&files)
    try write(files, to: root)
    var snapshot = Fixture.snapshot(files: files)
    mutation.snapshot(&snapshot)
    var config: [String: [UInt8]] = [:]
    for file in snapshot.configFiles { config[file.path] = Array((files[file.path] ?? "").utf8) }
    let bytes = try SnapshotArchive.archiveBytes(
      snapshot: snapshot, configContents: config, signingKey: mutation.otherSigner ? otherKey : releaseKey)
    let lockfile = try SnapshotArchive.parse(bytes, file: "env.envlock")
    var after = files
    mutation.afterCapture(&after)
    if after != files { try write(after, to: root) }
    try Data(releaseKey.publicKey.minisignText(untrustedComment: "release key").utf8)
      .write(to: root.appendingPathComponent("release.pub"))
    var text = contract(keyFile: "release.pub", trainHash: digest(files["data/train.csv"]!).hex)
    mutation.contract(&text)
    guard let parsed = try ContractParser.parse(text, file: root.appendingPathComponent("handoff.toml").path)
    else {
      throw TestSupportError(description: "the contract has no rules")
    }
    var target = Fixture.target()
    mutation.target(&target)
    let input = CheckInput(
      label: "env.envlock", lockfile: lockfile, target: target, targetLabel: "prod.envlock",
      projectRoot: root.path,
      contractDirectory: root.path, now: now)
    return ContractChecker.check(parsed, input)
  }

  static func write(_ files: [String: String], to root: URL) throws {
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
  }
}
