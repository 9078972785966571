// `envlock rebuild --venv`: realize a snapshot as a local virtual environment with a matching interpreter,
// install requirements.lock with pip, then capture the result and compare its packages with the snapshot.

import EnvlockFileIO
import EnvlockModel
import Foundation

/// Options of `envlock rebuild --venv DIR`.
public struct VenvOptions: Sendable {
  /// The virtual environment to create (must not exist, or be empty).
  public var target: String
  /// `--python`: the interpreter to create it with; otherwise found on PATH.
  public var python: String?
  /// `--find-links` folders; without `indexURL` the install is then offline (`--no-index`).
  public var findLinks: [String]
  /// `--index-url`; otherwise the plan's index.
  public var indexURL: String?
  /// The environment pip runs with (PATH is searched for interpreters).
  public var environment: [String: String]

  /// Creates options.
  public init(
    target: String, python: String? = nil, findLinks: [String] = [], indexURL: String? = nil,
    environment: [String: String]
  ) {
    self.target = target
    self.python = python
    self.findLinks = findLinks
    self.indexURL = indexURL
    self.environment = environment
  }
}

/// One way the realized packages differ from the snapshot's.
public struct PackageDifference: Codable, Hashable, Sendable {
  /// `missing`, `extra`, `version` or `content-fingerprint`.
  public var kind: String
  /// The normalized package name.
  public var name: String
  /// The snapshot's value (version or fingerprint), when there is one.
  public var expected: String?
  /// The realized environment's value, when there is one.
  public var actual: String?

  /// A one-line description.
  public var line: String {
    switch kind {
    case "missing": return "\(name) \(expected ?? ""): missing from the rebuilt environment"
    case "extra": return "\(name) \(actual ?? ""): not in the snapshot"
    case "version": return "\(name): version \(actual ?? "?") instead of \(expected ?? "?")"
    default:
      return
        "\(name): same version, different build (content fingerprint \(actual?.prefix(12) ?? "?") instead of \(expected?.prefix(12) ?? "?"))"
    }
  }
}

/// What `realize` did and found.
public struct VenvResult: Sendable {
  /// The interpreter used and its version.
  public var python: String
  /// Its version.
  public var pythonVersion: String
  /// Warnings (a different patch version, packages removed after the install).
  public var warnings: [String]
  /// Packages the differences, empty when the rebuilt environment matches.
  public var differences: [PackageDifference]
}

/// Creates and verifies a virtual environment from a plan.
public enum VenvRealizer {
  /// Finds an interpreter of the snapshot's minor version: `python` when given (another minor is an error,
  /// another patch a warning), else `pythonX.Y`, `pythonX`, `python` on PATH, the exact patch preferred.
  public static func findInterpreter(
    wanted: String, python: String?, environment: [String: String]
  ) throws(RebuildError) -> (path: String, version: String, warning: String?) {
    let wantedParts = wanted.split(separator: ".").map(String.init)
    let minor = wantedParts.prefix(2).joined(separator: ".")
    func check(_ path: String) -> String? {
      let r = Command.run(
        path, ["-I", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], environment: environment)
      guard r.status == 0 else { return nil }
      return r.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    func sameMinor(_ version: String) -> Bool {
      version.split(separator: ".").prefix(2).joined(separator: ".") == minor
    }
    func warning(_ path: String, _ version: String) -> String? {
      version == wanted
        ? nil
        : "`\(path)` is Python \(version); the snapshot ran \(wanted) (same minor version, another patch release)"
    }
    if let python {
      guard let version = check(python) else {
        throw .interpreterNotFound(wanted: wanted, tried: [python])
      }
      guard sameMinor(version) else {
        throw .interpreterMismatch(path: python, found: version, wanted: wanted)
      }
      return (python, version, warning(python, version))
    }
    let names = ["python\(minor)", "python\(wantedParts.first ?? "3")", "python"]
    var tried: [String] = []
    var fallback: (String, String)?
    for dir in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
      for name in names {
        let path = "\(dir)/\(name)"
        guard FileManager.default.isExecutableFile(atPath: path) else { continue }
        tried.append(path)
        guard let version = check(path), sameMinor(version) else { continue }
        if version == wanted { return (path, version, nil) }
        if fallback == nil { fallback = (path, version) }
      }
    }
    if let (path, version) = fallback { return (path, version, warning(path, version)) }
    throw .interpreterNotFound(wanted: wanted, tried: tried.isEmpty ? names : tried)
  }

