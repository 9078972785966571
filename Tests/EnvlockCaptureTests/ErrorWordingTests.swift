// CaptureError is worded for any caller: no command-line flag, no documentation path. The errors
// come from the real interpreter selection and redaction-key lookup where they can.

import EnvlockProject
import EnvlockRedaction
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

@Suite struct CaptureErrorWordingTests {
  /// Interpreter choices that cannot work: a missing file, a folder without Python, a name not on
  /// PATH, a `$VIRTUAL_ENV` without Python, and no `python3` at all.
  @Test(arguments: ["missing", "folder", "name", "variable", "nothing"])
  func interpreterSelectionErrorsNameNoFlag(_ kind: String) throws {
    let empty = try TestSupport.temporaryDirectory("envlock-select")
    let (python, environment): (String?, [String: String]) =
      switch kind {
      case "missing": (empty.appendingPathComponent("python").path, ["PATH": "/usr/bin"])
      case "folder": (empty.path, ["PATH": "/usr/bin"])
      case "name": ("python-envlock-none", ["PATH": empty.path])
      case "variable": (nil, ["VIRTUAL_ENV": empty.path, "PATH": "/usr/bin"])
      default: (nil, ["PATH": empty.path])
      }
    let error = #expect(throws: CaptureError.self) {
      try EnvironmentSelector.select(python: python, environment: environment, workingDirectory: empty.path)
    }
    #expect(
      error.map { TestSupport.commandLineWording(in: $0).isEmpty } == true, "\(String(describing: error))")
    #expect(error?.hint != nil)
  }

  /// A missing key file and a key too short to use.
  @Test(arguments: ["missing file", "short key"])
  func redactionKeyErrorsNameNoFlag(_ kind: String) throws {
    let root = try TestSupport.temporaryDirectory("envlock-key")
    let settings = RedactionSettings()
    let error = #expect(throws: CaptureError.self) {
      _ =
        kind == "missing file"
        ? try RedactionKey.resolve(
          explicitFile: "none.key", settings: settings, environment: [:], projectRoot: root.path)
        : try RedactionKey.resolve(
          explicitFile: nil, settings: settings, environment: [settings.keyEnvironmentVariable: "abc"],
          projectRoot: root.path)
    }
    #expect(
      error.map { TestSupport.commandLineWording(in: $0).isEmpty } == true, "\(String(describing: error))")
  }

  @Test(arguments: [
    CaptureError.configFile(path: "/p/settings.toml", reason: "No such file or directory"),
    .notebook(path: "/p/a.ipynb", reason: "no such file"),
    .dataIncomplete(problems: [DataProblem(path: "data/locked.bin", reason: "Permission denied")]),
    .probeFailed(probe: "interpreter", path: "/p/python", reason: "it could not be started", hint: nil),
    .secretsWithoutKey(
      count: 2,
      keyFailure: .redactionKey(
        path: "/p/.envlock/redaction.key", reason: "No space left on device",
        hint: "check the folder's permissions")),
  ])
  func otherCaptureErrorsNameNoFlagOrDocument(_ error: CaptureError) {
    #expect(TestSupport.commandLineWording(in: error).isEmpty)
  }
}
