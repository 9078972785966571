// End-to-end tests of `envlock capture` for environment variables, config files and data files,
// and of `envlock init`, through the built binary and the real tar, zstd and sha256sum.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

/// A project folder used as the working directory (and home) of `envlock` runs.
struct ProjectRun {
  let root: URL

  init() throws {
    root = try TestSupport.temporaryDirectory("envlock-project")
  }

  func path(_ name: String) -> String { root.appendingPathComponent(name).path }

  func write(_ name: String, _ text: String) throws {
    let url = root.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// The environment of a run: isolated home, no envlock keys, plus `extra`.
  func environment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["HOME"] = root.path
    env["XDG_CONFIG_HOME"] = path("xdg")
    for name in ["ENVLOCK_KEY", "ENVLOCK_REDACTION_KEY", "VIRTUAL_ENV", "CONDA_PREFIX", "PIP_CONFIG_FILE"] {
      env.removeValue(forKey: name)
    }
    env.merge(extra) { $1 }
    return env
  }

  @discardableResult
  func envlock(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
    try TestSupport.run(try TestSupport.envlockBinary(), arguments, in: root, environment: environment(extra))
  }

  /// The snapshot inside an archive, read with `envlock show --json`.
  func snapshot(_ archive: String) throws -> Snapshot {
    let json = try envlock(["show", archive, "--json"])
    #expect(json.status == 0, "\(json.stderr)")
    return try CanonicalJSON.decode(Manifest.self, from: Array(json.stdout.utf8)).snapshot
  }
}

@Suite struct CaptureProjectTests {
  /// Every secret format, planted under names that are not secret-looking (so only the value can
  /// tell), plus one found by its name.
  static func plantedSecrets(suffix: String = "") -> [String: String] {
    var env: [String: String] = [:]
    for (index, (_, value)) in SecretFixtures.byValue.enumerated() {
      env["PLANTED_VALUE_\(index)"] = value + suffix
    }
    env["PLANTED_PEM"] = SecretFixtures.pem.replacingOccurrences(of: "Kj\n", with: "Kj\(suffix)\n")
    env["DATABASE_URL"] = SecretFixtures.url.replacingOccurrences(of: "@", with: "\(suffix)@")
    env["MY_API_TOKEN"] = SecretFixtures.namedSecret + suffix
    return env
  }

  static func secretValues(_ env: [String: String]) -> [String] {
    var values = env.filter { $0.key != "DATABASE_URL" && $0.key != "PLANTED_PEM" }.map(\.value)
    values.append(SecretFixtures.pemBody)
    // The URL's password.
    values.append(String(env["DATABASE_URL"]!.split(separator: ":")[2].split(separator: "@")[0]))
    return values
  }

