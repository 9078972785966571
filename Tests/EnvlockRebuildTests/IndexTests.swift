import EnvlockModel
import EnvlockRebuild
import EnvlockTestSupport
import Foundation
import Testing

/// `--hashes` against a PEP 691/503 index the test serves on 127.0.0.1, and the lock files checked by pip and uv.
@Suite struct IndexTests {
  /// Wheels alpha 1.0 (needs beta), beta 2.1, and a platform wheel of gamma next to its pure wheel.
  static func wheels() throws -> URL {
    let folder = try TestSupport.temporaryDirectory("envlock-wheels")
    try Fixtures.wheel(folder, "alpha", "1.0", requires: ["beta>=2"])
    try Fixtures.wheel(folder, "beta", "2.1")
    try Fixtures.wheel(folder, "beta", "2.0")
    try Fixtures.wheel(folder, "gamma", "3.0", tag: "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64")
    try Fixtures.wheel(folder, "gamma", "3.0", tag: "py3-none-any")
    return folder
  }

  static let packages = [
    Fixtures.package("alpha", "1.0"), Fixtures.package("beta", "2.1"),
    Fixtures.package(
      "gamma", "3.0", tags: ["cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux2014_x86_64"]),
  ]

  @Test(arguments: [[], ["--html-only"], ["--no-hashes"], ["--html-only", "--no-hashes"]])
  func lookupFindsTheFileWithTheCapturedTags(_ flags: [String]) async throws {
    let folder = try Self.wheels()
    let index = try LocalIndex(folder, flags: flags)
    defer { index.stop() }
    let missing = Fixtures.package("delta", "1.0")
    let found = try await IndexHashLookup(indexURL: index.url).lookup(Self.packages + [missing])
    #expect(found.keys.sorted() == ["alpha", "beta", "gamma"])
    #expect(
      found["gamma"]?.filename == "gamma-3.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
    #expect(found["beta"]?.filename == "beta-2.1-py3-none-any.whl")
    for (name, file) in found {
      #expect(
        file.sha256.hex == (try TestSupport.sha256sum(folder.appendingPathComponent(file.filename).path)),
        "\(name)"
      )
      #expect(file.url.hasPrefix("http://127.0.0.1:\(index.port)/files/"))
    }
  }

  @Test func unreachableIndexIsAnError() async throws {
    await #expect(throws: RebuildError.self) {
      _ = try await IndexHashLookup(indexURL: "http://127.0.0.1:9/simple").lookup(Self.packages)
    }
  }

  /// `pip install --dry-run --no-index --find-links DIR --report` resolves requirements.lock to exactly the snapshot.
  @Test(arguments: [false, true])
  func pipResolvesTheLockToExactlyTheSnapshot(_ hashed: Bool) async throws {
    let folder = try Self.wheels()
    var options = RebuildOptions(hashesRequested: hashed, toolVersion: "0.1.0")
    if hashed {
      let index = try LocalIndex(folder)
      defer { index.stop() }
      options.lockedFiles = try await IndexHashLookup(indexURL: index.url).lookup(Self.packages)
    }
    let plan = try RebuildPlan.make(Fixtures.source(Fixtures.snapshot(Self.packages)), options: options)
    #expect(plan.requireHashes == hashed)
    let out = try TestSupport.temporaryDirectory("envlock-pip")
    let lock = out.appendingPathComponent("requirements.lock")
    try Data(plan.content(of: "requirements.lock")).write(to: lock)
    let report = out.appendingPathComponent("report.json")
    let result = try TestSupport.run(
      "pip",
      [
        "install", "--dry-run", "--ignore-installed", "--no-index", "--find-links", folder.path, "--report",
        report.path, "--quiet", "--disable-pip-version-check", "-r", lock.path,
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let script = """
      import json, sys
      report = json.load(open(sys.argv[1]))
      for item in report["install"]:
          print(item["metadata"]["name"] + "==" + item["metadata"]["version"], item["download_info"]["url"].rsplit("/", 1)[-1])
      """
    let listed = try TestSupport.run("python3", ["-c", script, report.path])
    #expect(listed.status == 0, "\(listed.stderr)")
    let lines = listed.stdout.split(separator: "\n").map(String.init).sorted()
    #expect(lines.map { String($0.split(separator: " ")[0]) } == ["alpha==1.0", "beta==2.1", "gamma==3.0"])
    #expect(
      lines.contains { $0.hasSuffix("gamma-3.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl") })
  }

  /// `uv pip install -r pylock.toml` installs the pins from the test's local index.
  @Test func uvInstallsThePylock() async throws {
    let folder = try Self.wheels()
    let index = try LocalIndex(folder)
    defer { index.stop() }
    let packages = [Fixtures.package("alpha", "1.0"), Fixtures.package("beta", "2.1")]
    let files = try await IndexHashLookup(indexURL: index.url).lookup(packages)
    let plan = try RebuildPlan.make(
      Fixtures.source(Fixtures.snapshot(packages)),
      options: RebuildOptions(
        indexURL: index.url, hashesRequested: true, lockedFiles: files, toolVersion: "0.1.0"))
    let out = try TestSupport.temporaryDirectory("envlock-uv")
    let pylock = out.appendingPathComponent("pylock.toml")
    try Data(plan.content(of: "pylock.toml")).write(to: pylock)
    let venv = out.appendingPathComponent("venv").path
    #expect(try TestSupport.run("python3", ["-m", "venv", "--without-pip", venv]).status == 0)
    let install = try TestSupport.run(
      "uv", ["pip", "install", "--python", venv + "/bin/python", "--no-cache", "-r", pylock.path])
    #expect(install.status == 0, "\(install.stderr)")
    let freeze = try TestSupport.run("uv", ["pip", "freeze", "--python", venv + "/bin/python"])
    #expect(freeze.stdout == "alpha==1.0\nbeta==2.1\n", "\(freeze.stderr)")
  }
}
