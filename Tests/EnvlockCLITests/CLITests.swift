import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

/// Runs the built `envlock` with an isolated config directory.
struct CLI {
  let home: URL

  init() throws {
    home = try TestSupport.temporaryDirectory("envlock-cli")
  }

  var environment: [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["XDG_CONFIG_HOME"] = home.appendingPathComponent("config").path
    env["HOME"] = home.path
    env.removeValue(forKey: "ENVLOCK_KEY")
    return env
  }

  @discardableResult
  func run(_ arguments: String...) throws -> ProcessResult {
    try TestSupport.run(try TestSupport.envlockBinary(), arguments, in: home, environment: environment)
  }

  func path(_ name: String) -> String { home.appendingPathComponent(name).path }
}

@Suite struct CLITests {
  @Test func helpIsGolden() throws {
    let cli = try CLI()
    for (args, golden) in [
      (["--help"], "cli/help.txt"), (["help", "verify"], "cli/help-verify.txt"),
      (["help", "capture"], "cli/help-capture.txt"),
    ] {
      let result = try TestSupport.run(
        try TestSupport.envlockBinary(), args, in: cli.home, environment: cli.environment)
      #expect(result.status == 0)
      #expect(try TestSupport.golden(result.stdout, golden) == nil)
    }
  }

  @Test func versionPrintsToolVersion() throws {
    let result = try CLI().run("--version")
    #expect(result.status == 0)
    #expect(result.stdout == envlockVersion + "\n")
  }

  @Test func keygenCaptureShowVerify() throws {
    let cli = try CLI()
    let keygen = try cli.run("keygen")
    #expect(keygen.status == 0, "\(keygen.stderr)")
    let pub = cli.path("config/envlock/envlock.pub")
    #expect(FileManager.default.fileExists(atPath: pub))
    let mode =
      try FileManager.default.attributesOfItem(atPath: cli.path("config/envlock/envlock.key"))[
        .posixPermissions] as? Int
    #expect(mode == 0o600)
    // A second keygen does not clobber the key.
    #expect(try cli.run("keygen").status == 2)

    let capture = try cli.run("capture", "-o", "a.envlock")
    #expect(capture.status == 0, "\(capture.stderr)")
    #expect(capture.stdout.contains("a.envlock"))
    #expect(capture.stdout.contains("signature   valid, key"))
    #expect(!capture.stderr.contains("unsigned"))

    let show = try cli.run("show", "a.envlock")
    #expect(show.status == 0)
    #expect(show.stdout.contains("envlock.snapshot/1"))

    let json = try cli.run("show", "a.envlock", "--json")
    let manifest = try CanonicalJSON.decode(Manifest.self, from: Array(json.stdout.utf8))
    #expect(manifest.snapshot.host != nil)
    #expect(manifest.snapshot.capture.commandLine == ["envlock", "capture", "-o", "a.envlock"])

    let verify = try cli.run("verify", "a.envlock", "--key", pub)
    #expect(verify.status == 0, "\(verify.stderr)")
    #expect(verify.stdout.hasPrefix("verified: a.envlock"))

    // Refuses to overwrite without --force.
    let again = try cli.run("capture", "-o", "a.envlock")
    #expect(again.status == 2)
    #expect(again.stderr.contains("--force"))
    #expect(try cli.run("capture", "-o", "a.envlock", "--force").status == 0)
  }

  @Test func verifyFailuresExitOne() throws {
    let cli = try CLI()
    #expect(try cli.run("keygen").status == 0)
    #expect(try cli.run("keygen", "--secret-key", cli.path("other.key")).status == 0)
    #expect(try cli.run("capture", "-o", "s.envlock").status == 0)
    #expect(try cli.run("capture", "-o", "u.envlock", "--no-sign").status == 0)

    let wrongKey = try cli.run("verify", "s.envlock", "--key", cli.path("other.pub"))
    #expect(wrongKey.status == 1)
    #expect(wrongKey.stderr.hasPrefix("error: `s.envlock` signature check failed"))

    let unsigned = try cli.run("verify", "u.envlock")
    #expect(unsigned.status == 1)
    #expect(unsigned.stderr.contains("not signed"))

    // Re-pack with a modified manifest using the real tar and zstd tools.
    let dir = cli.home.appendingPathComponent("x")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    #expect(try TestSupport.run("tar", ["--zstd", "-xf", cli.path("s.envlock"), "-C", dir.path]).status == 0)
    let manifestURL = dir.appendingPathComponent("envlock.json")
    let text = try String(contentsOf: manifestURL, encoding: .utf8)
    try text.replacingOccurrences(of: "\"tool_version\": \"", with: "\"tool_version\": \"9").write(
      to: manifestURL, atomically: true, encoding: .utf8)
    let members = try TestSupport.run("tar", ["--zstd", "-tf", cli.path("s.envlock")]).stdout.split(
      separator: "\n"
    ).map(String.init)
    let repack = try TestSupport.run(
      "tar", ["--zstd", "-cf", cli.path("t.envlock"), "-C", dir.path] + members)
    #expect(repack.status == 0, "\(repack.stderr)")
    let tampered = try cli.run("verify", "t.envlock")
    #expect(tampered.status == 1)
    #expect(tampered.stderr.contains("signature check failed"))
  }

