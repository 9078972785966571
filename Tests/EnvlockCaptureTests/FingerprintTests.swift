// The RECORD content fingerprint: the same wheel installed by pip and by uv into venvs at
// different paths fingerprints the same; a wheel with one changed file does not.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

@Suite struct FingerprintTests {
  static func spec(changed: Bool) -> WheelSpec {
    WheelSpec(
      name: "fp-pkg", version: "1.0",
      files: [
        "fp_pkg/__init__.py": "def main():\n    return 1\n",
        "fp_pkg/data.txt": changed ? "payload, changed\n" : "payload\n",
      ],
      consoleScripts: ["fp-run = fp_pkg:main"])
  }

  @Test func pipAndUvAtDifferentPathsAgreeAndAChangedFileDiffers() throws {
    let root = try TestSupport.temporaryDirectory("envlock-fp")
    let original = root.appendingPathComponent("wheels-original")
    let changed = root.appendingPathComponent("wheels-changed")
    try Fixtures.buildWheels([Self.spec(changed: false)], into: original)
    try Fixtures.buildWheels([Self.spec(changed: true)], into: changed)

    let pipVenv = root.appendingPathComponent("a/venv")
    let uvVenv = root.appendingPathComponent("somewhere/else/env2")
    let changedVenv = root.appendingPathComponent("c/venv")
    for venv in [pipVenv, uvVenv, changedVenv] { try Fixtures.makeVenv(venv) }
    try Fixtures.pip(pipVenv, ["install", "--no-index", "--find-links", original.path, "fp-pkg"])
    try Fixtures.uvInstall(uvVenv, wheels: original, ["fp-pkg"])
    try Fixtures.pip(changedVenv, ["install", "--no-index", "--find-links", changed.path, "fp-pkg"])

    func package(_ venv: URL) throws -> PythonPackage {
      let snapshot = try Fixtures.capture(venv)
      return try #require(snapshot.pythonPackages.first { $0.name == "fp-pkg" })
    }
    let byPip = try package(pipVenv)
    let byUv = try package(uvVenv)
    let byPipChanged = try package(changedVenv)
    #expect(byPip.installer == "pip")
    #expect(byUv.installer == "uv")
    // The RECORD files really differ (console script hashes hold the venv path; installer files).
    let pipRecord = try String(
      contentsOf: Fixtures.sitePackages(pipVenv).appendingPathComponent("fp_pkg-1.0.dist-info/RECORD"),
      encoding: .utf8)
    let uvRecord = try String(
      contentsOf: Fixtures.sitePackages(uvVenv).appendingPathComponent("fp_pkg-1.0.dist-info/RECORD"),
      encoding: .utf8)
    #expect(pipRecord != uvRecord)
    let fpPip = try #require(byPip.record?.contentFingerprint)
    #expect(byUv.record?.contentFingerprint == fpPip)
    #expect(byPipChanged.record?.contentFingerprint != fpPip)
  }

  /// RECORD lines and whether each belongs to the fingerprint.
  @Test(arguments: [
    ("pkg/mod.py,sha256=AAA,10", true),
    ("pkg/mod.cpython-311.pyc,,", false),
    ("pkg/__pycache__/mod.cpython-311.pyc,sha256=BBB,20", false),
    ("../../../bin/tool,sha256=CCC,300", false),
    ("/abs/path/file,sha256=DDD,1", false),
    ("pkg-1.0.dist-info/INSTALLER,sha256=EEE,4", false),
    ("pkg-1.0.dist-info/REQUESTED,sha256=FFF,0", false),
    ("pkg-1.0.dist-info/RECORD,,", false),
    ("pkg-1.0.dist-info/direct_url.json,sha256=GGG,50", false),
    ("pkg-1.0.dist-info/uv_cache.json,sha256=HHH,50", false),
    ("pkg-1.0.dist-info/uv_build.json,sha256=III,50", false),
    ("pkg-1.0.dist-info/METADATA,sha256=JJJ,500", true),
    ("pkg-1.0.dist-info/entry_points.txt,sha256=KKK,40", true),
    ("\"pkg/a,b.py\",sha256=LLL,7", true),
  ])
  func whichLinesCount(line: String, counts: Bool) {
    let base = RecordFingerprint.parse(
      Array("pkg/base.py,sha256=ZZZ,1\n".utf8), metadataDirectory: "pkg-1.0.dist-info")
    let with = RecordFingerprint.parse(
      Array("pkg/base.py,sha256=ZZZ,1\n\(line)\n".utf8), metadataDirectory: "pkg-1.0.dist-info")
    #expect((base.summary.contentFingerprint != with.summary.contentFingerprint) == counts)
    #expect(with.summary.fileCount == 2)
    #expect(with.badLines.isEmpty)
  }

  @Test func lineOrderAndLineEndingsDoNotMatter() {
    let a = RecordFingerprint.parse(
      Array("x/a.py,sha256=A,1\nx/b.py,sha256=B,2\n".utf8), metadataDirectory: "x-1.dist-info")
    let b = RecordFingerprint.parse(
      Array("x/b.py,sha256=B,2\r\nx/a.py,sha256=A,1\r\n".utf8), metadataDirectory: "x-1.dist-info")
    #expect(a.summary == b.summary)
    #expect(a.summary.totalSize == 3)
  }
}
