// Shared helpers for envlock's test targets: temporary directories, running real tools,
// locating the built `envlock` binary, and golden files under Snapshots/.

import Foundation

/// The result of running a process to completion.
public struct ProcessResult: Sendable {
  /// The exit status (or 128 + signal number).
  public var status: Int32
  /// Everything written to standard output.
  public var stdout: String
  /// Everything written to standard error.
  public var stderr: String
}

/// Why a test helper could not do its job.
public struct TestSupportError: Error, CustomStringConvertible {
  /// What went wrong.
  public var description: String

  /// Creates an error with a message.
  public init(description: String) { self.description = description }
}

/// Helpers shared by every test target.
public enum TestSupport {
  /// The repository root (the directory holding Package.swift).
  public static let repoRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url
      }
    }
    fatalError("Package.swift not found above \(#filePath)")
  }()

  /// The private tools venv that scripts/setup.sh creates (pip, uv, packaging, ...).
  public static let toolsBin = repoRoot.appendingPathComponent(".tools/venv/bin")

  /// Creates a fresh, empty directory under the system temporary directory.
  public static func temporaryDirectory(_ label: String = "envlock-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// The absolute path of a tool: the tools venv first, then PATH. Throws (so the test fails,
  /// never skips) when the tool is missing: scripts/setup.sh must install it.
  public static func tool(_ name: String) throws -> String {
    if name.hasPrefix("/") { return name }
    let venvTool = toolsBin.appendingPathComponent(name).path
    if FileManager.default.isExecutableFile(atPath: venvTool) { return venvTool }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let candidate = "\(dir)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw TestSupportError(
      description: "`\(name)` is not installed; scripts/setup.sh should install it (run ./scripts/test.sh)")
  }

  /// The base interpreter (not a virtual environment) of `python3` as `tool(_:)` finds it, for
  /// tests that need a Python outside any venv: `sys.base_prefix` + `/bin/python3`.
  public static func basePython() throws -> String {
    let result = try run(
      "python3", ["-c", "import os, sys; print(os.path.join(sys.base_prefix, 'bin', 'python3'))"])
    let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    guard result.status == 0, FileManager.default.isExecutableFile(atPath: path) else {
      throw TestSupportError(description: "no base interpreter behind python3: \(result.stderr)")
    }
    return path
  }

  /// The `envlock` executable built next to the test bundle.
  public static func envlockBinary() throws -> String {
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent("envlock").path,
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("envlock").path,
    ]
    for c in candidates where FileManager.default.isExecutableFile(atPath: c) { return c }
    throw TestSupportError(
      description: "envlock binary not found near \(Bundle.main.bundleURL.path); run swift build")
  }

  /// Runs a tool (looked up with `tool(_:)`) and waits for it.
  @discardableResult
  public static func run(
    _ executable: String, _ arguments: [String], in directory: URL? = nil,
    environment: [String: String]? = nil, stdin: Data? = nil
  ) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try tool(executable))
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    try process.run()
    if let stdin { inPipe.fileHandleForWriting.write(stdin) }
    try? inPipe.fileHandleForWriting.close()
    // Read both pipes concurrently so neither can fill up and block the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = errPipe.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    let status =
      process.terminationReason == .uncaughtSignal
      ? 128 + process.terminationStatus : process.terminationStatus
    return ProcessResult(
      status: status, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// SHA-256 of a file in hex, as coreutils `sha256sum` computes it.
  public static func sha256sum(_ path: String) throws -> String {
    String(try run("sha256sum", [path]).stdout.prefix(64))
  }

  /// Compares `actual` with the golden file `Snapshots/<name>`. Returns nil when they match.
  /// A missing golden file is written and reported as a mismatch; `RECORD_SNAPSHOTS=1` re-records.
  public static func golden(_ actual: String, _ name: String) throws -> String? {
    let url = repoRoot.appendingPathComponent("Snapshots").appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try actual.write(to: url, atomically: true, encoding: .utf8)
      return record ? nil : "golden file \(name) was missing and has been written; check it and run again"
    }
    if expected == actual { return nil }
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(e.count, a.count) {
      let el = i < e.count ? String(e[i]) : "<end>"
      let al = i < a.count ? String(a[i]) : "<end>"
      if el != al {
        return
          "golden \(name) differs at line \(i + 1):\n  expected: \(el)\n  actual:   \(al)\n(RECORD_SNAPSHOTS=1 re-records)"
      }
    }
    return "golden \(name) differs"
  }
}
