import EnvlockModel
import EnvlockRebuild
import EnvlockTestSupport
import Foundation
import Testing

/// Byte-for-byte goldens of every output for the reference snapshots.
/// Re-record with `RECORD_SNAPSHOTS=1 swift test --filter EnvlockRebuildTests`.
@Suite struct GoldenTests {
  static let outputs = [
    "Dockerfile", "requirements.lock", "pylock.toml", "REBUILD.md", "apt-packages.txt", "environment.env",
  ]

  @Test(arguments: Cases.all)
  func outputsMatchGoldens(_ name: String) throws {
    let plan = try Cases.plan(name)
    for output in Self.outputs {
      let text = String(decoding: plan.content(of: output), as: UTF8.self)
      let mismatch = try TestSupport.golden(text, "rebuild/\(name)/\(output)")
      #expect(mismatch == nil, "\(mismatch ?? "")")
    }
  }

  @Test(arguments: Cases.all)
  func outputsAreDeterministic(_ name: String) throws {
    let a = try Cases.plan(name).files()
    let b = try Cases.plan(name).files()
    #expect(a.map(\.path) == b.map(\.path))
    #expect(a.map(\.bytes) == b.map(\.bytes))
  }

  @Test(arguments: Cases.all)
  func hadolintReportsNothing(_ name: String) throws {
    let path = try Cases.temporaryFile(
      "Dockerfile", String(decoding: try Cases.plan(name).content(of: "Dockerfile"), as: UTF8.self))
    let result = try TestSupport.run("hadolint", ["--no-color", path])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.isEmpty, "\(result.stdout)")
  }

  @Test(arguments: Cases.all)
  func officialParserParsesTheDockerfile(_ name: String) throws {
    let plan = try Cases.plan(name)
    let path = try Cases.temporaryFile(
      "Dockerfile", String(decoding: plan.content(of: "Dockerfile"), as: UTF8.self))
    let script = """
      import dockerfile, sys
      for c in dockerfile.parse_file(sys.argv[1]):
          print(c.cmd, *c.value, sep="\\t")
      """
    let result = try TestSupport.run("python3", ["-c", script, path])
    #expect(result.status == 0, "\(result.stderr)")
    let commands = result.stdout.split(separator: "\n").map {
      $0.split(separator: "\t", omittingEmptySubsequences: false)
    }
    #expect(commands.first?.first == "FROM")
    #expect(commands.first?.dropFirst().first.map(String.init) == plan.base.reference)
    let names = commands.compactMap { $0.first.map(String.init) }
    #expect(names.last == "USER")
    #expect(commands.last?.last != "root")
    #expect(names.contains("LABEL"))
    #expect(result.stdout.contains("io.envlock.snapshot.digest\t\"sha256:\(plan.source.digest.hex)\""))
    #expect(result.stdout.contains("ARG\tSOURCE_DATE_EPOCH=\(plan.snapshot.capture.time.secondsSinceEpoch)"))
    let pip = commands.first { $0.first == "RUN" && $0.joined().contains("pip install") }.map {
      $0.joined(separator: " ")
    }
    #expect(pip?.contains("--no-deps --no-cache-dir") == true)
    #expect(pip?.contains("--require-hashes") == plan.requireHashes)
  }

  @Test(arguments: Cases.all)
  func pylockIsValidTOML(_ name: String) throws {
    let plan = try Cases.plan(name)
    let path = try Cases.temporaryFile(
      "pylock.toml", String(decoding: plan.content(of: "pylock.toml"), as: UTF8.self))
    let script = """
      import sys, tomllib
      with open(sys.argv[1], "rb") as f:
          doc = tomllib.load(f)
      assert doc["lock-version"] == "1.0", doc["lock-version"]
      print(*[p["name"] + "==" + p["version"] for p in doc["packages"]], sep="\\n")
      """
    let result = try TestSupport.run("python3", ["-c", script, path])
    #expect(result.status == 0, "\(result.stderr)")
    let expected = plan.pins.map { "\($0.package.name)==\($0.package.version)" }
    #expect(result.stdout.split(separator: "\n").map(String.init) == expected)
  }

  /// With a file for every package, pylock.toml passes `packaging`'s PEP 751 validation.
  @Test func completePylockPassesPackagingValidation() throws {
    let plan = try Cases.plan("hashed")
    #expect(plan.requireHashes)
    let path = try Cases.temporaryFile(
      "pylock.toml", String(decoding: plan.content(of: "pylock.toml"), as: UTF8.self))
    let script = """
      import sys, tomllib
      from packaging.pylock import Pylock
      with open(sys.argv[1], "rb") as f:
          lock = Pylock.from_dict(tomllib.load(f))
      lock.validate()
      print(len(lock.packages))
      """
    let result = try TestSupport.run("python3", ["-c", script, path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "\(plan.pins.count)\n")
  }
}
