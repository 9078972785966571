// Alpine's apk database is read into system packages like dpkg's.

import EnvlockModel
import Testing

@testable import EnvlockCapture

@Suite struct ApkInstalledTests {
  @Test(arguments: ["\n", "\r\n"])
  func parsesRecords(lineEnd: String) {
    let text = [
      "C:Q1abc=", "P:musl", "V:1.2.4-r2", "A:x86_64", "S:383152", "T:the musl c library", "",
      "P:libgomp", "V:13.2.1_git20231014-r0", "A:x86_64", "",
      "P:broken-no-version", "A:x86_64", "", "garbage line", "",
    ].joined(separator: lineEnd)
    #expect(
      ApkInstalled.parse(text) == [
        SystemPackage(manager: .apk, name: "musl", version: "1.2.4-r2", architecture: "x86_64"),
        SystemPackage(
          manager: .apk, name: "libgomp", version: "13.2.1_git20231014-r0", architecture: "x86_64"),
      ])
  }

  @Test func absentDatabaseIsNil() {
    var warnings: [CaptureWarning] = []
    #expect(ApkInstalled.installedPackages(path: "/nonexistent/installed", warnings: &warnings) == nil)
    #expect(warnings.isEmpty)
  }
}
