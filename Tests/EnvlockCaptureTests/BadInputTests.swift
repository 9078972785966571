// Bad input never crashes a capture: broken metadata gives warnings naming the file; an
// interpreter that is missing or broken gives a clear error.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

@Suite struct BadInputTests {
  /// A broken distribution: its directory name, the files written into it, the warning expected,
  /// and the version recorded (nil when the entry is left out).
  struct Case: Sendable, CustomStringConvertible {
    var directory: String
    var files: [String: [UInt8]]
    var symlinks: [String: String] = [:]
    var warning: CaptureWarning.Code
    var warnedFile: String
    var version: String?
    var description: String { warning.rawValue }
  }

  static let cases: [Case] = [
    Case(
      directory: "badutf-1.0.dist-info",
      files: [
        "METADATA": Array("Metadata-Version: 2.1\nName: badutf\nVersion: 1.0\nSummary: caf".utf8) + [
          0xE9, 0x0A,
        ]
      ],
      warning: .metadataNotUTF8, warnedFile: "METADATA", version: "1.0"),
    Case(
      directory: "nover-3.2.dist-info",
      files: ["METADATA": Array("Metadata-Version: 2.1\nName: nover\n".utf8)],
      warning: .metadataMissingVersion, warnedFile: "METADATA", version: "3.2"),
    Case(
      directory: "nometa-0.1.dist-info", files: ["WHEEL": Array("Wheel-Version: 1.0\n".utf8)],
      warning: .metadataUnreadable, warnedFile: "METADATA", version: "0.1"),
    Case(
      directory: "badrec-1.0.dist-info",
      files: [
        "METADATA": Array("Name: badrec\nVersion: 1.0\n".utf8),
        "RECORD": Array(
          "badrec/a.py,sha256=A,1\nnot a record line\nbadrec/b.py,sha256=B,notanumber\n\"unterminated,x,1\n"
            .utf8),
      ],
      warning: .recordBadLines, warnedFile: "RECORD", version: "1.0"),
    Case(
      directory: "badjson-1.0.dist-info",
      files: [
        "METADATA": Array("Name: badjson\nVersion: 1.0\n".utf8), "direct_url.json": Array("{not json".utf8),
      ],
      warning: .directURLInvalid, warnedFile: "direct_url.json", version: "1.0"),
    Case(
      directory: "dangling-1.0.dist-info", files: ["METADATA": Array("Name: dangling\nVersion: 1.0\n".utf8)],
      symlinks: ["direct_url.json": "/nonexistent/direct_url.json"],
      warning: .metadataFileUnreadable, warnedFile: "direct_url.json", version: "1.0"),
    Case(
      directory: "gonedir-1.0.dist-info",
      files: [
        "METADATA": Array("Name: gonedir\nVersion: 1.0\n".utf8),
        "direct_url.json": Array(
          #"{"url": "file:///nonexistent/project", "dir_info": {"editable": true}}"#.utf8),
      ],
      warning: .directURLDangling, warnedFile: "direct_url.json", version: "1.0"),
    Case(
      directory: "-.dist-info", files: [:], warning: .metadataMissingName, warnedFile: "METADATA",
      version: nil),
  ]

  @Test(arguments: cases)
  func brokenMetadataBecomesAWarning(_ c: Case) throws {
    let root = try TestSupport.temporaryDirectory("envlock-bad")
    let venv = root.appendingPathComponent("venv")
    try Fixtures.makeVenv(venv)
    let dir = try Fixtures.sitePackages(venv).appendingPathComponent(c.directory)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, bytes) in c.files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
    for (name, target) in c.symlinks {
      try FileManager.default.createSymbolicLink(
        atPath: dir.appendingPathComponent(name).path, withDestinationPath: target)
    }
    let snapshot = try Fixtures.capture(venv)
    let expectedPath = dir.appendingPathComponent(c.warnedFile).path
    #expect(
      snapshot.warnings.contains { $0.code == c.warning && $0.path == expectedPath },
      "warnings: \(snapshot.warnings)")
    let recorded = snapshot.pythonPackages.first { $0.location == dir.deletingLastPathComponent().path }
    #expect(recorded?.version == c.version)
  }

  /// Interpreters that cannot be probed: the error names the path and says what went wrong.
  @Test(arguments: [
    ("missing", "", "does not exist"),
    ("crashes", "#!/bin/sh\necho boom >&2\nexit 3\n", "status 3: boom"),
    ("garbage", "#!/bin/sh\necho hello\n", "not its JSON report"),
    ("not-executable", "", "not an executable"),
  ])
  func brokenInterpreterFailsClearly(kind: String, script: String, reason: String) throws {
    let root = try TestSupport.temporaryDirectory("envlock-badpy")
    let python = root.appendingPathComponent("python")
    if kind != "missing" {
      try script.write(to: python, atomically: true, encoding: .utf8)
      if kind != "not-executable" {
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
      }
    }
    let options = CaptureOptions(
      python: python.path, projectRoot: root.path, environment: ProcessInfo.processInfo.environment,
      commandLine: [], toolVersion: "test")
    do {
      _ = try Capturer.capture(options)
      Issue.record("capture of a \(kind) interpreter succeeded")
    } catch let error as CaptureError {
      #expect(error.description.contains(python.path))
      #expect(error.description.contains(reason), "\(error)")
    }
  }
}
