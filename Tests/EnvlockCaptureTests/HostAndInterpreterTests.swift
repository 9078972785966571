import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

@Suite struct HostAndInterpreterTests {
  @Test func capturesTheToolsVenv() throws {
    let venv = TestSupport.repoRoot.appendingPathComponent(".tools/venv").path
    let options = CaptureOptions(
      python: venv, projectRoot: "/tmp", environment: ProcessInfo.processInfo.environment,
      commandLine: ["envlock", "capture"], toolVersion: "test")
    let snapshot = try Capturer.capture(options).snapshot
    _ = try CanonicalJSON.encode(snapshot)
    let interp = try #require(snapshot.interpreter)
    #expect(interp.isVirtualEnvironment)
    #expect(interp.prefix == venv)
    #expect(interp.selection.reason == "--python")
    #expect(snapshot.host?.cpu.logicalCores ?? 0 >= 1)
  }
}