  static func dotenv(_ env: [String: String]) -> String {
    env.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: "\n") + "\nPLAIN=1\n"
  }

  @Test func secretsNeverReachTheArchive() throws {
    let p = try ProjectRun()
    let secrets = Self.plantedSecrets()
    try p.write(".env", Self.dotenv(secrets))
    let flagSecret = "glpat-Cl1Fl4gS3cr3tV4lu3xyz"
    let capture = try p.envlock(
      ["capture", "--no-sign", "-o", "a.envlock", "--env-exclude", flagSecret], environment: secrets)
    #expect(capture.status == 0, "\(capture.stderr)")

    // Every byte of the uncompressed archive, searched for every secret value.
    let raw = try Data(contentsOf: URL(fileURLWithPath: p.path("a.envlock")))
    let decompressed = try TestSupport.run("zstd", ["-dc", "-o", p.path("a.tar"), p.path("a.envlock")])
    #expect(decompressed.status == 0 && !raw.isEmpty)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: p.path("a.tar")))
    #expect(bytes.count > 10_000)
    // Controls: the search does find what is stored in plain text.
    #expect(bytes.range(of: Data("PLAIN=1".utf8)) != nil)
    #expect(bytes.range(of: Data(SecretFixtures.maskedURL.utf8)) != nil)
    for value in Self.secretValues(secrets) + [flagSecret] {
      #expect(bytes.range(of: Data(value.utf8)) == nil, "secret found in the archive: \(value.prefix(12))…")
    }
    // The recorded evidence: redactions with fingerprints, the masked URL, the stored .env.
    let snapshot = try p.snapshot("a.envlock")
    for name in secrets.keys {
      let variable = try #require(snapshot.environment.first { $0.name == name }, "\(name)")
      #expect(variable.value == nil)
      #expect(variable.redaction?.fingerprint?.count == 64, "\(name)")
    }
    let url = snapshot.environment.first { $0.name == "DATABASE_URL" }
    #expect(url?.redaction?.maskedValue == SecretFixtures.maskedURL)
    let env = try #require(snapshot.configFiles.first { $0.path == ".env" })
    #expect(Set(env.redactions?.map(\.key) ?? []) == Set(secrets.keys))
    #expect(snapshot.capture.commandLine.contains("***"))
    #expect(!snapshot.capture.commandLine.contains(flagSecret))
    // The key stays in the project, private and git-ignored.
    let attributes = try FileManager.default.attributesOfItem(atPath: p.path(".envlock/redaction.key"))
    #expect(attributes[.posixPermissions] as? Int == 0o600)
    #expect(try String(contentsOfFile: p.path(".envlock/.gitignore"), encoding: .utf8).contains("*"))
  }

  @Test func fingerprintsTellChangedFromUnchanged() throws {
    let p = try ProjectRun()
    let same = Self.plantedSecrets()
    let changed = Self.plantedSecrets(suffix: "Q7")
    let runs: [(String, [String: String])] = [("a", same), ("b", same), ("c", changed)]
    for (name, env) in runs {
      try p.write(".env", Self.dotenv(env))
      let r = try p.envlock(["capture", "--no-sign", "-o", "\(name).envlock"], environment: env)
      #expect(r.status == 0, "\(r.stderr)")
    }
    // Another key: the comparison cannot tell.
    let otherKey = ["ENVLOCK_REDACTION_KEY": String(repeating: "5e", count: 32)]
    try p.write(".env", Self.dotenv(same))
    #expect(
      try p.envlock(["capture", "--no-sign", "-o", "d.envlock"], environment: same.merging(otherKey) { $1 })
        .status == 0)

    let (a, b, c, d) = (
      try p.snapshot("a.envlock"), try p.snapshot("b.envlock"), try p.snapshot("c.envlock"),
      try p.snapshot("d.envlock")
    )
    func redaction(_ s: Snapshot, _ name: String) throws -> Redaction {
      try #require(s.environment.first { $0.name == name }?.redaction, "\(name)")
    }
    for name in same.keys.sorted() {
      #expect(Redaction.compare(try redaction(a, name), try redaction(b, name)) == .unchanged, "\(name)")
      #expect(Redaction.compare(try redaction(a, name), try redaction(c, name)) == .changed, "\(name)")
      #expect(Redaction.compare(try redaction(a, name), try redaction(d, name)) == .unknown, "\(name)")
    }
    func configRedactions(_ s: Snapshot) -> [String: Redaction] {
      Dictionary(
        uniqueKeysWithValues: (s.configFiles.first { $0.path == ".env" }?.redactions ?? []).map {
          ($0.key, $0.redaction)
        })
    }
    let (ca, cb, cc) = (configRedactions(a), configRedactions(b), configRedactions(c))
    #expect(ca.count == same.count)
    for (key, r) in ca {
      #expect(Redaction.compare(r, cb[key]!) == .unchanged, "\(key)")
      #expect(Redaction.compare(r, cc[key]!) == .changed, "\(key)")
    }
  }

  @Test func sha256sumAcceptsTheArchiveChecksums() throws {
    let p = try ProjectRun()
    try p.write("data/train.csv", "a,b\n1,2\n")
    try p.write("data/nested/with space.txt", "spaced\n")
    try p.write("data/empty.bin", "")
    try p.write("models/model.pt", String(repeating: "w", count: 3_000_000))
    symlink("train.csv", p.path("data/latest.csv"))
    let capture = try p.envlock([
      "capture", "--no-sign", "-o", "a.envlock", "--data", "data", "--data", "models/*.pt",
    ])
    #expect(capture.status == 0, "\(capture.stderr)")
    #expect(!capture.stderr.contains("hashing data"))  // no progress line on a pipe
    let out = p.root.appendingPathComponent("extracted")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    #expect(try TestSupport.run("tar", ["--zstd", "-xf", p.path("a.envlock"), "-C", out.path]).status == 0)
    let check = try TestSupport.run(
      "sha256sum", ["-c", out.appendingPathComponent("SHA256SUMS").path], in: p.root)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.split(separator: "\n").count == 4)
    #expect(check.stdout.contains("data/nested/with space.txt: OK"))
    let snapshot = try p.snapshot("a.envlock")
    #expect(snapshot.dataFiles.first { $0.path == "data/latest.csv" }?.linkTarget == "train.csv")
    // A tampered data file fails the same check.
    try p.write("data/train.csv", "a,b\n1,3\n")
    #expect(
      try TestSupport.run("sha256sum", ["-c", out.appendingPathComponent("SHA256SUMS").path], in: p.root)
        .status == 1)
  }

  @Test func unreadableDataFilesFailUnlessPartialIsAllowed() throws {
    let p = try ProjectRun()
    try p.write("data/ok.txt", "fine\n")
    try p.write("data/locked.bin", "private\n")
    chmod(p.path("data/locked.bin"), 0)
    chmod(p.root.path, 0o777)
    // root reads everything: run envlock as `nobody` then.
    func run(_ args: [String]) throws -> ProcessResult {
      let envlock = try TestSupport.envlockBinary()
      let full = ["capture", "--no-sign", "--python", try TestSupport.basePython(), "--data", "data"] + args
      if getuid() == 0 {
        return try TestSupport.run(
          "setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", envlock] + full, in: p.root,
          environment: p.environment())
      }
      return try TestSupport.run(envlock, full, in: p.root, environment: p.environment())
    }
    let failed = try run(["-o", "a.envlock"])
    #expect(failed.status == 1, "\(failed.stderr)")
    #expect(failed.stderr.contains("data/locked.bin: Permission denied"))
    #expect(failed.stderr.contains("--allow-partial"))
    #expect(!FileManager.default.fileExists(atPath: p.path("a.envlock")))

    let partial = try run(["-o", "b.envlock", "--allow-partial"])
    #expect(partial.status == 0, "\(partial.stderr)")
    #expect(partial.stderr.contains("left out of the capture: Permission denied (data/locked.bin)"))
    let snapshot = try p.snapshot("b.envlock")
    #expect(snapshot.dataFiles.map(\.path) == ["data/ok.txt"])
    #expect(snapshot.warnings.contains { $0.code == .dataMissing && $0.path == "data/locked.bin" })
  }

  @Test func initWritesAProjectFileThatCaptureReads() throws {
    let p = try ProjectRun()
    try p.write("data/rows.csv", "1\n")
    try p.write("requirements.txt", "numpy==1.26.4\n")
    let initRun = try p.envlock(["init"])
    #expect(initRun.status == 0, "\(initRun.stderr)")
    let again = try p.envlock(["init"])
    #expect(again.status == 2)
    #expect(again.stderr.contains("--force"))
    #expect(try p.envlock(["init", "--force"]).status == 0)

    let capture = try p.envlock(["capture", "--no-sign", "-o", "a.envlock"])
    #expect(capture.status == 0, "\(capture.stderr)")
    let snapshot = try p.snapshot("a.envlock")
    #expect(snapshot.dataFiles.map(\.path) == ["data/rows.csv"])
    #expect(snapshot.configFiles.map(\.path).contains("requirements.txt"))

    // A typo is an error naming its line, not ignored.
    var text = try String(contentsOfFile: p.path("envlock.toml"), encoding: .utf8)
    text = text.replacingOccurrences(of: "follow_symlinks = false", with: "follow_symlink = false")
    try p.write("envlock.toml", text)
    let line =
      text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
        $0.hasPrefix("follow_symlink ")
      }! + 1
    let bad = try p.envlock(["capture", "--no-sign", "-o", "b.envlock"])
    #expect(bad.status == 2)
    #expect(
      bad.stderr.contains("Unknown key in `\(p.path("envlock.toml"))` at line \(line): `data.follow_symlink`")
    )
  }
}