  /// Creates the virtual environment, installs the lock with pip, removes what the snapshot does not have
  /// (pip and setuptools that `venv` seeds), captures it with `capture` and compares the packages.
  public static func realize(
    _ plan: RebuildPlan, options: VenvOptions,
    capture: @Sendable (String) async throws -> Snapshot
  ) async throws(RebuildError) -> VenvResult {
    guard let interpreter = plan.snapshot.interpreter else { throw .noInterpreter }
    let found = try findInterpreter(
      wanted: interpreter.version, python: options.python, environment: options.environment)
    var warnings = found.warning.map { [$0] } ?? []
    let fm = FileManager.default
    if let entries = try? fm.contentsOfDirectory(atPath: options.target), !entries.isEmpty {
      throw .outputNotEmpty(path: options.target)
    }
    var environment = options.environment
    environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    environment.removeValue(forKey: "VIRTUAL_ENV")
    environment.removeValue(forKey: "PYTHONPATH")
    environment.removeValue(forKey: "PYTHONHOME")
    try Command.check(found.path, ["-m", "venv", options.target], environment: environment)

    // A fresh private folder (mkdtemp: mode 0700, a new name), written through `OutputFolder`, so a
    // link planted in the shared temporary directory is never followed.
    var template = Array((fm.temporaryDirectory.path + "/envlock-rebuild-XXXXXX").utf8CString)
    guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
      throw .cannotWrite(
        path: fm.temporaryDirectory.path,
        underlying: FileWriteError.writeFailed(
          path: fm.temporaryDirectory.path, reason: String(cString: strerror(errno))))
    }
    let lockDirectory = stringFromCBuffer(template)
    defer { try? fm.removeItem(atPath: lockDirectory) }
    let lockPath = lockDirectory + "/requirements.lock"
    do {
      try OutputFolder(lockDirectory, create: false).write(
        plan.content(of: "requirements.lock"), to: "requirements.lock", replace: false)
    } catch {
      throw .cannotWrite(path: lockPath, underlying: error)
    }
    let venvPython = options.target + "/bin/python"
    var arguments = ["-m", "pip", "install", "--no-input"] + RequirementsLock.installFlags(plan)
    if let index = options.indexURL {
      arguments += ["--index-url", index]
    } else if !options.findLinks.isEmpty {
      arguments.append("--no-index")
    } else {
      arguments += ["--index-url", plan.index.url]
    }
    for link in options.findLinks { arguments += ["--find-links", link] }
    arguments += ["-r", lockPath]
    if !plan.pins.isEmpty { try Command.check(venvPython, arguments, environment: environment) }

    var realized = try await captureChecked(options.target, capture)
    let expectedNames = Set(plan.snapshot.pythonPackages.map(\.name))
    let extras = realized.pythonPackages.map(\.name).filter { !expectedNames.contains($0) }
    if !extras.isEmpty {
      let ordered = extras.filter { $0 != "pip" }.sorted() + extras.filter { $0 == "pip" }
      try Command.check(venvPython, ["-m", "pip", "uninstall", "--yes"] + ordered, environment: environment)
      warnings.append(
        "removed what `venv` installed but the snapshot does not have: \(ordered.joined(separator: ", "))")
      realized = try await captureChecked(options.target, capture)
    }
    return VenvResult(
      python: found.path, pythonVersion: found.version, warnings: warnings,
      differences: compare(expected: plan.snapshot.pythonPackages, actual: realized.pythonPackages))
  }

  static func captureChecked(
    _ path: String, _ capture: @Sendable (String) async throws -> Snapshot
  ) async throws(RebuildError) -> Snapshot {
    do {
      return try await capture(path)
    } catch {
      throw .verificationCaptureFailed(path: path, underlying: error)
    }
  }

  /// The package differences: names, versions and content fingerprints (same version, other build).
  public static func compare(expected: [PythonPackage], actual: [PythonPackage]) -> [PackageDifference] {
    var realized: [String: PythonPackage] = [:]
    for p in actual where realized[p.name] == nil { realized[p.name] = p }
    var seen: Set<String> = []
    var out: [PackageDifference] = []
    for p in expected where !seen.contains(p.name) {
      seen.insert(p.name)
      guard let q = realized[p.name] else {
        out.append(PackageDifference(kind: "missing", name: p.name, expected: p.version, actual: nil))
        continue
      }
      if q.version != p.version {
        out.append(PackageDifference(kind: "version", name: p.name, expected: p.version, actual: q.version))
      } else if let a = p.record?.contentFingerprint, let b = q.record?.contentFingerprint, a != b {
        out.append(
          PackageDifference(kind: "content-fingerprint", name: p.name, expected: a.hex, actual: b.hex))
      }
    }
    for q in actual where !seen.contains(q.name) {
      seen.insert(q.name)
      out.append(PackageDifference(kind: "extra", name: q.name, expected: nil, actual: q.version))
    }
    return out
  }
}

/// Runs a child process to completion, stdout and stderr merged.
enum Command {
  /// The exit status and the merged output.
  static func run(_ executable: String, _ arguments: [String], environment: [String: String]) -> (
    status: Int32, output: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return (127, "cannot start: \(error)")
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Runs and throws `commandFailed` on a non-zero status.
  static func check(_ executable: String, _ arguments: [String], environment: [String: String])
    throws(RebuildError)
  {
    let result = run(executable, arguments, environment: environment)
    if result.status != 0 {
      throw .commandFailed(
        command: ([executable] + arguments).joined(separator: " "), status: result.status,
        output: result.output)
    }
  }
}
