// Errors on standard error, in uv's layout: `error:` once, a `caused by:` line per underlying
// error, then one `hint:` (the command line's, naming its flags and documents). Goldens under
// Snapshots/cli/errors/; `RECORD_SNAPSHOTS=1` re-records.

import EnvlockTestSupport
import Foundation
import Testing

@Suite struct ErrorOutputTests {
  struct ErrorRun: Sendable, CustomTestStringConvertible {
    let golden: String
    let arguments: [String]
    let status: Int32
    var testDescription: String { golden }
  }

  @Test(arguments: [
    // An archive whose manifest is not JSON: message, two levels of cause and the library's hint.
    ErrorRun(
      golden: "rebuild-invalid-manifest", arguments: ["rebuild", "bad.envlock", "-o", "out"], status: 2),
    // A refused overwrite: the library says what exists, the command line names `--force`.
    ErrorRun(golden: "keygen-exists", arguments: ["keygen", "-s", "k.key"], status: 2),
    // A typo in the contract: the library lists the keys, the command line adds the document.
    ErrorRun(
      golden: "check-unknown-key", arguments: ["check", "missing.json", "--contract", "handoff.toml"],
      status: 2),
  ])
  func errorsArePrintedOnceWithCausesAndHint(_ run: ErrorRun) throws {
    let cli = try CLI()
    try Self.prepare(cli)
    let result = try TestSupport.run(
      try TestSupport.envlockBinary(), run.arguments, in: cli.home, environment: cli.environment)
    #expect(result.status == run.status, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("error: "), "\(result.stderr)")
    #expect(result.stderr.components(separatedBy: "error:").count == 2, "printed once: \(result.stderr)")
    #expect(result.stderr.components(separatedBy: "hint:").count == 2, "one hint: \(result.stderr)")
    #expect(try TestSupport.golden(result.stderr, "cli/errors/\(run.golden).txt") == nil)
  }

  @Test func twoLevelsOfCauseInnermostLast() throws {
    let cli = try CLI()
    try Self.prepare(cli)
    let result = try cli.run("rebuild", "bad.envlock", "-o", "out")
    let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.count == 6, "\(result.stderr)")
    guard lines.count == 6 else { return }
    #expect(lines[0] == "error: Cannot read the snapshot `bad.envlock`")
    #expect(lines[1] == "  caused by: `bad.envlock` member `envlock.json` is invalid")
    #expect(lines[2].hasPrefix("  caused by: Invalid JSON at line 1, column "))
    #expect(lines[3] == "")
    #expect(lines[4].hasPrefix("hint: pass an `.envlock` archive"))
    #expect(lines[5] == "")
  }

  /// The files the runs read: an archive with a broken manifest, a key pair, a contract with a typo.
  static func prepare(_ cli: CLI) throws {
    let script = """
      import io, sys, tarfile
      with tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT) as t:
          info = tarfile.TarInfo("envlock.json"); data = b"{oops"; info.size = len(data)
          t.addfile(info, io.BytesIO(data))
      """
    let made = try TestSupport.run("python3", ["-c", script, cli.path("bad.tar")])
    guard made.status == 0 else { throw TestSupportError(description: made.stderr) }
    let zst = try TestSupport.run("zstd", ["-q", cli.path("bad.tar"), "-o", cli.path("bad.envlock")])
    guard zst.status == 0 else { throw TestSupportError(description: zst.stderr) }
    let keygen = try cli.run("keygen", "-s", "k.key")
    guard keygen.status == 0 else { throw TestSupportError(description: keygen.stderr) }
    try "[interpreter]\nversions = \">=3.10\"\n".write(
      toFile: cli.path("handoff.toml"), atomically: true, encoding: .utf8)
  }
}
