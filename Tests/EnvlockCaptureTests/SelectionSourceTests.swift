// The recorded selection reason names where the interpreter setting came from.

import EnvlockModel
import EnvlockProject
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

@Suite struct SelectionSourceTests {
  @Test(arguments: [(nil as String?, "envlock.toml"), (".venv", "--python")])
  func reasonNamesTheSource(flag: String?, reason: String) throws {
    let root = try TestSupport.temporaryDirectory("envlock-selection")
    let bin = root.appendingPathComponent(".venv/bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: try TestSupport.tool("true"), toPath: bin.appendingPathComponent("python").path)
    var options = CaptureOptions(
      python: flag.map { root.appendingPathComponent($0).path }, projectRoot: root.path, environment: [:],
      commandLine: [], toolVersion: "test")
    options.apply(try ProjectFile.parse("[python]\ninterpreter = \".venv\"\n"))
    let selected = try EnvironmentSelector.select(
      python: options.python, source: options.pythonSource, environment: [:], workingDirectory: root.path)
    #expect(selected.selection.reason == reason)
    #expect(selected.interpreter == bin.appendingPathComponent("python").path)
  }
}
