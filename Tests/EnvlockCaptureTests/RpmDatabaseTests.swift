// RPM databases are read through the real `rpm` tool: a package built with rpmbuild and
// registered in a database the test makes.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

@Suite struct RpmDatabaseTests {
  @Test(arguments: [
    (
      "demo\t(none)\t1.2-3\tnoarch\n",
      [SystemPackage(manager: .rpm, name: "demo", version: "1.2-3", architecture: "noarch")]
    ),
    (
      "kernel\t2\t6.1-1.fc39\tx86_64\n",
      [SystemPackage(manager: .rpm, name: "kernel", version: "2:6.1-1.fc39", architecture: "x86_64")]
    ),
    ("broken line\n\n", []),
  ])
  func parsesQueryOutput(text: String, expected: [SystemPackage]) {
    #expect(RpmDatabase.parse(text) == expected)
  }

  @Test func readsARealDatabase() throws {
    let dir = try TestSupport.temporaryDirectory("envlock-rpm")
    let spec = dir.appendingPathComponent("demo.spec")
    try """
    Name: demo-lib
    Version: 1.2
    Release: 3
    Summary: test package
    License: MIT
    BuildArch: noarch
    %description
    test package
    %files
    """.write(to: spec, atomically: true, encoding: .utf8)
    let top = dir.appendingPathComponent("top").path
    let build = try TestSupport.run("rpmbuild", ["-bb", "--define", "_topdir \(top)", spec.path])
    #expect(build.status == 0, "\(build.stderr)")
    let db = dir.appendingPathComponent("db").path
    #expect(try TestSupport.run("rpm", ["--dbpath", db, "--initdb"]).status == 0)
    let rpmFile = "\(top)/RPMS/noarch/demo-lib-1.2-3.noarch.rpm"
    let install = try TestSupport.run("rpm", ["-i", "--dbpath", db, "--justdb", "--nodeps", rpmFile])
    #expect(install.status == 0, "\(install.stderr)")

    var warnings: [CaptureWarning] = []
    let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    let packages = RpmDatabase.installedPackages(directory: db, environment: env, warnings: &warnings)
    #expect(
      packages == [SystemPackage(manager: .rpm, name: "demo-lib", version: "1.2-3", architecture: "noarch")])
    #expect(warnings.isEmpty)
    // No database there: nothing, and no warning.
    #expect(RpmDatabase.installedPackages(directory: dir.path, environment: env, warnings: &warnings) == nil)
    #expect(warnings.isEmpty)
  }
}
