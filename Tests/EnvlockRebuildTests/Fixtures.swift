import EnvlockArchive
import EnvlockModel
import EnvlockRebuild
import EnvlockTestSupport
import Foundation

/// Test-made wheels and a PEP 691/503 index served on 127.0.0.1 by the test itself.
enum Fixtures {
  static let scripts = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/rebuild")

  /// Writes a wheel into `folder` with python3's zipfile; returns its file name.
  @discardableResult
  static func wheel(
    _ folder: URL, _ name: String, _ version: String, tag: String = "py3-none-any", requires: [String] = [],
    payload: String = ""
  ) throws -> String {
    var arguments = [
      scripts.appendingPathComponent("make_wheel.py").path, folder.path, name, version, "--tag", tag,
    ]
    for r in requires { arguments += ["--requires", r] }
    if !payload.isEmpty { arguments += ["--payload", payload] }
    let result = try TestSupport.run("python3", arguments)
    guard result.status == 0 else {
      throw TestSupportError(description: "make_wheel failed: \(result.stderr)")
    }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// A snapshot package for a test-made wheel.
  static func package(_ name: String, _ version: String, tags: [String] = ["py3-none-any"]) -> PythonPackage {
    PythonPackage(
      name: name, displayName: name, version: version, wheelTags: tags, installer: "pip",
      location: "/venv/site-packages",
      record: RecordSummary(
        fileCount: 3, totalSize: 100, contentFingerprint: Digest(bytes: Array(repeating: 7, count: 32))))
  }

  /// A minimal snapshot of the machine the tests run on (CPython 3.11 on Linux x86_64).
  static func snapshot(_ packages: [PythonPackage], version: String = "3.11.7") -> Snapshot {
    let markers = MarkerEnvironment(
      implementationName: "cpython", implementationVersion: version, osName: "posix",
      platformMachine: "x86_64",
      platformRelease: "6.1.0", platformSystem: "Linux", platformVersion: "#1", pythonFullVersion: version,
      platformPythonImplementation: "CPython", pythonVersion: String(version.prefix(4)), sysPlatform: "linux")
    let interpreter = Interpreter(
      selection: InterpreterSelection(path: "/venv", reason: "--python"), implementation: "cpython",
      version: version,
      executable: "/venv/bin/python", realPath: "/usr/local/bin/python3.11", sha256: nil, libpython: nil,
      prefix: "/venv", basePrefix: "/usr/local", execPrefix: "/venv", isVirtualEnvironment: true,
      siteDirectories: ["/venv/site-packages"], platform: "linux-x86_64", soabi: nil, extSuffix: nil,
      multiarch: nil, libc: Libc(family: "glibc", version: "2.36"), compiler: nil, buildDate: nil,
      markers: markers)
    let capture = CaptureInfo(
      toolVersion: "0.1.0", time: Timestamp(secondsSinceEpoch: 1_795_927_711), hostName: "test",
      commandLine: ["envlock", "capture"], projectRoot: "/project")
    return Snapshot(capture: capture, interpreter: interpreter, pythonPackages: packages)
  }

  /// The digest test sources are identified by.
  static let digest = Digest(hex: String(repeating: "0", count: 64))!

  /// A source for a snapshot with a fixed digest.
  static func source(_ snapshot: Snapshot) -> SnapshotFile {
    SnapshotFile(snapshot: snapshot, digest: digest)
  }
}

/// `simple_index.py` running on a free 127.0.0.1 port; `stop()` ends it (closing its stdin).
final class LocalIndex {
  let process = Process()
  let input = Pipe()
  let port: Int

  var url: String { "http://127.0.0.1:\(port)/simple" }

  init(_ folder: URL, flags: [String] = []) throws {
    process.executableURL = URL(fileURLWithPath: try TestSupport.tool("python3"))
    process.arguments =
      [Fixtures.scripts.appendingPathComponent("simple_index.py").path, folder.path] + flags
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.standardError
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    guard
      let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    else {
      process.terminate()
      throw TestSupportError(description: "simple_index.py did not print its port")
    }
    self.port = port
  }

  func stop() {
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }
}
