import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

/// `envlock rebuild` end to end: the round trip through a real venv, and the -o / --strict / --json contract.
@Suite struct RebuildCLITests {
  static let fixtures = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/rebuild")

  static func wheel(
    _ folder: URL, _ name: String, _ version: String, requires: [String] = [], payload: String = ""
  )
    throws
  {
    var arguments = [fixtures.appendingPathComponent("make_wheel.py").path, folder.path, name, version]
    for r in requires { arguments += ["--requires", r] }
    if !payload.isEmpty { arguments += ["--payload", payload] }
    let result = try TestSupport.run("python3", arguments)
    #expect(result.status == 0, "\(result.stderr)")
  }

  /// A venv built from test-made wheels and its capture.
  static func capturedVenv(_ cli: CLI) throws -> (wheels: URL, snapshot: String) {
    let wheels = cli.home.appendingPathComponent("wheels")
    try wheel(wheels, "alpha", "1.0", requires: ["beta>=2"])
    try wheel(wheels, "beta", "2.1")
    let venv = cli.path("original")
    #expect(try TestSupport.run("python3", ["-m", "venv", venv]).status == 0)
    let install = try TestSupport.run(
      venv + "/bin/python",
      [
        "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index", "--find-links",
        wheels.path, "alpha",
      ])
    #expect(install.status == 0, "\(install.stderr)")
    let capture = try cli.run("capture", "--python", venv, "--no-sign", "-o", "original.envlock")
    #expect(capture.status == 0, "\(capture.stderr)")
    return (wheels, cli.path("original.envlock"))
  }

