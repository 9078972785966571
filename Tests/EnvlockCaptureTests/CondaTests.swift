// conda-meta records of the prefix, read from a prefix the test lays out itself (a venv with a
// `conda-meta/` directory: the capture reads conda records of whatever prefix `sys.prefix` is).

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

@Suite struct CondaTests {
  @Test func recordsAreReadAndPipPackagesToldApart() throws {
    let root = try TestSupport.temporaryDirectory("envlock-conda")
    let venv = root.appendingPathComponent("prefix")
    try Fixtures.makeVenv(venv)
    let site = try Fixtures.sitePackages(venv)
    let pyDir = site.deletingLastPathComponent().lastPathComponent
    let meta = venv.appendingPathComponent("conda-meta")
    try Fixtures.write(
      #"{"name": "numpy", "version": "1.26.4", "build": "py311h64a7726_0", "build_number": 0, "channel": "https://conda.anaconda.org/conda-forge", "subdir": "linux-64", "md5": "a8b3c6a8b4f2e1d0c9b8a7f6e5d4c3b2", "sha256": "0f3e2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e", "files": ["lib/\#(pyDir)/site-packages/numpy-1.26.4.dist-info/METADATA", "lib/\#(pyDir)/site-packages/numpy/__init__.py"]}"#,
      to: meta.appendingPathComponent("numpy-1.26.4-py311h64a7726_0.json"))
    try Fixtures.write(
      #"{"name": "zlib", "version": "1.2.13", "build": "hd590300_5", "build_number": 5, "channel": "conda-forge", "subdir": "linux-64", "files": []}"#,
      to: meta.appendingPathComponent("zlib-1.2.13-hd590300_5.json"))
    try Fixtures.write("{broken", to: meta.appendingPathComponent("broken-1.0-0.json"))
    try Fixtures.write("", to: meta.appendingPathComponent("history"))
    for (dir, name, version, installer) in [
      ("numpy-1.26.4.dist-info", "numpy", "1.26.4", "conda"), ("stray-1.0.dist-info", "stray", "1.0", nil),
    ] {
      let d = site.appendingPathComponent(dir)
      try Fixtures.write(
        "Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n",
        to: d.appendingPathComponent("METADATA"))
      if let installer { try Fixtures.write(installer + "\n", to: d.appendingPathComponent("INSTALLER")) }
    }
    let snapshot = try Fixtures.capture(venv)
    #expect(snapshot.condaPackages.map(\.name) == ["numpy", "zlib"])
    let numpy = try #require(snapshot.condaPackages.first)
    #expect(numpy.build == "py311h64a7726_0" && numpy.subdir == "linux-64" && numpy.md5 != nil)
    #expect(snapshot.condaPackages.last?.buildNumber == 5)
    #expect(
      snapshot.warnings.contains {
        $0.code == .condaRecordInvalid && $0.path?.hasSuffix("broken-1.0-0.json") == true
      })
    #expect(snapshot.pythonPackages.first { $0.name == "numpy" }?.installer == "conda")
    let foreign = snapshot.warnings.filter { $0.code == .condaPrefixForeignPackage }
    #expect(foreign.map(\.path) == [site.appendingPathComponent("stray-1.0.dist-info").path])
  }
}
