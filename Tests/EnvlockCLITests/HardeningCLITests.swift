// End-to-end hardening cases through the built binary: inputs that crashed, hid content or lost
// fingerprints before.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct HardeningCLITests {
  /// The locale variables a user may run with; a Swift process itself always runs in the C locale.
  static let locales: [[String: String]] = [[:], ["LANG": "C"], ["LANG": "C.UTF-8"], ["LC_ALL": "C.UTF-8"]]

  /// Config files with non-ASCII paths (one found through `PIP_CONFIG_FILE`, one named with
  /// `--config`) crashed capture with SIGSEGV inside libarchive's `archive_write_header`.
  @Test(arguments: locales)
  func capturesConfigFilesWithNonASCIIPaths(_ locale: [String: String]) throws {
    let p = try ProjectRun()
    try p.write("café/pip.conf", "[global]\ntimeout = 10\n")
    try p.write("données.toml", "threads = 4\n")
    var extra = locale
    extra["PIP_CONFIG_FILE"] = p.path("café/pip.conf")
    var run = p.environment(extra)
    for name in ["LANG", "LC_ALL", "LC_CTYPE"] where locale[name] == nil { run.removeValue(forKey: name) }
    let capture = try TestSupport.run(
      try TestSupport.envlockBinary(), ["capture", "--no-sign", "-q", "-o", "a.envlock", "--config", "données.toml"],
      in: p.root, environment: run)
    #expect(capture.status == 0, "\(capture.stderr)")
    let snapshot = try p.snapshot("a.envlock")
    #expect(Set(snapshot.configFiles.map(\.path)).isSuperset(of: ["café/pip.conf", "données.toml"]))
    let listed = try TestSupport.run("bsdtar", ["-tf", p.path("a.envlock")], environment: ["LC_ALL": "C.UTF-8"])
    #expect(listed.stdout.contains("config/café/pip.conf\n"), "\(listed.stdout)")
  }
}
