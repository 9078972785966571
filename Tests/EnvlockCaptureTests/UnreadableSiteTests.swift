// Unreadable metadata directories and site-packages become warnings naming them; the capture goes on.
// The tests run as root, who reads everything, so envlock runs as `nobody` through `setpriv`.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct UnreadableSiteTests {
  /// Runs `envlock capture` as nobody (when root) and returns the snapshot and stderr.
  func captureAsNobody(venv: URL, in dir: URL) throws -> (ProcessResult, Snapshot?) {
    let envlock = try TestSupport.envlockBinary()
    let out = dir.appendingPathComponent("u.envlock").path
    let args = ["capture", "--no-sign", "--python", venv.path, "-o", out, "--quiet"]
    var env = [
      "PATH": "/usr/bin:/bin", "HOME": dir.path, "ENVLOCK_REDACTION_KEY": String(repeating: "k", count: 40),
    ]
    env["LANG"] = "C.UTF-8"
    let result =
      getuid() == 0
      ? try TestSupport.run(
        "setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", envlock] + args, in: dir,
        environment: env)
      : try TestSupport.run(envlock, args, in: dir, environment: env)
    guard result.status == 0 else { return (result, nil) }
    let json = try TestSupport.run(envlock, ["show", "--json", out], in: dir)
    let manifest = try CanonicalJSON.decode(Manifest.self, from: Array(json.stdout.utf8))
    return (result, manifest.snapshot)
  }

  @Test func lockedMetadataDirectoryIsAWarning() throws {
    let dir = try TestSupport.temporaryDirectory("envlock-unreadable")
    chmod(dir.path, 0o777)
    let venv = dir.appendingPathComponent("venv")
    let made = try TestSupport.run("python3", ["-m", "venv", "--without-pip", venv.path])
    #expect(made.status == 0, "\(made.stderr)")
    let site = try #require(
      FileManager.default.enumerator(atPath: venv.appendingPathComponent("lib").path)?
        .compactMap { $0 as? String }.first { $0.hasSuffix("site-packages") })
    let sitePackages = venv.appendingPathComponent("lib").appendingPathComponent(site)
    for (name, version) in [("fine", "1.0"), ("locked", "2.0")] {
      let meta = sitePackages.appendingPathComponent("\(name)-\(version).dist-info")
      try FileManager.default.createDirectory(at: meta, withIntermediateDirectories: true)
      try "Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n".write(
        to: meta.appendingPathComponent("METADATA"), atomically: true, encoding: .utf8)
    }
    let locked = sitePackages.appendingPathComponent("locked-2.0.dist-info")
    chmod(locked.path, 0)
    defer { chmod(locked.path, 0o755) }

    let (result, snapshot) = try captureAsNobody(venv: venv, in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    let captured = try #require(snapshot)
    #expect(captured.pythonPackages.contains { $0.name == "fine" && $0.version == "1.0" })
    let warning = captured.warnings.first { ($0.path ?? "").hasPrefix(locked.path) }
    #expect(warning != nil, "warnings: \(captured.warnings)")
    #expect(result.stderr.contains(locked.path), "\(result.stderr)")
  }
}