  @Test func roundTripThroughAVenvDiffsClean() throws {
    let cli = try CLI()
    let (wheels, snapshot) = try Self.capturedVenv(cli)
    let python = try TestSupport.tool("python3")
    let result = try cli.run(
      "rebuild", snapshot, "--venv", cli.path("rebuilt"), "--find-links", wheels.path, "--python", python,
      "--json")
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let report = try CanonicalJSON.parse(Array(result.stdout.utf8))
    guard case .object(let fields) = report else {
      Issue.record("not a JSON object")
      return
    }
    #expect(fields["differences"] == .array([]))
    // The rebuilt venv holds exactly the snapshot's packages, per pip too.
    let freeze = try TestSupport.run(cli.path("rebuilt") + "/bin/python", ["-m", "pip", "freeze", "--all"])
    #expect(
      freeze.stdout.contains("alpha==1.0\n") && freeze.stdout.contains("beta==2.1\n"), "\(freeze.stdout)")
  }

  @Test func sameVersionOtherBuildIsADifference() throws {
    let cli = try CLI()
    let (_, snapshot) = try Self.capturedVenv(cli)
    let other = cli.home.appendingPathComponent("other-wheels")
    try Self.wheel(other, "alpha", "1.0", requires: ["beta>=2"], payload: "patched = True")
    try Self.wheel(other, "beta", "2.1")
    let result = try cli.run(
      "rebuild", snapshot, "--venv", cli.path("rebuilt"), "--find-links", other.path, "--python",
      try TestSupport.tool("python3"))
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("alpha: same version, different build"), "\(result.stdout)")
    #expect(!result.stdout.contains("beta:"))
  }

  @Test func outputDirectoryHazardsAndStrict() throws {
    let cli = try CLI()
    let snapshot = TestSupport.repoRoot.appendingPathComponent("Snapshots/rebuild/debian-venv/snapshot.json")
      .path
    let result = try cli.run("rebuild", snapshot, "-o", "out")
    #expect(result.status == 0, "\(result.stderr)")
    for file in [
      "Dockerfile", "requirements.lock", "pylock.toml", "apt-packages.txt", "environment.env", "REBUILD.md",
      "SHA256SUMS",
    ] {
      #expect(FileManager.default.fileExists(atPath: cli.path("out/\(file)")), "\(file)")
    }
    #expect(result.stderr.contains("hazard[editable] churn-model:"))
    #expect(result.stderr.contains("hazard[gpu]"))
    // A second run into the same directory needs --force.
    #expect(try cli.run("rebuild", snapshot, "-o", "out").status == 2)
    let strict = try cli.run("rebuild", snapshot, "-o", "out", "--force", "--strict", "--json")
    #expect(strict.status == 1)
    let report = try CanonicalJSON.parse(Array(strict.stdout.utf8))
    if case .object(let fields) = report, case .array(let hazards)? = fields["hazards"] {
      // The eight of the golden case, plus one `config-content-missing` per config file (a JSON
      // snapshot carries no config content): `config/settings.toml` and `@venv/pip.conf`, plus
      // `unsigned-input` (a JSON snapshot has no signature).
      #expect(hazards.count == 11)
      #expect(
        hazards.contains {
          if case .object(let hazard) = $0 { return hazard["code"] == .string("unsigned-input") }
          return false
        })
    } else {
      Issue.record("no hazards array in --json output")
    }
  }

  @Test(arguments: [["rebuild", "x.json"], ["rebuild", "x.json", "-o", "a", "--venv", "b"]])
  func usageErrorsExit2(_ arguments: [String]) throws {
    let cli = try CLI()
    let result = try TestSupport.run(
      try TestSupport.envlockBinary(), arguments, in: cli.home, environment: cli.environment)
    #expect(result.status == 2)
  }

  @Test func missingSnapshotExits2() throws {
    let result = try CLI().run("rebuild", "missing.envlock", "-o", "out")
    #expect(result.status == 2)
    #expect(result.stderr.contains("Cannot read the snapshot `missing.envlock`"))
  }

  /// A venv of one test-made wheel captured with `--config settings.toml`, signed with `k1.key`
  /// (and unsigned); `k1.pub` and `k2.pub` are two keys.
  static func signedCapture(_ cli: CLI) throws {
    for key in ["k1", "k2"] {
      let keygen = try cli.run("keygen", "-s", "\(key).key")
      #expect(keygen.status == 0, "\(keygen.stderr)")
    }
    let wheels = cli.home.appendingPathComponent("wheels")
    try wheel(wheels, "alpha", "1.0")
    let venv = cli.path("venv")
    #expect(try TestSupport.run("python3", ["-m", "venv", "--without-pip", venv]).status == 0)
    try Data("debug = false\n".utf8).write(to: cli.home.appendingPathComponent("settings.toml"))
    for (sign, output) in [(["--key", "k1.key"], "signed.envlock"), (["--no-sign"], "unsigned.envlock")] {
      let capture = try TestSupport.run(
        try TestSupport.envlockBinary(),
        ["capture", "--python", venv, "--config", "settings.toml", "-o", output] + sign, in: cli.home,
        environment: cli.environment)
      #expect(capture.status == 0, "\(capture.stderr)")
    }
    #expect(try cli.run("extract", "signed.envlock", "-o", "extracted").status == 0)
    #expect(try cli.run("extract", "unsigned.envlock", "-o", "extracted-unsigned").status == 0)
  }

  /// One rebuild of `rebuildKeyChecksBeforeAnythingIsWritten`.
  struct KeyCase: CustomStringConvertible {
    var name: String
    var snapshot: String
    var key: String?
    var status: Int32
    /// The hazard or decision REBUILD.md must show, when the rebuild goes on.
    var shows: String?
    var description: String { name }
  }

  /// `rebuild --key` checks the signature before anything is written: a good key passes, a wrong
  /// key or a missing signature exits 1 with no output directory; without a key, or for an
  /// unsigned input, the rebuild goes on with a hazard in REBUILD.md and on stderr.
  @Test func rebuildKeyChecksBeforeAnythingIsWritten() throws {
    let cli = try CLI()
    try Self.signedCapture(cli)
    let cases = [
      KeyCase(
        name: "good key", snapshot: "signed.envlock", key: "k1.pub", status: 0,
        shows: "**signature**: verified"),
      KeyCase(name: "wrong key", snapshot: "signed.envlock", key: "k2.pub", status: 1),
      KeyCase(name: "unsigned with key", snapshot: "unsigned.envlock", key: "k1.pub", status: 1),
      KeyCase(name: "no key", snapshot: "signed.envlock", status: 0, shows: "`signature-not-checked`"),
      KeyCase(name: "unsigned", snapshot: "unsigned.envlock", status: 0, shows: "`unsigned-input`"),
      KeyCase(
        name: "extracted, good key", snapshot: "extracted/envlock.json", key: "k1.pub", status: 0,
        shows: "**signature**: verified"),
      KeyCase(name: "extracted, wrong key", snapshot: "extracted/envlock.json", key: "k2.pub", status: 1),
      KeyCase(
        name: "extracted, no key", snapshot: "extracted/envlock.json", status: 0,
        shows: "`signature-not-checked`"),
      KeyCase(
        name: "extracted unsigned, key", snapshot: "extracted-unsigned/envlock.json", key: "k1.pub", status: 1
      ),
      KeyCase(
        name: "extracted unsigned", snapshot: "extracted-unsigned/envlock.json", status: 0,
        shows: "`unsigned-input`"),
    ]
    for (index, c) in cases.enumerated() {
      let out = "out-\(index)"
      let result = try TestSupport.run(
        try TestSupport.envlockBinary(),
        ["rebuild", c.snapshot, "-o", out] + (c.key.map { ["--key", $0] } ?? []), in: cli.home,
        environment: cli.environment)
      #expect(result.status == c.status, "\(c.name): \(result.stderr)")
      if c.status == 1 {
        #expect(!FileManager.default.fileExists(atPath: cli.path(out)), "\(c.name): \(out) was written")
        #expect(result.stderr.contains("error: "), "\(c.name): \(result.stderr)")
        continue
      }
      let report = (try? String(contentsOfFile: cli.path(out + "/REBUILD.md"), encoding: .utf8)) ?? ""
      #expect(report.contains(c.shows ?? "?"), "\(c.name): \(report)")
      let hazard = c.shows?.hasPrefix("`") == true ? "hazard[\(c.shows!.dropFirst().dropLast())]" : nil
      #expect(
        hazard.map(result.stderr.contains) ?? !result.stderr.contains("hazard[signature"),
        "\(c.name): \(result.stderr)")
    }
  }

  /// `rebuild -o DIR --force` never writes through a symbolic link already inside DIR (issue #20,
  /// item 6): a linked `config-files/` or a linked `Dockerfile` is refused by name, and the folder
  /// or file it points to stays as it was.
  @Test(arguments: [("config-files", false), ("Dockerfile", true)])
  func forceDoesNotFollowLinksInTheOutput(_ name: String, _ toFile: Bool) throws {
    let cli = try CLI()
    try Self.signedCapture(cli)
    #expect(try cli.run("rebuild", "signed.envlock", "-o", "out").status == 0)
    let outside = cli.home.appendingPathComponent("outside")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    try Data("original\n".utf8).write(to: outside.appendingPathComponent("victim"))
    let link = cli.home.appendingPathComponent("out/\(name)")
    try FileManager.default.removeItem(at: link)
    try FileManager.default.createSymbolicLink(
      at: link, withDestinationURL: toFile ? outside.appendingPathComponent("victim") : outside)
    let lock = cli.path("out/requirements.lock")
    let inode = try FileManager.default.attributesOfItem(atPath: lock)[.systemFileNumber] as? Int
    let result = try cli.run("rebuild", "signed.envlock", "-o", "out", "--force")
    #expect(result.status == 2, "\(result.stderr)")
    // Refused before anything was written: the other files were not replaced either.
    #expect(try FileManager.default.attributesOfItem(atPath: lock)[.systemFileNumber] as? Int == inode)
    #expect(result.stderr.contains("`out/\(name)`: it is a symbolic link"), "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["victim"])
    #expect(try String(contentsOf: outside.appendingPathComponent("victim"), encoding: .utf8) == "original\n")
  }
}
