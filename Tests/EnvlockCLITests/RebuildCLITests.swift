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
      // snapshot carries no config content): `config/settings.toml` and `@venv/pip.conf`.
      #expect(hazards.count == 10)
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
}