  @Test(arguments: [
    (["verify", "missing.envlock", "--key", "nokey.pub"], 2, "Cannot read public key"),
    (["show", "missing.envlock"], 2, "Cannot read `missing.envlock`"),
    (["show", "garbage.envlock"], 2, "is not a readable .envlock archive"),
    (["capture", "--bogus"], 2, "Unknown option '--bogus'"),
    (["frobnicate"], 2, "Unexpected argument 'frobnicate'"),
    (["capture", "--no-sign", "--key", "k"], 2, "--no-sign and --key cannot be used together"),
  ])
  func inputErrorsExitTwo(arguments: [String], status: Int32, message: String) throws {
    let cli = try CLI()
    try Data("not an archive".utf8).write(to: cli.home.appendingPathComponent("garbage.envlock"))
    let result = try TestSupport.run(
      try TestSupport.envlockBinary(), arguments, in: cli.home, environment: cli.environment)
    #expect(result.status == status, "\(result.stderr)")
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func extractThenMinisignVerifies() throws {
    let cli = try CLI()
    #expect(try cli.run("keygen").status == 0)
    #expect(try cli.run("capture", "-o", "e.envlock").status == 0)
    let pub = cli.path("config/envlock/envlock.pub")
    let extract = try cli.run("extract", "e.envlock", "-o", "out", "--key", pub)
    #expect(extract.status == 0, "\(extract.stderr)")
    let minisign = try TestSupport.run("minisign", ["-Vm", cli.path("out/envlock.json"), "-p", pub])
    #expect(minisign.status == 0, "\(minisign.stderr)")
  }
}

@Suite struct MinisignKeyCLITests {
  @Test func capturesWithAKeyMadeByMinisign() throws {
    let cli = try CLI()
    let make = try TestSupport.run(
      "minisign", ["-G", "-W", "-p", cli.path("mini.pub"), "-s", cli.path("mini.key")], in: cli.home)
    #expect(make.status == 0, "\(make.stderr)")
    let capture = try cli.run("capture", "-o", "m.envlock", "--key", cli.path("mini.key"))
    #expect(capture.status == 0, "\(capture.stderr)")
    #expect(try cli.run("verify", "m.envlock", "--key", cli.path("mini.pub")).status == 0)
    #expect(try cli.run("extract", "m.envlock", "-o", "mx").status == 0)
    let verified = try TestSupport.run(
      "minisign", ["-Vm", cli.path("mx/envlock.json"), "-p", cli.path("mini.pub")])
    #expect(verified.status == 0, "\(verified.stderr)")
  }

  @Test func encryptedKeyWithoutPassphraseIsAnInputError() throws {
    let cli = try CLI()
    // minisign reads the password twice from stdin when it is not a terminal.
    let make = try TestSupport.run(
      "minisign", ["-G", "-p", cli.path("enc.pub"), "-s", cli.path("enc.key")], in: cli.home,
      stdin: Data("pw\npw\n".utf8))
    #expect(make.status == 0, "\(make.stderr)")
    let capture = try cli.run("capture", "-o", "e.envlock", "--key", cli.path("enc.key"))
    #expect(capture.status == 2)
    #expect(capture.stderr.contains("passphrase"), "\(capture.stderr)")
    #expect(!FileManager.default.fileExists(atPath: cli.path("e.envlock")))
  }
}

@Suite struct HostileArchiveCLITests {
  /// An archive with a `../` member made with Python's tarfile and the zstd tool: every command
  /// refuses it with exit code 2 and writes nothing outside its target.
  @Test func traversalMemberIsAnInputError() throws {
    let cli = try CLI()
    let script = """
      import io, sys, tarfile
      with tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT) as t:
          for name in ["envlock.json", "../escaped"]:
              info = tarfile.TarInfo(name); data = b"{}"; info.size = len(data)
              t.addfile(info, io.BytesIO(data))
      """
    #expect(try TestSupport.run("python3", ["-c", script, cli.path("evil.tar")]).status == 0)
    #expect(
      try TestSupport.run("zstd", ["-q", cli.path("evil.tar"), "-o", cli.path("evil.envlock")]).status == 0)
    #expect(try cli.run("keygen").status == 0)
    for args in [
      ["show", "evil.envlock"], ["verify", "evil.envlock"], ["extract", "evil.envlock", "-o", "sub/out"],
    ] {
      let result = try TestSupport.run(
        try TestSupport.envlockBinary(), args, in: cli.home, environment: cli.environment)
      #expect(result.status == 2, "\(args): \(result.stderr)")
      #expect(result.stderr.contains("unsafe path"), "\(result.stderr)")
      #expect(
        result.stderr.hasPrefix("error: `evil.envlock` has a member with an unsafe path"), "\(result.stderr)")
      #expect(
        result.stderr.hasSuffix("\n\nhint: do not use this archive\n"), "printed once: \(result.stderr)")
    }
    #expect(
      !FileManager.default.fileExists(
        atPath: cli.home.deletingLastPathComponent().appendingPathComponent("escaped").path))
    #expect(!FileManager.default.fileExists(atPath: cli.path("sub")))
  }
}
